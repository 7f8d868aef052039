/**
 * The seeded swarm (testkit/swarm/run-seed.ts), a bounded run for `npm test`: SWARM_SEEDS seeds
 * (default 20) from SWARM_FROM (default 1), SWARM_HOURS simulated hours each (default 1). The long
 * run is `npm run test:swarm` (a simulated day per seed; 200 seeds in .ci/run); a failing seed
 * replays with `npm run test:swarm -- --seed N --hours H`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runSeed } from "./run-seed.js";

const SEEDS = Number(process.env["SWARM_SEEDS"] ?? "") || 20;
const FROM = Number(process.env["SWARM_FROM"] ?? "") || 1;
const HOURS = Number(process.env["SWARM_HOURS"] ?? "") || 1;

describe(`swarm: ${SEEDS} seeds, 100 records, ${HOURS} simulated hours each, random faults and commands`, () => {
  for (let seed = FROM; seed < FROM + SEEDS; seed++) {
    it(`seed ${seed} keeps every invariant`, async (t) => {
      const result = await runSeed(seed, { durationSec: HOURS * 3600 });
      t.diagnostic(`${result.profile}; ${JSON.stringify(result.stats)}`);
      const shown = result.violations.slice(0, 10).map((v) => `  at ${v.atSec} s: ${v.invariant}: ${v.detail}`);
      assert.deepEqual(shown, [], `seed ${seed} broke invariants (replay: npm run test:swarm -- --seed ${seed} --hours ${HOURS}):\n${shown.join("\n")}`);
      assert.ok(result.stats.registeredAtEnd > 0);
    });
  }
});
