#!/usr/bin/env node
// Reads Stryker's JSON report and prints the mutants the conformance suite did not detect (survived,
// or reached by no scenario), grouped by file, then the closing line "mutation score: <n>%".
// The same list goes to reports/mutation/survivors.txt. Score as Stryker computes it:
// (killed + timeout) / (killed + timeout + survived + no coverage); ignored mutants and
// compile/runtime errors do not count. Exits 1 when the score is below the target (90%).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const TARGET_PERCENT = 90;
const file = process.argv[2] ?? "reports/mutation/mutation.json";

if (!existsSync(file)) {
  console.log(`mutation score: 0% (no report at ${file}: Stryker did not finish)`);
  process.exit(1);
}

const report = JSON.parse(readFileSync(file, "utf8"));
const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
const lines = [];

function oneLine(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** A transition-table row names itself on its line; survivors there are easier to read by row. */
function rowName(sourceLines, line) {
  const match = /\bid: "([^"]+)"/.exec(sourceLines[line - 1] ?? "");
  return match === null ? "" : ` [row ${match[1]}]`;
}

for (const [path, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const sourceLines = source.split("\n");
  const undetected = [];
  for (const mutant of mutants) {
    counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
    if (mutant.status === "Survived" || mutant.status === "NoCoverage") undetected.push(mutant);
  }
  if (undetected.length === 0) continue;
  lines.push(`${path}: ${undetected.length} undetected`);
  undetected.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  for (const mutant of undetected) {
    const { line, column } = mutant.location.start;
    const how = mutant.status === "NoCoverage" ? " (no scenario reaches it)" : "";
    lines.push(`  ${path}:${line}:${column}${rowName(sourceLines, line)} ${mutant.mutatorName}${how} -> ${oneLine(mutant.replacement ?? "")}`);
  }
}

const detected = counts.Killed + counts.Timeout;
const valid = detected + counts.Survived + counts.NoCoverage;
const score = valid === 0 ? 0 : (100 * detected) / valid;
const totals =
  `killed ${counts.Killed}, timeout ${counts.Timeout}, survived ${counts.Survived}, no coverage ${counts.NoCoverage}, ` +
  `ignored ${counts.Ignored}, errors ${counts.CompileError + counts.RuntimeError}`;

writeFileSync(join(dirname(file), "survivors.txt"), `${[...lines, totals].join("\n")}\n`);
for (const line of lines) console.log(line);
console.log(totals);
console.log(`mutation score: ${score.toFixed(2)}%`);
process.exitCode = score >= TARGET_PERCENT ? 0 : 1;
