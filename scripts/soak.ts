/**
 * `npm run soak` (not in `npm test`): the soak of testkit/soak/run-soak.ts, once with the seed's
 * defaults (the OpenSIPS baseline) and once with the robustness parameters switched on.
 *   --records N (default 10,000)   --days D (default 7)   --seed S (default 1)
 *   --robustness FILE   a JSON object of engine parameters (issue 14's robustness parameters);
 *                       without it the second run is skipped and said so.
 * The last line is `soak lapses: <seconds> s` for the robustness run (or the defaults' when
 * there is none, saying so on the line before).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type EngineConfig } from "../engine/index.js";
import { runSoak, SEED_ENGINE_DEFAULTS, SOAK_DEFAULTS, type SoakResult } from "../testkit/soak/run-soak.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: String(SOAK_DEFAULTS.records) },
    days: { type: "string", default: String(SOAK_DEFAULTS.days) },
    seed: { type: "string", default: String(SOAK_DEFAULTS.seed) },
    robustness: { type: "string" },
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
  console.log(`wall ${(result.wallMs / 1000).toFixed(1)} s for ${result.simulatedSec} simulated s`);
}

console.log(
  `soak: ${base.records} records, ${base.days} days, seed ${base.seed}; UDP loss ${base.lossRatio * 100}% each way, ` +
    `${base.duplicationRatio * 100}% duplication, ${base.reorderRatio * 100}% reordering, 5-150 ms latency; ` +
    `registrar silent ${base.silentSec} s every ${base.silentEverySec / 3600} h, restarted empty every ${base.restartEverySec / 3600} h, ` +
    `503 Retry-After ${base.retryAfterSec} to ${base.busyRatio * 100}% of REGISTERs; engine ${JSON.stringify(SEED_ENGINE_DEFAULTS)}`,
);
const defaults = await runSoak({ ...base, engine: {} });
report("seed defaults (the OpenSIPS baseline)", defaults);
if (values.robustness === undefined) {
  console.log("\nrobustness parameters: none given (--robustness FILE, issue 14); the line below is the defaults'");
  console.log(`soak lapses: ${defaults.lapseSec} s`);
} else {
  const engine = JSON.parse(readFileSync(values.robustness, "utf8")) as EngineConfig;
  const robust = await runSoak({ ...base, engine });
  report(`robustness parameters ${JSON.stringify(engine)}`, robust);
  console.log(`soak lapses: ${robust.lapseSec} s`);
}
