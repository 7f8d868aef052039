/**
 * Fixtures for the engine tests: a fake clock, a MemoryNetwork with the engine's sockets at
 * 10.0.0.1 and a minimal registrar (a TransactionLayer.onRequest that challenges, then accepts)
 * at 10.0.0.2, a static resolver, an in-memory store, and sinks that keep what the engine
 * produced (log lines, events, run log) for assertions.
 */
import { createClock } from "@sinonjs/fake-timers";
import { formatChallenge, secretFromPassword, verifyAuthorization } from "../engine/auth/index.js";
import type { Clock } from "../engine/clock.js";
import { memoryRunLog } from "../engine/events/run-log.js";
import { teeRunLog } from "../engine/events/run-log-ring.js";
import { createEngine, type EngineConfig } from "../engine/index.js";
import { memoryLogger } from "../engine/log.js";
import type { Random } from "../engine/random.js";
import type { RegistrantEngine, RegistrantEvent, RegistrantRow } from "../engine/registrant/index.js";
import { getAuthValues, getContacts, headerValue, type SipRequest, type SipResponse } from "../engine/sip/index.js";
import { MemoryRegistrantStore } from "../engine/store/memory-store.js";
import { TransactionLayer, type IncomingRequest } from "../engine/transaction/index.js";
import { MemoryNetwork, StaticResolver, type SocketName, type Transport } from "../engine/transport/index.js";
import type { DialogStateStore, RegistrantEventSink, RegistrantObserver, RunLogSink, ShtagSource } from "../engine/registrant/index.js";
import { createLab, ENGINE_HOST, PROXY_HOST, REALM, REGISTRAR_HOST, REGISTRAR_URI } from "./lab.js";

export { ENGINE_HOST, PROXY_HOST, REALM, REGISTRAR_HOST } from "./lab.js";
export const REGISTRAR = REGISTRAR_URI;

type FakeClock = ReturnType<typeof createClock>;

/** What the registrar saw: the request, when, and from which socket. */
export interface Received {
  readonly atMs: number;
  readonly request: SipRequest;
  readonly source: SocketName;
  readonly local: SocketName;
}

/** A scripted answer: a response, "silent" (never answer), or null for the default behaviour. */
export type Script = (incoming: IncomingRequest, registrar: Registrar) => SipResponse | "silent" | null;

/**
 * The minimal registrar: a request without valid credentials gets a 401 (MD5, qop=auth, fresh
 * nonce); with valid ones a 200 echoing the request's Contact (none for an unREGISTER).
 */
export class Registrar {
  readonly received: Received[] = [];
  /** Counts every request; `received` keeps them only while `keep` is on (long runs turn it off). */
  count = 0;
  keep = true;
  readonly users = new Map<string, string>();
  script: Script | null = null;
  readonly layer: TransactionLayer;
  readonly #random: Random;

  constructor(
    readonly transport: Transport,
    private readonly clock: Clock,
    random: Random,
  ) {
    this.#random = random;
    this.layer = new TransactionLayer({ clock, random: random.child() });
    this.layer.attach(transport);
    this.layer.onRequest((incoming) => this.#handle(incoming));
  }

  /** REGISTERs (and unREGISTERs) received for one AOR's Call-ID, or all. */
  requests(filter: (r: Received) => boolean = () => true): Received[] {
    return this.received.filter(filter);
  }

  #handle(incoming: IncomingRequest): void {
    this.count += 1;
    if (this.keep) this.received.push({ atMs: this.clock.now(), request: incoming.request, source: incoming.source, local: incoming.local });
    const scripted = this.script?.(incoming, this) ?? null;
    if (scripted === "silent") return;
    void incoming.respond(scripted ?? this.defaultResponse(incoming));
  }

  defaultResponse(incoming: IncomingRequest): SipResponse {
    const credentials = getAuthValues(incoming.request, "Authorization")[0];
    const verdict =
      credentials === undefined
        ? undefined
        : verifyAuthorization(credentials, {
            method: incoming.request.method,
            realm: REALM,
            secretFor: (name, algorithm) => {
              const password = this.users.get(name);
              return password === undefined ? undefined : secretFromPassword(password, algorithm);
            },
          });
    if (verdict?.kind !== "ok") return this.challenge(incoming);
    const contacts = getContacts(incoming.request);
    const removing = contacts.wildcard || contacts.contacts.some((c) => c.params.some(([n, v]) => n === "expires" && v === "0"));
    const contact = headerValue(incoming.request, "Contact");
    return incoming.createResponse(200, { headers: removing || contact === null ? [] : [["Contact", contact]] });
  }

  challenge(incoming: IncomingRequest): SipResponse {
    const header = formatChallenge({ realm: REALM, nonce: this.#random.hex(16), algorithm: "MD5", qop: ["auth"] });
    return incoming.createResponse(401, { headers: [["WWW-Authenticate", header]] });
  }
}

export interface HarnessOptions {
  readonly config?: EngineConfig;
  readonly rows?: readonly RegistrantRow[];
  /** Sockets the engine listens on; default one UDP socket at 10.0.0.1:5060. */
  readonly sockets?: readonly string[];
  readonly users?: Readonly<Record<string, string>>;
  readonly startMs?: number;
  readonly shtags?: ShtagSource;
  /** N11, N12: the dialog-state table (persist_state); off when absent. */
  readonly dialogStates?: DialogStateStore;
  readonly runLog?: boolean;
  readonly observer?: RegistrantObserver;
  /**
   * More engine deps made with the harness's clock (the service's management part): its event
   * sinks come after the one that fills `events`, its run log after the in-memory one.
   */
  readonly moreDeps?: (clock: Clock) => { readonly observer?: RegistrantObserver | null; readonly eventSinks?: readonly RegistrantEventSink[]; readonly runLog?: RunLogSink | null };
}

export interface Harness {
  readonly fake: FakeClock;
  readonly clock: Clock;
  readonly network: MemoryNetwork;
  readonly registrar: Registrar;
  readonly proxy: Registrar;
  readonly store: MemoryRegistrantStore;
  readonly engine: RegistrantEngine;
  readonly logger: ReturnType<typeof memoryLogger>;
  readonly runLog: ReturnType<typeof memoryRunLog>;
  /** Events with the simulated second they were raised at. */
  readonly events: Array<RegistrantEvent & { readonly atSec: number }>;
  /** The transition-table rows that decided each step, as `aor row-id` (EngineDeps.onRule). */
  readonly rules: string[];
  /** Seconds since the start of the run. */
  sec(): number;
  /** Moves simulated time on to `sec` seconds after the start. */
  until(sec: number): Promise<void>;
}

export function harness(options: HarnessOptions = {}): Harness {
  const lab = createLab({ startMs: options.startMs ?? 0 });
  const { startMs, fake, clock, random, network } = lab;
  const registrar = new Registrar(network.bind(`udp:${REGISTRAR_HOST}:5060`), clock, random.child());
  const proxy = new Registrar(network.bind(`udp:${PROXY_HOST}:5060`), clock, random.child());
  for (const [name, password] of Object.entries(options.users ?? { alice: "wonderland" })) {
    registrar.users.set(name, password);
    proxy.users.set(name, password);
  }
  const transports = (options.sockets ?? [`udp:${ENGINE_HOST}:5060`]).map((name) => network.bind(name));
  const resolver = new StaticResolver({ "example.org": [REGISTRAR_HOST], "proxy.example.org": [PROXY_HOST] });
  const store = new MemoryRegistrantStore(options.rows ?? []);
  const logger = memoryLogger();
  const runLog = memoryRunLog();
  const events: Harness["events"] = [];
  const more = options.moreDeps?.(clock) ?? {};
  const rules: string[] = [];
  const engine = createEngine(options.config ?? {}, {
    clock,
    transports,
    resolver,
    store,
    random: random.child(),
    logger,
    shtags: options.shtags ?? null,
    dialogStates: options.dialogStates ?? null,
    eventSinks: [{ emit: (event) => events.push({ ...event, atSec: Math.floor((clock.now() - startMs) / 1000) }) }, ...(more.eventSinks ?? [])],
    runLog: options.runLog === false ? (more.runLog ?? null) : more.runLog == null ? runLog : teeRunLog(runLog, more.runLog),
    onRule: (record, rowId) => rules.push(`${record.aor} ${rowId}`),
    observer: more.observer ?? options.observer ?? null,
  });
  return {
    fake,
    clock,
    network,
    registrar,
    proxy,
    store,
    engine,
    logger,
    runLog,
    events,
    rules,
    sec: lab.seconds,
    until: lab.until,
  };
}

/** A row for the registrar at example.org with alice's credentials. */
export function row(aor: string, extra: Partial<RegistrantRow> = {}): RegistrantRow {
  const user = /^sips?:([^@]+)@/.exec(aor)?.[1] ?? "alice";
  return {
    aor,
    contact: `sip:${user}@${ENGINE_HOST}:5060`,
    registrar: REGISTRAR,
    username: "alice",
    password: "wonderland",
    expiry: 3600,
    ...extra,
  };
}

/** Header names of a request in wire order. */
export function headerNames(request: SipRequest): string[] {
  return request.headers.map((h) => h.name);
}
