/**
 * The adversarial part of bench:codec alone (bench/codec/adversarial.ts): µs per KB of every
 * adversarial header at 64 KB and 1 MB and the worst growth, without the comparison with the npm
 * parsers and without writing the report. Run: npm run bench:codec:adversarial. With `--json`,
 * the table timed in this process, as JSON (what adversarialTableInChild reads).
 */
import {
  ADVERSARIAL_SEMI_SPACE_MB,
  adversarialTable,
  adversarialTableInChild,
  growthLines,
} from "./codec/adversarial.js";

if (process.argv.includes("--json")) {
  process.stdout.write(JSON.stringify(await adversarialTable()));
} else {
  const defaultHeap = adversarialTableInChild(null);
  const sized = adversarialTableInChild(ADVERSARIAL_SEMI_SPACE_MB);
  console.log([...sized.lines, "", ...growthLines(sized, defaultHeap)].join("\n"));
}
