/**
 * The World of the conformance suite: every scenario builds its own engine, simulated registrar,
 * memory network and fake clock, all from one seed, with no latency or loss. Given steps collect
 * module parameters, records and the registrar's script; the engine is built when the scenario
 * starts it (explicitly, or on the first step that lets time pass). Assertions read what crossed
 * the wire (the registrar's transcript, folded into REGISTER transactions), the events, the
 * Status/Report and the clock, all in seconds since the engine started.
 */
import assert from "node:assert/strict";
import { After, setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { readFile } from "node:fs/promises";
import { createClock } from "@sinonjs/fake-timers";
import { stringify } from "yaml";
import { fromFakeClock, type Clock } from "../../engine/clock.js";
import { memoryRunLog } from "../../engine/events/run-log.js";
import { MemoryShtags } from "../../engine/cluster/memory-shtags.js";
import {
  createEngine,
  ModuleParamError,
  type EngineConfig,
  type ListedRecord,
  type LoadReport,
  type RegistrantEngine,
  type RegistrantOperationError,
} from "../../engine/index.js";
import { memoryLogger } from "../../engine/log.js";
import { seededRandom } from "../../engine/random.js";
import type { RecordId, RegistrantEventName, RegistrantEventParams, RegistrantRow } from "../../engine/registrant/index.js";
import { formatUri, getCallId, getCSeq, getTo, getVias, headerValue, parseAuthValue, parseMessage, viaBranch, type SipMessage } from "../../engine/sip/index.js";
import { MemoryRegistrantStore } from "../../engine/store/memory-store.js";
import { MemoryNetwork, StaticResolver } from "../../engine/transport/index.js";
import { createRegistrar, parseScript, UserTable, type CompiledScript, type Registrar } from "../../simulator/index.js";
import { writeScenarioTimeline } from "./scenario-timeline.js";
import { slowResolver } from "./slow-resolver.js";
import { constantDraw } from "./constant-draw.js";

/** The fake clock's start: a whole second, so "second N" of a scenario is an exact Unix second. */
export const START_MS = Date.UTC(2026, 0, 1);
export const DOMAIN = "example.org";
export const REGISTRAR_URI = `sip:${DOMAIN}`;
const ENGINE_HOST = "10.0.0.1";
export const REGISTRAR_HOST = "10.0.0.2";
/** One seed for the whole scenario: the network, the registrar and the engine draw child streams from it. */
const SEED = 7;
/** The accounts the simulated registrar knows (realm example.org). */
export const KNOWN_USERS: Readonly<Record<string, string>> = { alice: "wonderland", bob: "rosebud" };
const SHIPPED_SCRIPTS = new URL("../../fixtures/scripts/", import.meta.url);

export interface LoggedEvent {
  /** Seconds since the engine started. */
  readonly second: number;
  readonly name: RegistrantEventName;
  /** Every parameter the event carried, as the sink received them (§10: aor, contact, registrar). */
  readonly params: RegistrantEventParams & Readonly<Record<string, string>>;
}

/** One REGISTER client transaction as the registrar saw it: retransmissions are folded into it. */
export interface RegisterTransaction {
  /** When its first datagram arrived, in seconds since the engine started. */
  readonly second: number;
  readonly aor: string;
  readonly callId: string;
  readonly cseq: number;
  /** The digest answer it carried (§6.3: Authorization or Proxy-Authorization), or null when it carried no credentials. */
  readonly digest: DigestAnswer | null;
  /** Status codes the registrar sent for it, in order (retransmitted answers included once). */
  readonly answers: readonly number[];
  readonly datagrams: number;
  /** The request as first sent, for assertions about its headers. */
  readonly request: SipMessage;
  /** The socket it came from (`udp:10.0.0.1:5060`). */
  readonly from: string;
  /** The registrar's socket it reached. */
  readonly to: string;
}

/** A state the engine entered, from its run log. */
export interface StateChange {
  readonly second: number;
  readonly aor: string;
  readonly from: string;
  readonly to: string;
  /** The transition-table row that decided it. */
  readonly row: string;
}

/** The columns of a record a step may set; the triple (aor, contact, registrar) names the record, so aor is not one. */
export const RECORD_COLUMNS = [
  "contact",
  "registrar",
  "proxy",
  "third_party_registrant",
  "username",
  "password",
  "binding_params",
  "expiry",
  "forced_socket",
  "cluster_shtag",
  "state",
] as const satisfies ReadonlyArray<keyof RegistrantRow>;
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

/** A digest answer as sent: which header carried it, and its parameters (names lowercase, values unquoted). */
export interface DigestAnswer {
  readonly header: "Authorization" | "Proxy-Authorization";
  readonly params: ReadonlyMap<string, string>;
}

/** A YAML script rule as the simulator reads it (simulator/README.md "Scripts"). */
export type ScriptRule = Readonly<Record<string, unknown>>;

/** The settings of a script's `defaults` that are lists (simulator/README.md "Defaults"). */
export type DefaultListSetting = "algorithms" | "qop";

/** What exists once the engine has been built. */
interface Run {
  readonly fake: ReturnType<typeof createClock>;
  readonly clock: Clock;
  readonly registrar: Registrar;
  readonly engine: RegistrantEngine;
  /** The records' table: the engine writes the state column there (§8). */
  readonly store: MemoryRegistrantStore;
  /** Where the engine looks up example.org: a step may take the name out (D25). */
  readonly resolver: StaticResolver;
  /** Connection attempts the network refused, in seconds since the engine started (D25). */
  readonly refusedConnections: readonly number[];
  /** What the engine did, in order: the scenario's timeline and its state changes are read from it. */
  readonly runLog: ReturnType<typeof memoryRunLog>;
}

/** The module parameters a scenario may set, with their OpenSIPS names. */
export type ModuleParamName = keyof EngineConfig;
const MODULE_PARAM_NAMES: readonly ModuleParamName[] = [
  "hash_size",
  "timer_interval",
  "default_expires",
  "failure_retry_interval",
  "reregister_expiry_percentage",
  "enable_clustering",
  "transaction_timeout",
  "user_agent",
  "drop_foreign_replies",
  "honour_retry_after",
  "retry_after_max",
  "retry_backoff",
  "retry_base",
  "retry_max",
  "auth_failure_retry_interval",
  "rejected_retry_interval",
  "min_refresh_interval",
  "startup_spread",
  "register_rate_limit",
  "registrar_circuit",
  "registrar_circuit_probe_interval",
  "learn_received",
];

export class RegistrantWorld extends World {
  readonly moduleParams: { [K in ModuleParamName]?: string } = {};
  readonly rows: RegistrantRow[] = [];
  readonly events: LoggedEvent[] = [];
  readonly #scriptRules: ScriptRule[] = [];
  /** List settings of the script's `defaults`, built up by the Given steps. */
  readonly #scriptDefaults = new Map<DefaultListSetting, string[]>();
  #scriptSource: { readonly text: string; readonly name: string } | null = null;
  #shippedScript: string | null = null;
  #run: Run | null = null;
  /** The refusal of `When the engine starts`, kept for the step that expects it. */
  startError: ModuleParamError | null = null;
  /** Seconds at which the registrar stops and starts listening on TCP (D25), in order. */
  readonly #tcpOutages: { readonly fromSecond: number; readonly toSecond: number }[] = [];
  /** Transition-table rows that decided a step of any record (the After hook checks @row- tags). */
  readonly firedRows = new Set<string>();
  /** Listening sockets of the engine besides udp:10.0.0.1:5060 and tcp:10.0.0.1:5060 (D19). */
  readonly extraEngineSockets: string[] = [];
  /** Host names the engine's resolver knows besides example.org. */
  readonly resolverEntries: Record<string, string[]> = {};
  /** D34: circuits that opened and closed, in seconds since the engine started. */
  readonly circuitEvents: { readonly second: number; readonly name: string; readonly registrar: string }[] = [];
  /** D30: the back-off jitter draw, in [0, 1), every time; null leaves it to the seeded random. */
  jitterDraw: number | null = null;
  /** How long each of the engine's name lookups takes (0: answered at once). */
  resolverDelayMs = 0;
  /** Sockets the simulated registrar also answers on, e.g. the outbound proxy's address. */
  readonly extraRegistrarSockets: string[] = [];
  /** This node's sharing tags (§12): unknown tags are BACKUP; steps flip them before or after the start. */
  readonly shtags = new MemoryShtags();
  /** Every line the engine logged (D16: none may carry a password). */
  readonly logger = memoryLogger();
  /**
   * AORs whose rows the scenario expects a load to reject (D22), or "any" when the scenario
   * examines the load's report itself; any other rejection fails the step.
   */
  #rejectionsExpected: Set<string> | "any" = new Set<string>();
  /** The report of the last load (start-up or full reload). */
  lastLoad: LoadReport | null = null;
  /** The error of the last operation a step only tried, kept for the step that expects it. */
  operationError: RegistrantOperationError | null = null;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** `alice` stands for sip:alice@example.org; a full URI is taken as written. */
  aorOf(account: string): string {
    return account.includes(":") ? account : `sip:${account}@${DOMAIN}`;
  }

  /** `expiry` null leaves the column empty, so that default_expires applies (D2). */
  addRecord(account: string, options: { readonly password: string | null; readonly expiry: number | null }): void {
    this.#mustNotHaveStarted("add a record");
    this.rows.push(this.newRow(account, options));
  }

  /** The row `addRecord` would add for `account`, without adding it. */
  newRow(account: string, options: { readonly password: string | null; readonly expiry: number | null }): RegistrantRow {
    const aor = this.aorOf(account);
    const user = /^sips?:([^@]+)@/.exec(aor)?.[1] ?? account;
    return {
      aor,
      contact: `sip:${user}@${ENGINE_HOST}:5060`,
      registrar: REGISTRAR_URI,
      username: options.password === null ? null : user,
      password: options.password,
      expiry: options.expiry,
    };
  }

  /** Gives the record of `account`, added by an earlier step, the binding params written after its Contact (D8). */
  setBindingParams(account: string, params: string): void {
    this.setRowColumn(account, "binding_params", params);
  }

  /** The record of `account` reaches its registrar over TCP (`;transport=tcp`), where connections can be refused (D25). */
  useTcp(account: string): void {
    this.setRowColumn(account, "registrar", `${REGISTRAR_URI};transport=tcp`);
  }

  /** The registrar refuses TCP connections from `fromSecond` until `toSecond` (exclusive), then listens again. */
  closeTcpBetween(fromSecond: number, toSecond: number): void {
    this.#mustNotHaveStarted("schedule a TCP outage");
    if (!(fromSecond >= 0 && toSecond > fromSecond)) throw new Error(`a TCP outage needs 0 <= from < to, got ${fromSecond} to ${toSecond}`);
    this.#tcpOutages.push({ fromSecond, toSecond });
  }

  /** Sets one column of the row of `account`, added by an earlier step (before the start). */
  setRowColumn(account: string, column: keyof RegistrantRow, value: string | number | null): void {
    this.#mustNotHaveStarted("change a record");
    const { index, row } = this.#rowAt(account);
    this.rows[index] = { ...row, [column]: value };
  }

  /** The scenario's row of `account` as last given to the engine (a copy). */
  rowOf(account: string): RegistrantRow {
    return { ...this.#rowAt(account).row };
  }

  /** Keeps a row given to the engine after the start (upsert, a new table row), so steps can name its record. */
  rememberRow(row: RegistrantRow): void {
    const index = this.rows.findIndex((r) => r.aor === row.aor && r.contact === row.contact && r.registrar === row.registrar);
    if (index === -1) this.rows.push({ ...row });
    else this.rows[index] = { ...row };
  }

  /** The scenario says a load will reject the row of `account` (D22). */
  expectRejection(account: string): void {
    if (this.#rejectionsExpected !== "any") this.#rejectionsExpected.add(this.aorOf(account));
  }

  /** The scenario examines the load's report itself: no rejection fails the start. */
  expectAnyRejection(): void {
    this.#rejectionsExpected = "any";
  }

  /** The report of the last load, for assertions: an earlier step must have loaded the table. */
  get loadReport(): LoadReport {
    assert.ok(this.lastLoad !== null, "the engine never loaded the table");
    return this.lastLoad;
  }

  /** What the last load rejected of the rows of `account` (none when nothing was loaded). */
  rejectionsOf(account: string): LoadReport["rejected"] {
    const aor = this.aorOf(account);
    return this.lastLoad?.rejected.filter((r) => r.aor === aor) ?? [];
  }

  /** Keeps a load's report; a rejection the scenario did not expect would make later assertions misleading. */
  acceptLoad(report: LoadReport): void {
    this.lastLoad = report;
    const expected = this.#rejectionsExpected;
    if (expected === "any") return;
    const refused = report.rejected.filter((r) => r.aor === null || !expected.has(r.aor)).map((r) => `${r.aor ?? "?"}: ${r.param}: ${r.reason}`);
    if (refused.length > 0) throw new Error(`the engine refused records:\n${refused.join("\n")}`);
  }

  setModuleParam(name: string, value: string): void {
    this.#mustNotHaveStarted("change a module parameter");
    const known = MODULE_PARAM_NAMES.find((param) => param === name);
    if (known === undefined) throw new Error(`unknown module parameter ${name} (known: ${MODULE_PARAM_NAMES.join(", ")})`);
    this.moduleParams[known] = value;
  }

  addScriptRule(rule: ScriptRule): void {
    this.#mustBuildScriptFromRules();
    this.#scriptRules.push(rule);
  }

  /**
   * Adds values to a list setting of the script's `defaults`, keeping those earlier steps added:
   * the registrar's own checks verify only answers to what its defaults offer (simulator/README.md
   * "Defaults"), so every algorithm and qop a scripted challenge offers must be listed there.
   */
  addScriptDefaultValues(setting: DefaultListSetting, values: readonly string[]): void {
    this.#mustBuildScriptFromRules();
    const listed = this.#scriptDefaults.get(setting) ?? [];
    this.#scriptDefaults.set(setting, [...listed, ...values.filter((value) => !listed.includes(value))]);
  }

  useScriptText(text: string): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.#onlyOneWholeScript();
    this.#scriptSource = { text, name: "the scenario's script" };
  }

  useShippedScript(name: string): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.#onlyOneWholeScript();
    this.#shippedScript = name.endsWith(".yaml") ? name : `${name}.yaml`;
  }

  get started(): boolean {
    return this.#run !== null || this.startError !== null;
  }

  /** Builds everything at second 0 and starts the engine; a refused module parameter is kept in `startError`. */
  async start(): Promise<void> {
    this.#mustNotHaveStarted("start the engine");
    const fake = createClock(START_MS);
    const clock = fromFakeClock(fake);
    const random = seededRandom(SEED);
    const network = new MemoryNetwork({ clock, random: random.child() });
    const script = await this.#script();
    const registrar = createRegistrar({
      clock,
      random: random.child(),
      realm: DOMAIN,
      users: UserTable.fromEntries(Object.entries(KNOWN_USERS).map(([username, password]) => ({ realm: DOMAIN, username, password }))),
      ...(script === null ? {} : { script }),
    });
    registrar.attach(network.bind(`udp:${REGISTRAR_HOST}:5060`));
    this.#listenOnTcp(clock, network, registrar);
    for (const socket of this.extraRegistrarSockets) registrar.attach(network.bind(socket));
    const refusedConnections: number[] = [];
    network.observe((event) => {
      if (event.kind === "refused") refusedConnections.push(this.#secondOf(event.atMs));
    });
    const store = new MemoryRegistrantStore(this.rows);
    const resolver = new StaticResolver({ [DOMAIN]: [REGISTRAR_HOST], ...this.resolverEntries });
    const runLog = memoryRunLog();
    let engine: RegistrantEngine;
    try {
      engine = createEngine(this.moduleParams, {
        clock,
        transports: [
          network.bind(`udp:${ENGINE_HOST}:5060`),
          network.bind(`tcp:${ENGINE_HOST}:5060`),
          ...this.extraEngineSockets.map((socket) => network.bind(socket)),
        ],
        resolver: this.resolverDelayMs === 0 ? resolver : slowResolver(resolver, clock, this.resolverDelayMs),
        onRule: (_record, row) => this.firedRows.add(row),
        store,
        random: random.child(),
        ...(this.jitterDraw === null ? {} : { jitter: constantDraw(this.jitterDraw) }),
        shtags: this.shtags,
        logger: this.logger,
        runLog,
        eventSinks: [{ emit: (event) => this.events.push({ second: this.#secondOf(clock.now()), name: event.name, params: { ...event.params } }) }],
      });
    } catch (error) {
      registrar.close();
      if (!(error instanceof ModuleParamError)) throw error;
      this.startError = error;
      return;
    }
    engine.onCircuit((event) => this.circuitEvents.push({ second: this.#secondOf(clock.now()), name: event.name, registrar: event.registrar }));
    const loadReport = await engine.start();
    this.#run = { fake, clock, registrar, engine, store, resolver, refusedConnections, runLog };
    this.acceptLoad(loadReport);
  }

  /** The running engine and its surroundings; starts the engine if the scenario has not yet. */
  async running(): Promise<Run> {
    if (!this.started) await this.start();
    if (this.startError !== null) throw new Error(`the engine refused to start: ${this.startError.message}`);
    if (this.#run === null) throw new Error("the engine is not running");
    return this.#run;
  }

  /** The run, for assertions: they need the engine to have been started by an earlier step. */
  get run(): Run {
    if (this.#run === null) throw new Error("the engine was never started in this scenario");
    return this.#run;
  }

  /** Every state change of the run, from the engine's run log, with the row that decided it. */
  get stateChanges(): StateChange[] {
    return this.run.runLog
      .entries()
      .flatMap((entry) => (entry.kind === "state" ? [{ second: this.#secondOf(entry.atMs), aor: entry.aor, from: entry.from, to: entry.to, row: entry.rule }] : []));
  }

  /** Whole seconds since the engine started. */
  get second(): number {
    return this.#secondOf(this.run.clock.now());
  }

  async letPass(seconds: number): Promise<void> {
    const run = await this.running();
    await run.fake.tickAsync(seconds * 1000);
  }

  /**
   * Runs the clock to the last millisecond of `second`, so that all of that second happened:
   * even on a network without latency a datagram arrives a millisecond after it was sent.
   */
  async runToEndOfSecond(second: number): Promise<void> {
    const run = await this.running();
    const targetMs = START_MS + second * 1000 + 999;
    if (targetMs < run.clock.now()) throw new Error(`second ${second} has already passed (now at second ${this.second})`);
    await run.fake.tickAsync(targetMs - run.clock.now());
  }

  /**
   * Runs the clock to the first millisecond of `second`: what the scenario does next (an
   * operator's command, a sharing tag's change) happens in that second, and so do its exchanges.
   */
  async runToStartOfSecond(second: number): Promise<void> {
    const run = await this.running();
    const targetMs = START_MS + second * 1000;
    if (targetMs < run.clock.now()) throw new Error(`second ${second} has already begun (now at second ${this.second})`);
    await run.fake.tickAsync(targetMs - run.clock.now());
  }

  /** REGISTER transactions in arrival order, of one AOR or of all. */
  registerTransactions(aor?: string): RegisterTransaction[] {
    const transcript = this.run.registrar.transcript;
    if (transcript.dropped > 0) throw new Error(`the transcript dropped ${transcript.dropped} messages: the scenario is too long to count transactions`);
    // One record per branch, filled in as its datagrams and answers come.
    const byBranch = new Map<string, RegisterTransaction & { answers: number[]; datagrams: number }>();
    for (const entry of transcript.entries()) {
      const message = parseMessage(Buffer.from(entry.raw, "utf8"));
      const topVia = getVias(message)[0];
      const branch = topVia === undefined ? null : viaBranch(topVia);
      if (branch === null) continue;
      const transaction = byBranch.get(branch);
      if (message.kind === "request" && message.method === "REGISTER" && entry.direction === "in") {
        if (transaction !== undefined) transaction.datagrams += 1;
        else {
          byBranch.set(branch, {
            second: this.#secondOf(entry.atMs),
            aor: formatUri(getTo(message).uri),
            callId: getCallId(message),
            cseq: getCSeq(message).seq,
            digest: digestAnswerOf(message),
            answers: [],
            datagrams: 1,
            request: message,
            from: entry.peer,
            to: entry.local,
          });
        }
      } else if (message.kind === "response" && entry.direction === "out") {
        if (transaction !== undefined && transaction.answers.at(-1) !== message.status) transaction.answers.push(message.status);
      }
    }
    const all = [...byBranch.values()];
    return aor === undefined ? all : all.filter((t) => t.aor === aor);
  }

  /** The record of an account, as the engine identifies it (the full triple, D3). */
  recordOf(account: string): RecordId {
    const aor = this.aorOf(account);
    const { contact, registrar } = this.rowOf(account);
    if (contact == null || registrar == null) throw new Error(`the scenario's row for ${aor} has no contact or no registrar: it names no record`);
    return { aor, contact, registrar };
  }

  /** The engine's reg_list entry of `account`'s record (§9.2), which the engine must still hold. */
  listedRecordOf(account: string): ListedRecord {
    const listed = this.run.engine.list(this.recordOf(account));
    assert.ok("Registrant" in listed, `listing the record of ${account} gives that record`);
    return listed.Registrant;
  }

  async close(): Promise<void> {
    if (this.#run === null) return;
    await this.#run.engine.stop();
    this.#run.registrar.close();
  }

  /** The scenario's (first) row of `account`, and where it is in `rows`. */
  #rowAt(account: string): { readonly index: number; readonly row: RegistrantRow } {
    const aor = this.aorOf(account);
    const index = this.rows.findIndex((r) => r.aor === aor);
    const row = this.rows[index];
    if (row === undefined) throw new Error(`the scenario has no record for ${aor}`);
    return { index, row };
  }

  /** The registrar listens on TCP too, except during the scenario's outages (closed, then bound again). */
  #listenOnTcp(clock: Clock, network: MemoryNetwork, registrar: Registrar): void {
    const socket = `tcp:${REGISTRAR_HOST}:5060`;
    let listening = network.bind(socket);
    registrar.attach(listening);
    for (const { fromSecond, toSecond } of this.#tcpOutages) {
      clock.setTimeout(() => void listening.close(), fromSecond * 1000);
      clock.setTimeout(() => {
        listening = network.bind(socket);
        registrar.attach(listening);
      }, toSecond * 1000);
    }
  }

  #secondOf(ms: number): number {
    return Math.floor((ms - START_MS) / 1000);
  }

  async #script(): Promise<CompiledScript | null> {
    const source = await this.#scriptText();
    if (source === null) return null;
    // The script is part of what the scenario means: the reports show it next to the steps.
    this.attach(source.text, "text/yaml");
    return parseScript(source.text, source.name);
  }

  async #scriptText(): Promise<{ readonly text: string; readonly name: string } | null> {
    if (this.#shippedScript !== null) {
      const path = new URL(this.#shippedScript, SHIPPED_SCRIPTS).pathname;
      return { text: await readFile(path, "utf8"), name: `fixtures/scripts/${this.#shippedScript}` };
    }
    if (this.#scriptSource !== null) return this.#scriptSource;
    if (this.#scriptRules.length === 0) return null;
    const defaults = this.#scriptDefaults.size === 0 ? {} : { defaults: Object.fromEntries(this.#scriptDefaults) };
    return { text: stringify({ ...defaults, rules: this.#scriptRules }), name: "the scenario's registrar" };
  }

  /** Rules and defaults build the script: neither once the engine started, nor next to a whole script. */
  #mustBuildScriptFromRules(): void {
    this.#mustNotHaveStarted("change the registrar's script");
    if (this.#scriptSource !== null || this.#shippedScript !== null) throw new Error("the scenario already gave the registrar a whole script");
  }

  #onlyOneWholeScript(): void {
    if (this.#scriptSource !== null || this.#shippedScript !== null || this.#scriptRules.length > 0 || this.#scriptDefaults.size > 0) {
      throw new Error("the scenario already set up the registrar's script");
    }
  }

  #mustNotHaveStarted(what: string): void {
    if (this.started) throw new Error(`cannot ${what} once the engine has started`);
  }
}

/** The first credentials header of a request; a REGISTER carries at most one (§6.3). */
function digestAnswerOf(message: SipMessage): DigestAnswer | null {
  for (const header of ["Authorization", "Proxy-Authorization"] as const) {
    const value = headerValue(message, header);
    if (value !== null) return { header, params: parseAuthValue(value).params };
  }
  return null;
}

setWorldConstructor(RegistrantWorld);
// Simulated hours take milliseconds of wall time; a scenario that needs more than this is stuck.
setDefaultTimeout(20_000);

After(async function (this: RegistrantWorld, hook) {
  const { result } = hook;
  await writeScenarioTimeline(this, hook);
  if (result?.status === "FAILED" && this.started && this.startError === null) {
    // What crossed the wire is the first thing to read when a scenario fails.
    this.attach(this.run.registrar.transcript.ladder(), "text/plain");
  }
  await this.close();
});
