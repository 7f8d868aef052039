/**
 * `npm run soak` (not in `npm test`): the soak of testkit/soak/run-soak.ts, once with the seed's
 * defaults (the OpenSIPS baseline) and once with the robustness parameters switched on.
 *   --records N (default 10,000)   --days D (default 7)   --seed S (default 1)
 *   --robustness FILE   a JSON object of engine parameters (issue 14's robustness parameters,
 *                       fixtures/soak/robustness.json); without it the second run is skipped and said so.
 *   --jobs J (default 2)   the two settings run in J processes at once (one core each).
 * The last line is `soak lapses: <seconds> s` for the robustness run (or the defaults' when
 * there is none, saying so on the line before).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type EngineConfig } from "../engine/index.js";
import { runSoak, SEED_ENGINE_DEFAULTS, SOAK_DEFAULTS, type SoakResult } from "../testkit/soak/run-soak.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: String(SOAK_DEFAULTS.records) },
    days: { type: "string", default: String(SOAK_DEFAULTS.days) },
    seed: { type: "string", default: String(SOAK_DEFAULTS.seed) },
    robustness: { type: "string" },
    jobs: { type: "string", default: "2" },
    /** Internal: run one setting (a JSON object of engine parameters) and print its result as JSON. */
    engine: { type: "string" },
  },
});

const whole = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number from 1, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
};

const base = { ...SOAK_DEFAULTS, records: whole("records", values.records), days: whole("days", values.days), seed: whole("seed", values.seed) };

function report(label: string, result: SoakResult): void {
  console.log(`\n## ${label}`);
  console.log(`lapses: ${result.lapseSec} s over ${result.recordsWithLapse} records (beyond the first bucket cycle after an outage: ${result.lapseBeyondCycleSec} s)`);
  console.log(`REGISTERs per record per day: ${result.registersPerRecordPerDay.toFixed(2)}; steady (mean) rate ${result.steadyPerMinute.toFixed(1)} per minute`);
  console.log("| outage | at (s) | peak REGISTERs per minute in the hour after | peak / steady | every record registered again after (s) |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const o of result.outages) {
    console.log(`| ${o.kind} | ${o.atSec} | ${o.peakPerMinute} | ${o.ratio.toFixed(2)} | ${o.allBackAfterSec ?? "not all"} |`);
  }
  console.log(`engine log: ${result.logged.warn} warnings, ${result.logged.error} errors`);
  console.log(`wall ${(result.wallMs / 1000).toFixed(1)} s for ${result.simulatedSec} simulated s`);
}

/** Runs one setting in a child process (this script with --engine) and reads its result. */
function inChild(engine: EngineConfig): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    const args = ["--records", String(base.records), "--days", String(base.days), "--seed", String(base.seed), "--engine", JSON.stringify(engine)];
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as SoakResult);
      } catch {
        reject(new Error(`soak ${JSON.stringify(engine)}: the child exited with ${code} without a result`));
      }
    });
  });
}

if (values.engine !== undefined) {
  console.log(JSON.stringify(await runSoak({ ...base, engine: JSON.parse(values.engine) as EngineConfig })));
  process.exit(0);
}
const jobs = whole("jobs", values.jobs);
const wallStart = performance.now();

console.log(
  `soak: ${base.records} records, ${base.days} days, seed ${base.seed}; UDP loss ${base.lossRatio * 100}% each way, ` +
    `${base.duplicationRatio * 100}% duplication, ${base.reorderRatio * 100}% reordering, 5-150 ms latency; ` +
    `registrar silent ${base.silentSec} s every ${base.silentEverySec / 3600} h, restarted empty every ${base.restartEverySec / 3600} h, ` +
    `503 Retry-After ${base.retryAfterSec} to ${base.busyRatio * 100}% of REGISTERs; engine ${JSON.stringify(SEED_ENGINE_DEFAULTS)}`,
);
const robustness = values.robustness === undefined ? null : (JSON.parse(readFileSync(values.robustness, "utf8")) as EngineConfig);
const settings: EngineConfig[] = robustness === null ? [{}] : [{}, robustness];
const results: SoakResult[] = [];
if (jobs === 1 || settings.length === 1) {
  for (const engine of settings) results.push(await runSoak({ ...base, engine }));
} else {
  results.push(...(await Promise.all(settings.map(inChild))));
}
report("seed defaults (the OpenSIPS baseline)", results[0]!);
if (robustness === null) {
  console.log("\nrobustness parameters: none given (--robustness FILE, issue 14); the line below is the defaults'");
} else {
  report(`robustness parameters ${JSON.stringify(robustness)}`, results[1]!);
}
const ran = settings.length === 1 ? "the defaults" : `both settings (${Math.min(jobs, settings.length)} at once)`;
console.log(`\nsoak: ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall for ${ran}`);
console.log(`soak lapses: ${results[results.length - 1]!.lapseSec} s`);
