/**
 * The one test lab every test, scenario, demo and bench builds on: the same hosts, realm, users,
 * start time and seed, a fake clock and a memory network driven by it. Each user of the lab adds
 * what it needs on top (an engine, the simulated registrar, bare transaction layers), so the
 * basics are written once. Production code never imports this folder.
 */
import { createClock, type Clock as FakeClock } from "@sinonjs/fake-timers";
import { fromFakeClock, seededRandom, MemoryNetwork, type Clock, type NetworkFaults, type Random } from "../engine/index.js";
import { UserTable } from "../simulator/index.js";

/** Where the registrant under test listens. */
export const ENGINE_HOST = "10.0.0.1";
/** Where the registrar (the simulator, or a test double) listens. */
export const REGISTRAR_HOST = "10.0.0.2";
/** A second registrar host, used as the outbound proxy. */
export const PROXY_HOST = "10.0.0.3";
export const REALM = "example.org";
export const REGISTRAR_URI = `sip:${REALM}`;
/** The fake clock's start: a whole second of a real date, so ctimes, Date headers and ladders read naturally. */
export const LAB_START_MS = Date.UTC(2026, 0, 1);
/** The accounts the lab's registrars know, in realm example.org. */
export const LAB_USERS = { alice: "wonderland", bob: "rosebud" } as const satisfies Readonly<Record<string, string>>;
/** The seed of every reproducible run (reports are compared across runs with it). */
export const DEFAULT_SEED = 7;

/**
 * The seed a run takes: `UACREG_SEED` when set (an integer, or `random` for a fresh one), else 7.
 * Throws on any other value, naming the variable.
 */
export function labSeed(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.UACREG_SEED;
  if (text === undefined || text === "") return DEFAULT_SEED;
  if (text === "random") return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d{1,10}$/.test(text) || Number(text) > 2 ** 31 - 1) throw new Error(`UACREG_SEED must be an integer from 0 to 2147483647 or "random", got ${JSON.stringify(text)}`);
  return Number(text);
}

export interface LabOptions {
  /** Default `DEFAULT_SEED`. */
  readonly seed?: number;
  /** Default `LAB_START_MS`. */
  readonly startMs?: number;
  /** Faults of the memory network (all off by default). */
  readonly faults?: Partial<NetworkFaults>;
}

export interface Lab {
  readonly seed: number;
  readonly startMs: number;
  readonly fake: FakeClock;
  readonly clock: Clock;
  /** The run's random source; give each component its own `child()`. */
  readonly random: Random;
  readonly network: MemoryNetwork;
  /** Seconds since the start (fractional). */
  seconds(): number;
  /** Runs the clock on to `sec` seconds after the start (never backwards). */
  until(sec: number): Promise<void>;
}

/** A fake clock at the lab's start, one seeded random source, and a memory network on that clock. */
export function createLab(options: LabOptions = {}): Lab {
  const seed = options.seed ?? DEFAULT_SEED;
  const startMs = options.startMs ?? LAB_START_MS;
  const fake = createClock(startMs);
  const clock = fromFakeClock(fake);
  const random = seededRandom(seed);
  const network = new MemoryNetwork({ clock, random: random.child(), faults: options.faults ?? {} });
  return {
    seed,
    startMs,
    fake,
    clock,
    random,
    network,
    seconds: () => (clock.now() - startMs) / 1000,
    until: async (sec) => {
      await fake.tickAsync(Math.max(0, startMs + sec * 1000 - clock.now()));
    },
  };
}

/** The lab's users (or others) as the simulated registrar's user table, in realm example.org. */
export function labUserTable(users: Readonly<Record<string, string>> = LAB_USERS): UserTable {
  return UserTable.fromEntries(Object.entries(users).map(([username, password]) => ({ realm: REALM, username, password })));
}

/** The lab's users as a users file (the form `uacreg simulate --users` reads). */
export function labUsersFile(users: Readonly<Record<string, string>> = LAB_USERS): string {
  return `[${REALM}]\n${Object.entries(users).map(([username, password]) => `${username} ${password}`).join("\n")}\n`;
}
