/**
 * One swarm run (after FoundationDB's and TigerBeetle's seeded simulation): the engine and the
 * simulated registrar on the memory network and a fake clock, through the real codec, for a
 * simulated day under the seed's fault profile, with operator commands at random moments. The
 * invariants are checked after every step of 10 simulated seconds (the wire ones as each message
 * passes; reg_list and Status/Report every simulated minute), not exact timings. At the end the faults are switched off for one retry cycle and every enabled record
 * must be registered. The same seed replays the same run.
 */
import { type Clock } from "../../engine/clock.js";
import { VirtualClock } from "../virtual-clock.js";
import { jsonLinesRunLog } from "../../engine/events/run-log.js";
import {
  createEngine,
  DEFAULT_TRANSACTION_TIMEOUT_SEC,
  type RegistrantEvent,
  type RegistrantRow,
  type RunLogEntry,
} from "../../engine/index.js";
import { memoryLogger } from "../../engine/log.js";
import { seededRandom, type Random } from "../../engine/random.js";
import { REGISTRANT_EVENTS } from "../../engine/registrant/policy/events.js";
import type { RegistrantStateName } from "../../engine/registrant/policy/states.js";
import { TRANSITIONS } from "../../engine/registrant/policy/transition-table.js";
import { REPLACEMENT_RULE } from "../../engine/registrant/contracts.js";
import { MemoryRegistrantStore } from "../../engine/store/memory-store.js";
import { MemoryNetwork, NO_FAULTS, StaticResolver, type Transport } from "../../engine/transport/index.js";
import { createRegistrar, loadScriptFile, UserTable, type CompiledScript, type Registrar } from "../../simulator/index.js";
import {
  DAY_SEC,
  describeProfile,
  ENGINE_SOCKET,
  MAIN_REGISTRAR_HOST,
  ODD_REGISTRAR_HOST,
  PASSWORD_MARKER,
  REALM,
  swarmProfile,
  swarmRecord,
  type SwarmProfile,
  type SwarmRecord,
} from "./profile.js";
import { WireWatch } from "./wire-watch.js";

/** Invariants are checked after every step of this many simulated seconds. */
export const STEP_SEC = 10;
/** reg_list and Status/Report are checked every this many steps (a simulated minute). */
const VIEW_EVERY_STEPS = 6;
/** §11: Status/Report keeps at most this many reports per identifier. */
const REPORTS_MAX = 20;
const IN_FLIGHT = new Set<string>(["REGISTERING_STATE", "AUTHENTICATING_STATE", "UNREGISTERING_STATE", "AUTHENTICATING_UNREGISTER_STATE"]);
/** A fixed start, so that ctime strings are the same on every machine (TZ aside). */
const START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

export interface Violation {
  readonly atSec: number;
  readonly invariant: string;
  readonly detail: string;
}

export interface SeedResult {
  readonly seed: number;
  readonly profile: string;
  readonly violations: readonly Violation[];
  readonly stats: {
    readonly steps: number;
    readonly commands: number;
    readonly registersSent: number;
    readonly stateChanges: number;
    readonly events: number;
    readonly enabledAtEnd: number;
    readonly registeredAtEnd: number;
  };
}

export interface RunOptions {
  /** Simulated seconds of faults before the clean cycle; default a day. */
  readonly durationSec?: number;
  /** Stop at the first violation (a replay wants them all: false). */
  readonly stopAtFirst?: boolean;
  /** Add to each violation the record's last run-log lines and the commands it got (for a replay). */
  readonly explain?: boolean;
  /**
   * Count an exchange still in flight when a reload replaces its record by an identical one as
   * the record's own: the reload's successor then starts a second REGISTER transaction beside it
   * (an open finding, see docs/reliability.md). Off by default.
   */
  readonly strictReplacement?: boolean;
}

/** A registrar host that can go down and come back empty (its bindings lost). */
class RegistrarHost {
  #registrar: Registrar | null = null;
  #transport: Transport | null = null;
  #script: CompiledScript | null;

  constructor(
    private readonly network: MemoryNetwork,
    private readonly host: string,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly users: UserTable,
    private readonly logger: ReturnType<typeof memoryLogger>,
    script: CompiledScript | null,
  ) {
    this.#script = script;
  }

  get up(): boolean {
    return this.#registrar !== null;
  }

  get registrar(): Registrar | null {
    return this.#registrar;
  }

  start(): void {
    const script = this.#script ?? undefined;
    this.#transport = this.network.bind(`udp:${this.host}:5060`);
    this.#registrar = createRegistrar({
      clock: this.clock,
      random: this.random.child(),
      logger: this.logger,
      realm: REALM,
      users: this.users,
      transcript: { capacity: 0 },
      ...(script === undefined ? {} : { script }),
    });
    this.#registrar.attach(this.#transport);
  }

  async stop(): Promise<void> {
    this.#registrar?.close();
    this.#registrar = null;
    await this.#transport?.close();
    this.#transport = null;
  }

  /** Faults off: the scripted answers stop, and the host runs (restarted empty if it has to). */
  async clean(): Promise<void> {
    if (this.#script === null && this.up) return;
    this.#script = null;
    await this.stop();
    this.start();
  }
}

/** What the swarm believes about each record, from the commands it gave. */
interface Model {
  record: SwarmRecord;
  present: boolean;
  enabled: boolean;
}

const rowOf = (record: SwarmRecord, enabled: boolean): RegistrantRow => ({
  aor: record.aor,
  contact: record.contact,
  registrar: record.registrar,
  username: record.username,
  password: record.password,
  expiry: record.expiry,
  state: enabled ? 0 : 1,
});

const eventOfState = (state: string): string | undefined => (REGISTRANT_EVENTS as Record<string, string>)[state];

export async function runSeed(seed: number, options: RunOptions = {}): Promise<SeedResult> {
  const durationSec = options.durationSec ?? DAY_SEC;
  const random = seededRandom(seed);
  const profile: SwarmProfile = swarmProfile(seed, random.child(), durationSec);
  const commandRandom = random.child();
  const clock = new VirtualClock(START_MS);
  const sec = (): number => Math.floor((clock.now() - START_MS) / 1000);
  const network = new MemoryNetwork({ clock, random: random.child(), faults: profile.faults });
  const violations: Violation[] = [];
  const commandLog: string[] = [];
  const context = (detail: string): string => {
    if (options.explain !== true) return detail;
    const aor = /sip:u\d+@[a-z.]+/.exec(detail)?.[0];
    if (aor === undefined) return detail;
    const lines = runLogLines.filter((line) => line.includes(`"${aor}"`)).slice(-12);
    const given = commandLog.filter((line) => line.includes(aor)).slice(-5);
    return [detail, ...given.map((line) => `    command ${line}`), ...lines.map((line) => `    log ${line}`)].join("\n");
  };
  const violate = (invariant: string, detail: string): void => {
    violations.push({ atSec: sec(), invariant, detail: context(detail) });
  };

  // Every record that ever exists has its user at both registrars.
  const records: SwarmRecord[] = [...profile.records];
  const extraRecords = Array.from({ length: 20 }, (_, k) => swarmRecord(random.child(), records.length + k, profile.engine.timer_interval));
  const users = UserTable.fromEntries(
    [...records, ...extraRecords].map(({ username, password }) => ({ realm: REALM, username, password })),
  );
  const registrarLog = memoryLogger();
  const oddScript =
    profile.oddScript === null
      ? null
      : await loadScriptFile(new URL(`../../fixtures/scripts/${profile.oddScript}`, import.meta.url).pathname);
  const hosts = {
    main: new RegistrarHost(network, MAIN_REGISTRAR_HOST, clock, random.child(), users, registrarLog, null),
    odd: new RegistrarHost(network, ODD_REGISTRAR_HOST, clock, random.child(), users, registrarLog, oddScript),
  };
  hosts.main.start();
  hosts.odd.start();

  const timeoutMs = DEFAULT_TRANSACTION_TIMEOUT_SEC * 1000;
  const watch = new WireWatch(clock, timeoutMs, PASSWORD_MARKER);
  const store = new MemoryRegistrantStore(records.map((record) => rowOf(record, record.enabled)));
  const logger = memoryLogger();
  // The run log as the engine writes it (JSON lines), kept with each line's entry.
  const runLogLines: string[] = [];
  const runLogEntries: RunLogEntry[] = [];
  const runLog = jsonLinesRunLog((line) => {
    runLogLines.push(line);
    runLogEntries.push(JSON.parse(line) as RunLogEntry);
  });
  const events: RegistrantEvent[] = [];
  const engine = createEngine(profile.engine, {
    clock,
    transports: [watch.wrap(network.bind(ENGINE_SOCKET))],
    resolver: new StaticResolver({ [REALM]: [MAIN_REGISTRAR_HOST], [`odd.${REALM}`]: [ODD_REGISTRAR_HOST] }),
    store,
    random: random.child(),
    logger,
    eventSinks: [{ emit: (event) => events.push(event) }],
    runLog,
  });

  const model = new Map<string, Model>(records.map((record) => [record.aor, { record, present: true, enabled: record.enabled }]));
  for (const { record, enabled } of model.values()) if (!enabled) watch.bar(record.aor, "disabled");

  // Cursors into what the engine produced, so that each step checks only what is new.
  let logSeen = 0;
  let runLogSeen = 0;
  let eventsSeen = 0;
  let stateChanges = 0;
  const lastState = new Map<string, string>();
  /** Records replaced since their last state change: their state may start anew. */
  const replacedAors = new Set<string>();
  const forget = (aor: string): void => {
    watch.replaced(aor);
    lastState.delete(aor);
    replacedAors.add(aor);
  };
  const pendingEvents = new Map<string, string[]>();

  const checkStep = (): void => {
    for (const violation of watch.violations.splice(0)) {
      violations.push({ atSec: Math.floor((violation.atMs - START_MS) / 1000), invariant: violation.invariant, detail: context(violation.detail) });
    }
    const newLines = logger.lines.slice(logSeen);
    logSeen = logger.lines.length;
    for (const line of newLines) {
      if (line.level === "error") violate("no error logged by the engine", `${line.msg} ${JSON.stringify(line.ctx)}`);
    }
    const newEntries = runLogEntries.slice(runLogSeen);
    const newRunLogLines = runLogLines.slice(runLogSeen);
    runLogSeen = runLogEntries.length;
    // Every state change is a row of the transition table; each one (but NOT_REGISTERED) owes an event.
    for (const entry of newEntries) {
      if (entry.kind !== "state") continue;
      stateChanges++;
      const row = TRANSITIONS.find((r) => r.id === entry.rule);
      // D26a: a successor that does not inherit REGISTERED shows NOT_REGISTERED, outside the table and with no event.
      const replaced = entry.rule === REPLACEMENT_RULE && entry.to === "NOT_REGISTERED_STATE";
      if (!replaced && (row === undefined || row.to !== entry.to || !row.from.includes(entry.from as RegistrantStateName))) {
        violate("every state change is a row of the transition table", `${entry.aor}: ${entry.from} -> ${entry.to} by '${entry.rule}'`);
      }
      replacedAors.delete(entry.aor);
      const before = lastState.get(entry.aor);
      if (before !== undefined && before !== entry.from) {
        violate("every state change is a row of the transition table", `${entry.aor}: left ${entry.from} but was in ${before}`);
      }
      lastState.set(entry.aor, entry.to);
      const owed = eventOfState(entry.to);
      if (owed !== undefined) pendingEvents.set(entry.aor, [...(pendingEvents.get(entry.aor) ?? []), owed]);
    }
    // Events match state changes one for one, in order.
    for (const event of events.slice(eventsSeen)) {
      const owed = pendingEvents.get(event.params.aor) ?? [];
      if (owed[0] !== event.name) {
        violate("events match state changes one for one", `${event.params.aor}: ${event.name} raised, ${owed[0] ?? "none"} owed`);
      } else owed.shift();
    }
    eventsSeen = events.length;
    for (const [aor, owed] of pendingEvents) {
      if (owed.length > 0) violate("events match state changes one for one", `${aor}: ${owed.join(", ")} never raised`);
      pendingEvents.delete(aor);
    }
    const outputs = [...newLines.map((line) => line.msg + JSON.stringify(line.ctx)), ...newRunLogLines];
    if (outputs.some((text) => text.includes(PASSWORD_MARKER))) violate("no password in any output", "a password in the log or the run log");
  };

  /** The views, every simulated minute (they cost a rendering of every record). */
  const checkViews = (): void => {
    const listed = engine.list().Records;
    for (const record of listed) {
      // A record replaced by an upsert or a reload may start anew or inherit (D3): not known here.
      if (replacedAors.has(record.AOR)) continue;
      const logged = lastState.get(record.AOR) ?? "NOT_REGISTERED_STATE";
      if (record.state !== logged) violate("reg_list shows the last state change", `${record.AOR}: ${record.state}, last change to ${logged}`);
    }
    const reports = engine.statusReports();
    for (const view of reports) {
      if (view.reports.length > REPORTS_MAX) {
        violate(`Status/Report holds at most ${REPORTS_MAX} reports`, `${view.identifier}: ${view.reports.length}`);
      }
    }
    if (JSON.stringify(listed).includes(PASSWORD_MARKER) || JSON.stringify(reports).includes(PASSWORD_MARKER)) {
      violate("no password in any output", "a password in reg_list or Status/Report");
    }
  };

  const present = (): Model[] => [...model.values()].filter((m) => m.present);
  let commands = 0;
  const command = async (): Promise<void> => {
    const kinds = ["enable", "disable", "force_register", "upsert", "delete", "reload"] as const;
    const kind = kinds[commandRandom.uint32() % kinds.length]!;
    const live = present();
    const target = live[commandRandom.uint32() % Math.max(1, live.length)];
    commands++;
    commandLog.push(`at ${clock.now()}: ${kind} ${target?.record.aor ?? ""}`);
    try {
      switch (kind) {
        case "enable":
          if (target === undefined) return;
          // enable-register sends at once, inside the call.
          watch.allow(target.record.aor);
          await engine.enable(target.record);
          target.enabled = true;
          return;
        case "disable":
          if (target === undefined) return;
          watch.bar(target.record.aor, "disabled");
          await engine.disable(target.record);
          target.enabled = false;
          return;
        case "force_register":
          if (target !== undefined) await engine.forceRegister(target.record);
          return;
        case "upsert": {
          // A new record half the time, else the same triple with another expiry.
          const fresh = extraRecords.find((r) => !model.has(r.aor));
          const base = commandRandom.fraction() < 0.5 && fresh !== undefined ? fresh : target?.record;
          if (base === undefined) return;
          const record = { ...base, expiry: base.expiry === 3600 ? 1800 : 3600 };
          const enabled = commandRandom.fraction() < 0.9;
          forget(record.aor);
          if (enabled) watch.allow(record.aor);
          else watch.bar(record.aor, "disabled");
          await engine.upsert(rowOf(record, enabled));
          model.set(record.aor, { record, present: true, enabled });
          return;
        }
        case "delete":
          if (target === undefined) return;
          watch.bar(target.record.aor, "deleted");
          await engine.delete(target.record);
          lastState.delete(target.record.aor);
          target.present = false;
          return;
        case "reload": {
          const rows = store.rows;
          const inStore = new Map(rows.map((row) => [row.aor!, row]));
          for (const m of model.values()) {
            const row = inStore.get(m.record.aor);
            if (row === undefined) {
              if (m.present) watch.bar(m.record.aor, "deleted");
              continue;
            }
            const enabled = row.state !== 1;
            // D3: a reload keeps the registration of REGISTERED records only; any other record
            // starts again as NOT_REGISTERED (without a state change in the run log), and an
            // exchange it had in flight runs on, detached, beside the successor's first REGISTER.
            lastState.delete(m.record.aor);
            replacedAors.add(m.record.aor);
            if (options.strictReplacement !== true || !m.present || row.expiry !== m.record.expiry) watch.replaced(m.record.aor);
            if (enabled) watch.allow(m.record.aor);
            else watch.bar(m.record.aor, "disabled");
          }
          await engine.reload();
          for (const m of model.values()) {
            const row = inStore.get(m.record.aor);
            m.present = row !== undefined;
            if (row !== undefined) {
              m.enabled = row.state !== 1;
              m.record = { ...m.record, expiry: Number(row.expiry) };
            }
          }
          return;
        }
      }
    } catch (error) {
      violate("operator commands on present records succeed", `${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  await engine.start();
  const steps = Math.ceil(durationSec / STEP_SEC);
  const commandChance = (profile.commandsPerHour * STEP_SEC) / 3600;
  const outages = [...profile.outages].sort((a, b) => a.atSec - b.atSec);
  const comebacks: Array<{ host: "main" | "odd"; atSec: number }> = [];
  let step = 0;
  for (; step < steps; step++) {
    const now = sec();
    while (outages.length > 0 && outages[0]!.atSec <= now) {
      const outage = outages.shift()!;
      if (!hosts[outage.host].up) continue;
      await hosts[outage.host].stop();
      comebacks.push({ host: outage.host, atSec: now + outage.downSec });
    }
    for (const comeback of comebacks.filter((c) => c.atSec <= now)) {
      if (!hosts[comeback.host].up) hosts[comeback.host].start();
      comebacks.splice(comebacks.indexOf(comeback), 1);
    }
    if (commandRandom.fraction() < commandChance) await command();
    await clock.tickAsync(STEP_SEC * 1000);
    checkStep();
    if (step % VIEW_EVERY_STEPS === VIEW_EVERY_STEPS - 1) checkViews();
    if (options.stopAtFirst === true && violations.length > 0) break;
  }

  // Faults off for one retry cycle: every enabled record must then be registered.
  network.setFaults(NO_FAULTS);
  await hosts.main.clean();
  await hosts.odd.clean();
  const cleanSec = profile.engine.failure_retry_interval + 3 * profile.engine.timer_interval + 2 * DEFAULT_TRANSACTION_TIMEOUT_SEC + 60;
  const cleanStart = sec();
  for (let k = 0; k < Math.ceil(cleanSec / STEP_SEC) && !(options.stopAtFirst === true && violations.length > 0); k++) {
    await clock.tickAsync(STEP_SEC * 1000);
    checkStep();
  }
  checkViews();
  // A refresh may be on its way at the last instant: give every exchange in flight its answer.
  for (let k = 0; k < 5 && engine.list().Records.some((r) => IN_FLIGHT.has(r.state)); k++) {
    await clock.tickAsync(1000);
    checkStep();
  }
  let enabledAtEnd = 0;
  let registeredAtEnd = 0;
  const lastRegistered = new Map<string, number>();
  for (const entry of runLogEntries) {
    if (entry.kind === "state" && entry.to === "REGISTERED_STATE") lastRegistered.set(entry.aor, entry.atMs);
  }
  for (const listed of engine.list().Records) {
    if (listed.enabled !== "yes") continue;
    enabledAtEnd++;
    if (listed.state !== "REGISTERED_STATE") {
      violate("every enabled record registered after a clean cycle", `${listed.AOR}: ${listed.state}`);
      continue;
    }
    registeredAtEnd++;
    // The registrars restarted empty when cleaned; a record registered since holds a binding there.
    const host = listed.registrar.includes(`odd.${REALM}`) ? hosts.odd : hosts.main;
    const since = lastRegistered.get(listed.AOR) ?? 0;
    if (since >= START_MS + cleanStart * 1000 && host.registrar?.bindings(listed.AOR).length !== 1) {
      violate("every enabled record registered after a clean cycle", `${listed.AOR}: REGISTERED but no binding at the registrar`);
    }
  }
  await engine.stop();
  await hosts.main.stop();
  await hosts.odd.stop();
  return {
    seed,
    profile: describeProfile(profile),
    violations,
    stats: {
      steps: step,
      commands,
      registersSent: watch.registersSent,
      stateChanges,
      events: events.length,
      enabledAtEnd,
      registeredAtEnd,
    },
  };
}
