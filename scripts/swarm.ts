/**
 * `npm run test:swarm`: the seeded swarm (testkit/swarm/run-seed.ts), one simulated day per seed.
 *   --seeds N   how many seeds (default 20), from --from (default 1)
 *   --seed N    replay one seed, printing each violation with the record's commands and run log
 *   --hours H   simulated hours per seed (default 24)
 *   --jobs J    seeds run in J processes at once (default 1), each process running a share of them
 *   --strict-replacement  also count a reload's second REGISTER beside one in flight (docs/reliability.md)
 * Ends with `swarm: <passed> passed, <failed> failed`; a failing seed prints the command that
 * replays it. Exit code 1 when any seed failed.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runSeed, type SeedResult } from "../testkit/swarm/run-seed.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    seeds: { type: "string", default: "20" },
    from: { type: "string", default: "1" },
    hours: { type: "string", default: "24" },
    jobs: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    /** Internal (--jobs): run these seeds (comma-separated) one after the other, a JSON line each. */
    list: { type: "string" },
    "strict-replacement": { type: "boolean", default: false },
  },
});

function count(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    console.error(`--${name} must be a whole number from ${min}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const hours = count("hours", values.hours, 1);
const durationSec = hours * 3600;

function print(result: SeedResult, elapsedMs: number): void {
  const s = result.stats;
  const verdict = result.violations.length === 0 ? "ok" : `FAILED (${result.violations.length} violations)`;
  console.log(
    `seed ${result.seed}: ${verdict} in ${(elapsedMs / 1000).toFixed(1)} s; ${result.profile}; ` +
      `${s.registersSent} REGISTERs, ${s.stateChanges} state changes, ${s.commands} commands, ` +
      `${s.registeredAtEnd}/${s.enabledAtEnd} enabled registered at the end`,
  );
  for (const v of result.violations.slice(0, 20)) console.log(`  at ${v.atSec} s: ${v.invariant}: ${v.detail}`);
  const strict = values["strict-replacement"] ? " --strict-replacement" : "";
  if (result.violations.length > 0) console.log(`  replay: npm run test:swarm -- --seed ${result.seed} --hours ${hours}${strict}`);
}

async function one(seed: number, explain: boolean): Promise<SeedResult> {
  const started = performance.now();
  const result = await runSeed(seed, { durationSec, explain, strictReplacement: values["strict-replacement"] });
  if (values.json) console.log(JSON.stringify(result));
  else print(result, performance.now() - started);
  return result;
}

/**
 * Runs `seeds` one after the other in one child process (this script with --list --json), calling
 * `done` with each result as its line arrives. One process per share rather than per seed: starting
 * one (compiling and loading the modules) cost about as much CPU as a simulated hour of a seed.
 */
function inChild(seeds: readonly number[], done: (result: SeedResult, elapsedMs: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        ...["--list", seeds.join(","), "--hours", String(hours), "--json"],
        ...(values["strict-replacement"] ? ["--strict-replacement"] : []),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let pending = "";
    let received = 0;
    let begun = performance.now();
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n")) {
        const line = pending.slice(0, end).trim();
        pending = pending.slice(end + 1);
        if (!line.startsWith("{")) continue;
        done(JSON.parse(line) as SeedResult, performance.now() - begun);
        begun = performance.now();
        received++;
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (received === seeds.length) resolve();
      else reject(new Error(`seeds ${seeds.join(", ")}: the child exited with ${code} after ${received} results`));
    });
  });
}

if (values.list !== undefined) {
  for (const seed of values.list.split(",")) await one(count("list", seed, 0), false);
} else if (values.seed !== undefined) {
  const result = await one(count("seed", values.seed, 0), !values.json);
  if (!values.json) console.log(`swarm: ${result.violations.length === 0 ? "1 passed, 0 failed" : "0 passed, 1 failed"}`);
  process.exitCode = result.violations.length === 0 ? 0 : 1;
} else {
  const from = count("from", values.from, 0);
  const seeds = Array.from({ length: count("seeds", values.seeds, 1) }, (_, k) => from + k);
  const jobs = count("jobs", values.jobs, 1);
  const started = performance.now();
  const failed: number[] = [];
  const finished = (result: SeedResult, elapsedMs: number): void => {
    print(result, elapsedMs);
    if (result.violations.length > 0) failed.push(result.seed);
  };
  if (jobs === 1) {
    for (const seed of seeds) {
      const begun = performance.now();
      finished(await runSeed(seed, { durationSec, strictReplacement: values["strict-replacement"] }), performance.now() - begun);
    }
  } else {
    // Seeds dealt round-robin: their lengths vary, but not with their number.
    const shares = Array.from({ length: jobs }, (_, k) => seeds.filter((_, i) => i % jobs === k)).filter((share) => share.length > 0);
    await Promise.all(shares.map((share) => inChild(share, finished)));
  }
  const wall = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`swarm: ${seeds.length} seeds x ${hours} simulated hours, 100 records each, in ${wall} s wall`);
  if (failed.length > 0) console.log(`failed seeds: ${failed.sort((a, b) => a - b).join(", ")}`);
  console.log(`swarm: ${seeds.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}
