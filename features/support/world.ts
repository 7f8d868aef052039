/**
 * The World of the conformance suite: every scenario builds its own engine, simulated registrar,
 * memory network and fake clock from the shared lab (testkit/lab.ts), all from one seed
 * (`UACREG_SEED`, default 7), with no latency or loss. Given steps collect module parameters,
 * records (scenario-records.ts) and the registrar's script (registrar-script.ts); the engine is
 * built when the scenario starts it (explicitly, or on the first step that lets time pass).
 * Assertions read what crossed the wire (wire.ts), the events, the Status/Report and the clock,
 * all in seconds since the engine started. The hooks are in hooks.ts.
 */
import assert from "node:assert/strict";
import { World, type IWorldOptions } from "@cucumber/cucumber";
import {
  createEngine,
  MemoryDialogStateStore,
  memoryLogger,
  MemoryRegistrantStore,
  memoryRunLog,
  MemoryShtags,
  type Shtag,
  ModuleParamError,
  StaticResolver,
  type Clock,
  type EngineConfig,
  type ListedRecord,
  type LoadReport,
  type MemoryNetwork,
  type RecordId,
  type RegistrantEngine,
  type RegistrantEventName,
  type RegistrantEventParams,
  type RegistrantOperationError,
  type RegistrantRow,
} from "../../engine/index.js";
import { createRegistrar, type Registrar } from "../../simulator/index.js";
import { createLab, ENGINE_HOST, labSeed, labUserTable, LAB_START_MS, REALM, REGISTRAR_HOST, REGISTRAR_URI, type Lab } from "../../testkit/lab.js";
import { registerTransactions, type RegisterTransaction } from "./wire.js";
import { LeaseCluster, THIS_NODE, type LeaseTimes } from "./lease-cluster.js";
import { parseShtag } from "./shtags.js";
import { ScenarioRecords } from "./scenario-records.js";
import { ScenarioScript, type DefaultListSetting, type ScriptRule } from "./registrar-script.js";
import { slowResolver } from "./slow-resolver.js";
import { constantDraw } from "./constant-draw.js";

export { RECORD_COLUMNS, type RecordColumn } from "./scenario-records.js";
export type { DefaultListSetting, ScriptRule } from "./registrar-script.js";
export type { DigestAnswer, RegisterTransaction } from "./wire.js";

/** The fake clock's start: a whole second, so "second N" of a scenario is an exact Unix second. */
export const START_MS = LAB_START_MS;
export const DOMAIN = REALM;
export { REGISTRAR_HOST };
/** The seed of every scenario of this run: the network, the registrar and the engine draw child streams from it. */
export const SUITE_SEED = labSeed();

export interface LoggedEvent {
  /** Seconds since the engine started. */
  readonly second: number;
  readonly name: RegistrantEventName;
  /** Every parameter the event carried, as the sink received them (§10: aor, contact, registrar). */
  readonly params: RegistrantEventParams & Readonly<Record<string, string>>;
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

/** What exists once the engine has been built. */
interface Run {
  readonly fake: Lab["fake"];
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
  "dns_failover",
  "keepalive_interval",
  "keepalive_timeout",
];

export class RegistrantWorld extends World {
  readonly moduleParams: { [K in ModuleParamName]?: string } = {};
  readonly records = new ScenarioRecords();
  readonly script = new ScenarioScript();
  readonly events: LoggedEvent[] = [];
  #run: Run | null = null;
  /** The refusal of `When the engine starts`, kept for the step that expects it. */
  startError: ModuleParamError | null = null;
  /** Seconds at which the registrar stops and starts listening on TCP (D25), in order. */
  readonly #tcpOutages: { readonly fromSecond: number; readonly toSecond: number }[] = [];
  /** D36: sockets of the registrar that are gone from the network (closed) between two seconds. */
  readonly #socketOutages: { readonly socket: string; readonly fromSecond: number; readonly toSecond: number }[] = [];
  /** Seconds at which the registrar's side resets every TCP connection to it (D37). */
  readonly #tcpResets: number[] = [];
  /** Seconds at which every TCP connection to the registrar goes silent, without a reset (D37). */
  readonly #tcpSilences: number[] = [];
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
  /** Set by a step before the start: this node holds its sharing tags as leases in a shared database instead. */
  leaseTimes: LeaseTimes | null = null;
  #leases: LeaseCluster | null = null;
  /** Every line the engine logged (D16: none may carry a password). */
  readonly logger = memoryLogger();
  /** N11, N12: with persist_state the engine saves its dialogs here, and a restart of this node reads them back. */
  persistState = false;
  /** The dialog-state table, shared by this node's engines (before and after a restart) and the nodes of the scenario's past. */
  readonly dialogStates = new MemoryDialogStateStore();
  /** Builds an engine over the scenario's lab: the first at the start, another at each restart. */
  #newEngine: (() => RegistrantEngine) | null = null;
  /** The error of the last operation a step only tried, kept for the step that expects it. */
  operationError: RegistrantOperationError | null = null;

  constructor(options: IWorldOptions) {
    super(options);
  }

  get rows(): RegistrantRow[] {
    return this.records.rows;
  }

  get lastLoad(): LoadReport | null {
    return this.records.lastLoad;
  }

  get loadReport(): LoadReport {
    return this.records.loadReport;
  }

  aorOf(account: string): string {
    return this.records.aorOf(account);
  }

  /** `expiry` null leaves the column empty, so that default_expires applies (D2). */
  addRecord(account: string, options: { readonly password: string | null; readonly expiry: number | null }): void {
    this.#mustNotHaveStarted("add a record");
    this.records.rows.push(this.records.newRow(account, options));
  }

  newRow(account: string, options: { readonly password: string | null; readonly expiry: number | null }): RegistrantRow {
    return this.records.newRow(account, options);
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

  /** The registrar's `socket` is gone from the network from `fromSecond` until `toSecond` (exclusive): nothing sent there arrives (D36). */
  silenceBetween(socket: string, fromSecond: number, toSecond: number): void {
    this.#mustNotHaveStarted("schedule a registrar outage");
    if (!(fromSecond >= 0 && toSecond > fromSecond)) throw new Error(`an outage needs 0 <= from < to, got ${fromSecond} to ${toSecond}`);
    this.#socketOutages.push({ socket, fromSecond, toSecond });
  }

  /** The registrar's side resets every TCP connection to it at `second` (D37), as a NAT timing out or a restart would. */
  resetTcpAt(second: number): void {
    this.#mustNotHaveStarted("schedule a TCP reset");
    this.#tcpResets.push(second);
  }

  /**
   * Every TCP connection to the registrar goes silent at `second` (D37), as when a NAT between
   * forgets it without a reset: open, but carrying nothing either way. The registrar still listens.
   */
  silenceTcpAt(second: number): void {
    this.#mustNotHaveStarted("schedule a silent TCP connection");
    this.#tcpSilences.push(second);
  }

  /** Sets one column of the row of `account`, added by an earlier step (before the start). */
  setRowColumn(account: string, column: keyof RegistrantRow, value: string | number | null): void {
    this.#mustNotHaveStarted("change a record");
    this.records.setColumn(account, column, value);
  }

  rowOf(account: string): RegistrantRow {
    return this.records.rowOf(account);
  }

  rememberRow(row: RegistrantRow): void {
    this.records.remember(row);
  }

  expectRejection(account: string): void {
    this.records.expectRejection(account);
  }

  expectAnyRejection(): void {
    this.records.expectAnyRejection();
  }

  rejectionsOf(account: string): LoadReport["rejected"] {
    return this.records.rejectionsOf(account);
  }

  acceptLoad(report: LoadReport): void {
    this.records.acceptLoad(report);
  }

  recordOf(account: string): RecordId {
    return this.records.recordOf(account);
  }

  setModuleParam(name: string, value: string): void {
    this.#mustNotHaveStarted("change a module parameter");
    const known = MODULE_PARAM_NAMES.find((param) => param === name);
    if (known === undefined) throw new Error(`unknown module parameter ${name} (known: ${MODULE_PARAM_NAMES.join(", ")})`);
    this.moduleParams[known] = value;
  }

  addScriptRule(rule: ScriptRule): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.script.addRule(rule);
  }

  addScriptDefaultValues(setting: DefaultListSetting, values: readonly string[]): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.script.addDefaultValues(setting, values);
  }

  useScriptText(text: string): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.script.useText(text);
  }

  useShippedScript(name: string): void {
    this.#mustNotHaveStarted("change the registrar's script");
    this.script.useShipped(name);
  }

  get started(): boolean {
    return this.#run !== null || this.startError !== null;
  }

  /** Builds everything at second 0 and starts the engine; a refused module parameter is kept in `startError`. */
  async start(): Promise<void> {
    this.#mustNotHaveStarted("start the engine");
    const { fake, clock, random, network } = createLab({ seed: SUITE_SEED });
    const source = await this.script.text();
    // The script is part of what the scenario means: the reports show it next to the steps.
    if (source !== null) this.attach(source.text, "text/yaml");
    const script = source === null ? null : ScenarioScript.compile(source);
    const registrar = createRegistrar({
      clock,
      random: random.child(),
      realm: REALM,
      users: labUserTable(),
      ...(script === null ? {} : { script }),
    });
    this.#listenOn(clock, network, registrar, `udp:${REGISTRAR_HOST}:5060`);
    this.#listenOnTcp(clock, network, registrar);
    for (const socket of this.extraRegistrarSockets) this.#listenOn(clock, network, registrar, socket);
    const refusedConnections: number[] = [];
    network.observe((event) => {
      if (event.kind === "refused") refusedConnections.push(this.#secondOf(event.atMs));
    });
    const store = new MemoryRegistrantStore(this.rows);
    const resolver = new StaticResolver({ [REALM]: [REGISTRAR_HOST], ...this.resolverEntries });
    const runLog = memoryRunLog();
    const leases = this.leaseTimes === null ? null : new LeaseCluster(clock, this.leaseTimes, () => this.#rowTags());
    const newEngine = (): RegistrantEngine =>
      createEngine(this.moduleParams, {
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
        shtags: leases?.node(THIS_NODE) ?? this.shtags,
        logger: this.logger,
        runLog,
        eventSinks: [{ emit: (event) => this.events.push({ second: this.#secondOf(clock.now()), name: event.name, params: { ...event.params } }) }],
        dialogStates: this.persistState ? this.dialogStates : null,
      });
    let engine: RegistrantEngine;
    try {
      engine = newEngine();
    } catch (error) {
      registrar.close();
      if (!(error instanceof ModuleParamError)) throw error;
      this.startError = error;
      return;
    }
    engine.onCircuit((event) => this.circuitEvents.push({ second: this.#secondOf(clock.now()), name: event.name, registrar: event.registrar }));
    this.#newEngine = newEngine;
    const loadReport = await engine.start();
    await leases?.node(THIS_NODE).start();
    this.#leases = leases;
    this.#run = { fake, clock, registrar, engine, store, resolver, refusedConnections, runLog };
    this.acceptLoad(loadReport);
  }

  /**
   * The node restarts at the current second: the engine stops (requests in flight are abandoned,
   * changed dialogs saved) and a new one starts on the same sockets, table, registrar and clock.
   */
  /**
   * Stops the engine and starts a new one on the same tables; `killed`: as after kill -9, the
   * dialog-state table keeps only what was saved before (the stop's final save is undone).
   */
  async restart(killed = false): Promise<void> {
    const run = await this.running();
    const savedAtKill = this.dialogStates.rows;
    await run.engine.stop();
    if (killed) this.dialogStates.restore(savedAtKill);
    if (this.#newEngine === null) throw new Error("the engine was never built");
    const engine = this.#newEngine();
    this.#run = { ...run, engine };
    this.acceptLoad(await engine.start());
  }

  /** The lease database and its nodes (a scenario that holds its tags as leases, once started). */
  get leases(): LeaseCluster {
    if (this.#leases === null) throw new Error("this scenario holds no leases: a step must say so before the engine starts");
    return this.#leases;
  }

  /** The sharing tags the rows name (the lease keepers' tags). */
  #rowTags(): Shtag[] {
    return this.rows.flatMap((row) => (row.cluster_shtag == null || row.cluster_shtag === "" ? [] : [parseShtag(row.cluster_shtag)]));
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
    const all = registerTransactions(this.run.registrar.transcript, (atMs) => this.#secondOf(atMs));
    return aor === undefined ? all : all.filter((t) => t.aor === aor);
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

  /** The registrar listens on TCP too, except during the scenario's outages (closed, then bound again). */
  #listenOnTcp(clock: Clock, network: MemoryNetwork, registrar: Registrar): void {
    const socket = `tcp:${REGISTRAR_HOST}:5060`;
    for (const second of this.#tcpResets) clock.setTimeout(() => network.breakConnections(socket), second * 1000);
    for (const second of this.#tcpSilences) clock.setTimeout(() => network.silenceConnections(socket), second * 1000);
    this.#listenOn(clock, network, registrar, socket, this.#tcpOutages);
  }

  /** The registrar listens on `socket`, except during its outages (closed, then bound again). */
  #listenOn(clock: Clock, network: MemoryNetwork, registrar: Registrar, socket: string, more: readonly { readonly fromSecond: number; readonly toSecond: number }[] = []): void {
    let listening = network.bind(socket);
    registrar.attach(listening);
    const outages = [...more, ...this.#socketOutages.filter((outage) => outage.socket === socket)];
    for (const { fromSecond, toSecond } of outages) {
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

  #mustNotHaveStarted(what: string): void {
    if (this.started) throw new Error(`cannot ${what} once the engine has started`);
  }
}
