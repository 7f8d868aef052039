/**
 * Prints the closing line CI reads, "cucumber: N passed, N failed", from Cucumber's message output
 * (default reports/cucumber.ndjson), counted as the suite's summary counts them (suite-results.ts).
 * Exits 1 on any failure and when no scenario passed (a tag that matched nothing).
 */
import { existsSync, readFileSync } from "node:fs";
import { closingLine, countOutcomes, NO_REPORT_LINE, readSuiteResults } from "./suite-results.js";

const file = process.argv[2] ?? "reports/cucumber.ndjson";
if (!existsSync(file)) {
  console.log(NO_REPORT_LINE);
  process.exit(1);
}
const totals = countOutcomes(readSuiteResults(readFileSync(file, "utf8")));
console.log(closingLine(totals));
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
