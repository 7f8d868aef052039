/**
 * Prints the closing line CI reads, "cucumber: N passed, N failed", from Cucumber's message output
 * (default reports/cucumber.ndjson), counted as the suite's summary counts them (suite-results.ts).
 * Exits 1 on any failure and when no scenario passed (a tag that matched nothing).
 */
import { existsSync, readFileSync } from "node:fs";
import { countOutcomes, readSuiteResults } from "./suite-results.js";

const file = process.argv[2] ?? "reports/cucumber.ndjson";
if (!existsSync(file)) {
  console.log("cucumber: 0 passed, 0 failed (no report: cucumber did not run)");
  process.exit(1);
}
const { passed, failed, skipped } = countOutcomes(readSuiteResults(readFileSync(file, "utf8")));
console.log(`cucumber: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
