/**
 * The adversarial part of bench:codec alone (bench/codec/adversarial.ts): µs per KB of every
 * adversarial header at 64 KB and 1 MB and the worst growth, without the comparison with the npm
 * parsers and without writing the report. Run: node --import tsx bench/codec-adversarial.ts
 */
import { adversarialTable, growthLines } from "./codec/adversarial.js";

const adversarial = await adversarialTable();
const { withoutGc, worst } = growthLines(adversarial);
console.log([...adversarial.lines, "", withoutGc, worst].join("\n"));
