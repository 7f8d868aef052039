/**
 * `npm start`: the conformance suite. Runs every feature with Cucumber (the `ci` profile, reports
 * on; extra arguments pass through, e.g. `-- --tags @D1`; `--seed N` or `--seed random` sets the
 * seed every scenario draws from, default `UACREG_SEED` or 7) against the built-in simulated
 * registrar, then prints scenarios by area, the wall time and the simulated time covered, writes
 * reports/index.html, says where the reports are and ends with CI's closing line, which it also
 * leaves in .tmp/features.txt for .ci/run (as scripts/run-node-tests.sh leaves .tmp/<label>.tap).
 * Exits non-zero when anything failed or when no scenario passed (a tag that matched nothing).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderReportsIndex } from "./reports-index.js";
import { closingLine, NO_REPORT_LINE, readSuiteResults, suiteVerdict, summariseSuite } from "./suite-results.js";
import { formatSuiteSummary } from "./suite-summary.js";
import { labSeed } from "../../testkit/lab.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPORTS = "reports";
const NDJSON = `${REPORTS}/cucumber.ndjson`;
const CLOSING_LINE_FILE = ".tmp/features.txt";

process.chdir(ROOT);
await mkdir(REPORTS, { recursive: true });
// A page left by an earlier run would be listed as if this run had drawn it.
await rm(`${REPORTS}/timelines`, { recursive: true, force: true });
await rm(NDJSON, { force: true });
await rm(CLOSING_LINE_FILE, { force: true });

const { seed, cucumberArgs } = takeSeed(process.argv.slice(2));
console.log(`seed ${seed}`);
const cucumberExit = await runCucumber(cucumberArgs, seed);
// Wall time of the whole run, this process's start (and TypeScript loading) included.
const wallMs = performance.now();

if (!existsSync(NDJSON)) {
  console.error(`uacreg suite: Cucumber wrote no ${NDJSON} (exit code ${cucumberExit}); nothing to summarise`);
  await close(NO_REPORT_LINE);
  process.exit(cucumberExit === 0 ? 1 : cucumberExit);
}
const suite = summariseSuite(readSuiteResults(await readFile(NDJSON, "utf8")));
await writeFile(`${REPORTS}/index.html`, renderReportsIndex({ ...suite, wallMs, finishedAt: new Date() }));
console.log(formatSuiteSummary(suite, wallMs, REPORTS));
await close(closingLine(suite.totals));
process.exitCode = cucumberExit !== 0 || suiteVerdict(suite.totals) === "failed" ? 1 : 0;

/** Prints the closing line and leaves it for .ci/run. */
async function close(line: string): Promise<void> {
  console.log(line);
  await mkdir(".tmp", { recursive: true });
  await writeFile(CLOSING_LINE_FILE, `${line}\n`);
}

/** `--seed N|random` is ours, the rest is Cucumber's; a fresh seed is drawn here once, so the run prints the one it used. */
function takeSeed(args: readonly string[]): { seed: number; cucumberArgs: string[] } {
  const at = args.indexOf("--seed");
  if (at === -1) return { seed: labSeed(), cucumberArgs: [...args] };
  const value = args[at + 1];
  if (value === undefined) throw new Error("--seed needs a value: an integer or random");
  return { seed: labSeed({ UACREG_SEED: value }), cucumberArgs: [...args.slice(0, at), ...args.slice(at + 2)] };
}

function runCucumber(args: readonly string[], seed: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, UACREG_SEED: String(seed) };
    const child = spawn("node_modules/.bin/cucumber-js", ["--profile", "ci", ...args], { stdio: "inherit", env });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
