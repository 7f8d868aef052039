/**
 * The World of the conformance suite: every scenario builds its own engine, simulated registrar,
 * memory network and fake clock, all from one seed, with no latency or loss. Given steps collect
 * module parameters, records and the registrar's script; the engine is built when the scenario
 * starts it (explicitly, or on the first step that lets time pass). Assertions read what crossed
 * the wire (the registrar's transcript, folded into REGISTER transactions), the events, the
 * Status/Report and the clock, all in seconds since the engine started.
 */
import { After, setDefaultTimeout, setWorldConstructor, World, type IWorldOptions } from "@cucumber/cucumber";
import { readFile } from "node:fs/promises";
import { createClock } from "@sinonjs/fake-timers";
import { stringify } from "yaml";
import { fromFakeClock, type Clock } from "../../engine/clock.js";
import { memoryRunLog } from "../../engine/events/run-log.js";
import { createEngine, ModuleParamError, type EngineConfig, type RegistrantEngine } from "../../engine/index.js";
import { seededRandom } from "../../engine/random.js";
import type { RecordId, RegistrantEventName, RegistrantRow } from "../../engine/registrant/index.js";
import { formatUri, getCallId, getCSeq, getTo, getVias, headerValue, parseAuthValue, parseMessage, viaBranch, type SipMessage } from "../../engine/sip/index.js";
import { MemoryRegistrantStore } from "../../engine/store/memory-store.js";
import { MemoryNetwork, StaticResolver } from "../../engine/transport/index.js";
import { createRegistrar, parseScript, parseUsersFile, type CompiledScript, type Registrar } from "../../simulator/index.js";
import { writeScenarioTimeline } from "./scenario-timeline.js";

/** The fake clock's start: a whole second, so "second N" of a scenario is an exact Unix second. */
export const START_MS = Date.UTC(2026, 0, 1);
export const DOMAIN = "example.org";
export const REGISTRAR_URI = `sip:${DOMAIN}`;
const ENGINE_HOST = "10.0.0.1";
const REGISTRAR_HOST = "10.0.0.2";
/** One seed for the whole scenario: the network, the registrar and the engine draw child streams from it. */
const SEED = 7;
/** The accounts the simulated registrar knows (realm example.org). */
export const KNOWN_USERS: Readonly<Record<string, string>> = { alice: "wonderland", bob: "rosebud" };
const SHIPPED_SCRIPTS = new URL("../../fixtures/scripts/", import.meta.url);

export interface LoggedEvent {
  /** Seconds since the engine started. */
  readonly second: number;
  readonly name: RegistrantEventName;
  readonly aor: string;
}

/** One REGISTER client transaction as the registrar saw it: retransmissions are folded into it. */
export interface RegisterTransaction {
  /** When its first datagram arrived, in seconds since the engine started. */
  readonly second: number;
  readonly aor: string;
  readonly callId: string;
  readonly cseq: number;
  /** It carried Authorization or Proxy-Authorization. */
  readonly credentials: boolean;
  /** The digest answer it carried (§6.3), or null when it carried none. */
  readonly digest: DigestAnswer | null;
  /** Status codes the registrar sent for it, in order (retransmitted answers included once). */
  readonly answers: readonly number[];
  readonly datagrams: number;
  /** The request as first sent, for assertions about its headers. */
  readonly request: SipMessage;
}

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
  /** What the engine did, in order: the scenario's timeline is drawn from it. */
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

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** `alice` stands for sip:alice@example.org; a full URI is taken as written. */
  aorOf(account: string): string {
    return account.includes(":") ? account : `sip:${account}@${DOMAIN}`;
  }

  addRecord(account: string, options: { readonly password: string | null; readonly expiry: number }): void {
    this.#mustNotHaveStarted("add a record");
    const aor = this.aorOf(account);
    const user = /^sips?:([^@]+)@/.exec(aor)?.[1] ?? account;
    this.rows.push({
      aor,
      contact: `sip:${user}@${ENGINE_HOST}:5060`,
      registrar: REGISTRAR_URI,
      username: options.password === null ? null : user,
      password: options.password,
      expiry: options.expiry,
    });
  }

  /** Gives the record of `account`, added by an earlier step, the binding params written after its Contact (D8). */
  setBindingParams(account: string, params: string): void {
    this.#mustNotHaveStarted("change a record");
    const aor = this.aorOf(account);
    const index = this.rows.findIndex((r) => r.aor === aor);
    const row = this.rows[index];
    if (row === undefined) throw new Error(`the scenario has no record for ${aor}`);
    this.rows[index] = { ...row, binding_params: params };
  }

  setModuleParam(name: string, value: string): void {
    this.#mustNotHaveStarted("change a module parameter");
    const known = MODULE_PARAM_NAMES.find((param) => param === name);
    if (known === undefined) throw new Error(`unknown module parameter ${name} (known: ${MODULE_PARAM_NAMES.join(", ")})`);
    this.moduleParams[known] = value;
  }

  addScriptRule(rule: ScriptRule): void {
    this.#mustNotHaveStarted("change the registrar's script");
    if (this.#scriptSource !== null || this.#shippedScript !== null) throw new Error("the scenario already gave the registrar a whole script");
    this.#scriptRules.push(rule);
  }

  /**
   * Adds values to a list setting of the script's `defaults`, keeping those earlier steps added:
   * the registrar's own checks verify only answers to what its defaults offer (simulator/README.md
   * "Defaults"), so every algorithm and qop a scripted challenge offers must be listed there.
   */
  addScriptDefaultValues(setting: DefaultListSetting, values: readonly string[]): void {
    this.#mustNotHaveStarted("change the registrar's script");
    if (this.#scriptSource !== null || this.#shippedScript !== null) throw new Error("the scenario already gave the registrar a whole script");
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
      users: parseUsersFile(`[${DOMAIN}]\n${Object.entries(KNOWN_USERS).map(([user, password]) => `${user} ${password}`).join("\n")}\n`),
      ...(script === null ? {} : { script }),
    });
    registrar.attach(network.bind(`udp:${REGISTRAR_HOST}:5060`));
    const store = new MemoryRegistrantStore(this.rows);
    const runLog = memoryRunLog();
    let engine: RegistrantEngine;
    try {
      engine = createEngine(this.moduleParams, {
        clock,
        transports: [network.bind(`udp:${ENGINE_HOST}:5060`)],
        resolver: new StaticResolver({ [DOMAIN]: [REGISTRAR_HOST] }),
        store,
        random: random.child(),
        runLog,
        eventSinks: [{ emit: (event) => this.events.push({ second: this.#secondOf(clock.now()), name: event.name, aor: event.params.aor }) }],
      });
    } catch (error) {
      registrar.close();
      if (!(error instanceof ModuleParamError)) throw error;
      this.startError = error;
      return;
    }
    const loadReport = await engine.start();
    this.#run = { fake, clock, registrar, engine, store, runLog };
    // A record the engine refused would make every later assertion about it misleading.
    const refused = loadReport.rejected.map((r) => `${r.aor ?? "?"}: ${r.param}: ${r.reason}`);
    if (refused.length > 0) throw new Error(`the engine refused records:\n${refused.join("\n")}`);
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

  /** REGISTER transactions in arrival order, of one AOR or of all. */
  registerTransactions(aor?: string): RegisterTransaction[] {
    const transcript = this.run.registrar.transcript;
    if (transcript.dropped > 0) throw new Error(`the transcript dropped ${transcript.dropped} messages: the scenario is too long to count transactions`);
    const byBranch = new Map<string, { first: RegisterTransaction; answers: number[]; datagrams: number }>();
    for (const entry of transcript.entries()) {
      const message = parseMessage(Buffer.from(entry.raw, "utf8"));
      const topVia = getVias(message)[0];
      const branch = topVia === undefined ? null : viaBranch(topVia);
      if (branch === null) continue;
      if (message.kind === "request" && message.method === "REGISTER" && entry.direction === "in") {
        const known = byBranch.get(branch);
        if (known !== undefined) {
          known.datagrams += 1;
          continue;
        }
        const digest = digestAnswerOf(message);
        const first: RegisterTransaction = {
          second: this.#secondOf(entry.atMs),
          aor: formatUri(getTo(message).uri),
          callId: getCallId(message),
          cseq: getCSeq(message).seq,
          credentials: digest !== null,
          digest,
          answers: [],
          datagrams: 1,
          request: message,
        };
        byBranch.set(branch, { first, answers: [], datagrams: 1 });
      } else if (message.kind === "response" && entry.direction === "out") {
        const transaction = byBranch.get(branch);
        if (transaction !== undefined && transaction.answers.at(-1) !== message.status) transaction.answers.push(message.status);
      }
    }
    const all = Array.from(byBranch.values(), ({ first, answers, datagrams }) => ({ ...first, answers, datagrams }));
    return aor === undefined ? all : all.filter((t) => t.aor === aor);
  }

  /** The record of an account, as the engine identifies it (the full triple, D3). */
  recordOf(account: string): RecordId {
    const aor = this.aorOf(account);
    const row = this.rows.find((r) => r.aor === aor);
    if (row?.contact == null || row.registrar == null) throw new Error(`the scenario has no record for ${aor}`);
    return { aor, contact: row.contact, registrar: row.registrar };
  }

  async close(): Promise<void> {
    if (this.#run === null) return;
    await this.#run.engine.stop();
    this.#run.registrar.close();
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
