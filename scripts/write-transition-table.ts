/** Writes the documents rendered from the registrant's two tables: `node --import tsx scripts/write-transition-table.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderDetachedTable, renderTransitionTable } from "../engine/index.js";

for (const [file, text] of [
  ["transition-table.md", renderTransitionTable()],
  ["detached-unregister.md", renderDetachedTable()],
] as const) {
  const path = fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
  writeFileSync(path, text);
  process.stdout.write(`wrote ${path}\n`);
}
