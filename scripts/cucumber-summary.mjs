#!/usr/bin/env node
// Prints the closing line CI reads, "cucumber: N passed, N failed", from Cucumber's message output.
// A scenario counts as failed when any of its steps failed, was undefined, ambiguous or pending;
// exits 1 on any failure and when no scenario passed (a tag that matched nothing).
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2] ?? "reports/cucumber.ndjson";
const RANK = { UNKNOWN: 0, PASSED: 1, SKIPPED: 2, PENDING: 3, UNDEFINED: 4, AMBIGUOUS: 5, FAILED: 6 };

if (!existsSync(file)) {
  console.log("cucumber: 0 passed, 0 failed (no report: cucumber did not run)");
  process.exit(1);
}

const worst = new Map();
const retried = new Set();
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (line === "") continue;
  const message = JSON.parse(line);
  if (message.testCaseStarted) {
    worst.set(message.testCaseStarted.id, "PASSED");
  } else if (message.testStepFinished) {
    const { testCaseStartedId: id, testStepResult: result } = message.testStepFinished;
    if ((RANK[result.status] ?? RANK.FAILED) > RANK[worst.get(id) ?? "PASSED"]) worst.set(id, result.status);
  } else if (message.testCaseFinished?.willBeRetried) {
    retried.add(message.testCaseFinished.testCaseStartedId);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [id, status] of worst) {
  if (retried.has(id)) continue;
  if (status === "PASSED") passed += 1;
  else if (status === "SKIPPED") skipped += 1;
  else failed += 1;
}
console.log(`cucumber: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
