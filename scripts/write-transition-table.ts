/** Writes docs/transition-table.md from the table: `node --import tsx scripts/write-transition-table.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderTransitionTable } from "../engine/registrant/policy/transition-table-doc.js";

const path = fileURLToPath(new URL("../docs/transition-table.md", import.meta.url));
writeFileSync(path, renderTransitionTable());
process.stdout.write(`wrote ${path}\n`);
