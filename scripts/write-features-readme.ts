/** Writes features/README.md, the suite's coverage map: `node --import tsx scripts/write-features-readme.ts`. */
import { writeFileSync } from "node:fs";
import { renderFeaturesReadme, ROOT } from "./features-readme.js";

const path = `${ROOT}features/README.md`;
writeFileSync(path, renderFeaturesReadme());
process.stdout.write(`wrote ${path}\n`);
