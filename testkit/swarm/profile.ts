/**
 * What one swarm seed runs: a random fault profile (network faults, registrar outages and
 * restarts, a shipped script of odd answers on a second registrar), engine parameters and 100
 * records with random parameters. Everything is drawn from the seed, so the seed is the run.
 */
import { readdirSync } from "node:fs";
import type { Random } from "../../engine/random.js";
import type { NetworkFaults } from "../../engine/transport/index.js";

export const DAY_SEC = 86_400;
export const RECORDS = 100;
/** Marks every password, so that any output can be searched for one. */
export const PASSWORD_MARKER = "pw-Qx7";

/** A registrar host is down from `atSec` for `downSec`, then starts again empty. */
export interface Outage {
  readonly host: "main" | "odd";
  readonly atSec: number;
  readonly downSec: number;
}

export interface SwarmProfile {
  readonly seed: number;
  readonly faults: NetworkFaults;
  readonly outages: readonly Outage[];
  /** The shipped script (fixtures/scripts/) the odd registrar runs, or null for none. */
  readonly oddScript: string | null;
  readonly engine: {
    readonly hash_size: number;
    readonly timer_interval: number;
    readonly reregister_expiry_percentage: number;
    readonly failure_retry_interval: number;
  };
  readonly records: readonly SwarmRecord[];
  /** Mean number of operator commands per simulated hour. */
  readonly commandsPerHour: number;
}

export interface SwarmRecord {
  readonly index: number;
  readonly aor: string;
  readonly contact: string;
  readonly registrar: string;
  readonly username: string;
  readonly password: string;
  readonly expiry: number;
  readonly enabled: boolean;
}

export const MAIN_REGISTRAR_HOST = "10.0.0.2";
export const ODD_REGISTRAR_HOST = "10.0.0.3";
export const ENGINE_SOCKET = "udp:10.0.0.1:5060";
export const REALM = "example.org";

const SCRIPTS = readdirSync(new URL("../../fixtures/scripts/", import.meta.url))
  .filter((file) => file.endsWith(".yaml"))
  .sort();

const pick = <T>(random: Random, values: readonly T[]): T => values[random.uint32() % values.length]!;
const between = (random: Random, min: number, max: number): number => min + (random.uint32() % (max - min + 1));

/** A record of the swarm: `u<index>` at the main or the odd registrar. */
export function swarmRecord(random: Random, index: number, timerIntervalSec: number): SwarmRecord {
  const odd = random.fraction() < 0.25;
  return {
    index,
    aor: `sip:u${index}@${REALM}`,
    contact: `sip:u${index}@10.0.0.1:5060`,
    registrar: odd ? `sip:odd.${REALM}` : `sip:${REALM}`,
    username: `u${index}`,
    password: `${PASSWORD_MARKER}-${random.hex(6)}`,
    // Above T (D2 rejects E <= T). Mostly the usual hour; a few short ones stress the schedule
    // (and cost the most: a record of 300 s sends 20 times as many REGISTERs as one of 7200 s).
    expiry: Math.max(timerIntervalSec + 1, pick(random, [120, 600, 1800, 3600, 3600, 3600, 7200, 7200])),
    enabled: random.fraction() < 0.9,
  };
}

/** The profile of `seed` for a run of `durationSec` simulated seconds (outages fall inside it). */
export function swarmProfile(seed: number, random: Random, durationSec: number = DAY_SEC): SwarmProfile {
  const hashSize = between(random, 1, 3);
  const timerInterval = pick(
    random,
    [10, 20, 30, 60].filter((t) => t >= 2 ** hashSize),
  );
  const latencyMin = between(random, 0, 50);
  const faults: NetworkFaults = {
    latencyMsMin: latencyMin,
    latencyMsMax: latencyMin + pick(random, [0, 20, 200, 1000]),
    lossRatio: pick(random, [0, 0.01, 0.05, 0.1, 0.2]),
    duplicationRatio: pick(random, [0, 0.01, 0.05]),
    reorderRatio: pick(random, [0, 0.05, 0.2]),
    reorderDelayMsMax: between(random, 1, 2000),
  };
  const outages = Array.from({ length: between(random, 0, 3) }, (): Outage => ({
    host: random.fraction() < 0.7 ? "main" : "odd",
    atSec: between(random, 600, Math.max(600, durationSec - 1800)),
    // 0: an instant restart (all bindings lost); otherwise silent for up to 15 minutes first.
    downSec: pick(random, [0, 0, 60, 300, 900]),
  }));
  const oddScript = random.fraction() < 0.85 ? pick(random, SCRIPTS) : null;
  const engine = {
    hash_size: hashSize,
    timer_interval: timerInterval,
    reregister_expiry_percentage: between(random, 50, 100),
    failure_retry_interval: between(random, 30, 600),
  };
  const records = Array.from({ length: RECORDS }, (_, index) => swarmRecord(random, index, timerInterval));
  return { seed, faults, outages, oddScript, engine, records, commandsPerHour: between(random, 1, 6) };
}

/** One line that says what a seed ran, for its report. */
export function describeProfile(profile: SwarmProfile): string {
  const f = profile.faults;
  const outages = profile.outages.map((o) => `${o.host}@${o.atSec}s/${o.downSec}s`).join(",") || "none";
  return (
    `loss ${f.lossRatio}, dup ${f.duplicationRatio}, reorder ${f.reorderRatio}, latency ${f.latencyMsMin}-${f.latencyMsMax} ms; ` +
    `outages ${outages}; odd script ${profile.oddScript ?? "none"}; ` +
    `T=${profile.engine.timer_interval} hash_size=${profile.engine.hash_size} P=${profile.engine.reregister_expiry_percentage} ` +
    `retry=${profile.engine.failure_retry_interval}; ${profile.commandsPerHour} commands/h`
  );
}
