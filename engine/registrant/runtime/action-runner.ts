/**
 * Carries out what the state machine asks for (ARCHITECTURE.md: the FSM decides, the engine
 * acts). `feed` steps a record, commits its new runtime, then performs the actions in order:
 * events (after the commit), SR reports, state-column writes, warnings, and sends. A send builds
 * the REGISTER, resolves the next hop, runs a client transaction and feeds the outcome back with
 * the generation it was sent with, so stale outcomes are ignored (D15). Network input never
 * throws out of here: a failure to resolve or to find a socket is a transport error (D25), and
 * an unexpected exception while handling an outcome is logged.
 *
 * The D26 detached unREGISTER runs here too, outside any record: for a REGISTERED record that
 * left the table, and for a request still in flight when its record was retired.
 */
import type { Clock } from "../../clock.js";
import { nowSeconds } from "../../clock.js";
import type { Logger } from "../../log.js";
import type { Random } from "../../random.js";
import type { SipRequest } from "../../sip/index.js";
import type { RequestRoute, SendRequestOptions, TransactionLayer, TransactionOutcome } from "../../transaction/index.js";
import type { Resolver, Transport } from "../../transport/index.js";
import { attemptOrder, formatSocketName, pinAfter, TransportError } from "../../transport/index.js";
import type { RegistrantAction, SendAction } from "../policy/actions.js";
import type { DetachedStep } from "../policy/detached-unregister.js";
import { afterRetirement, detachedStep, startDetachedUnregister } from "../policy/detached-unregister.js";
import type { EventBus } from "./event-bus.js";
import { eventForState, registrantEvent } from "../policy/events.js";
import { bindingExpiryAfter, dialogChanged } from "../policy/dialog-resume.js";
import type { FsmEnv, FsmInput, Transition } from "../policy/fsm.js";
import { step } from "../policy/fsm.js";
import type { ModuleParams } from "../policy/module-params.js";
import { resolveNextHop, resolveNextHops, type NextHop } from "../policy/next-hop.js";
import { foreignReplyField } from "../policy/reply-identity.js";
import type { RegistrantObserver, RegistrantStore, RuleTrace, RunLogEntry, RunLogSink } from "../contracts.js";
import { REPLACEMENT_RULE, RESUME_RULE } from "../contracts.js";
import type { RegistrantConfig, RegistrantRuntime } from "../policy/record.js";
import { recordId } from "../policy/record.js";
import type { TableEntry } from "./table-entry.js";
import { buildRegister } from "../policy/request.js";
import { addStateReport, reportReplacement } from "../views/status-report.js";
import { StringPool } from "../policy/string-pool.js";
import type { RegistrantStateName } from "../policy/states.js";
import { SendPacer } from "./send-pacer.js";
import { sendPriority, type SendPriority } from "../policy/send-pacing.js";
import { CircuitBoard } from "./circuit-board.js";
import { SendInterleave } from "./send-interleave.js";
import { errorMessage } from "../../errors.js";

export interface ActionRunnerDeps {
  readonly clock: Clock;
  readonly params: ModuleParams;
  readonly random: Random;
  readonly layer: TransactionLayer;
  readonly resolver: Resolver;
  readonly transports: readonly Transport[];
  readonly store: RegistrantStore;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly runLog: RunLogSink | null;
  readonly onRule: RuleTrace | null;
  /** D30: where back-off jitter is drawn from; `random` when null. */
  readonly jitter: Random | null;
  readonly observer: RegistrantObserver | null;
  /** §12: is the record's sharing tag active on this node (or has it none)? */
  readonly isActive: (config: RegistrantConfig) => boolean;
  /** N11, N12: told of each step that changed what is saved of a record's dialog; null without persist_state. */
  readonly dialogChanged: ((slot: TableEntry) => void) | null;
  /**
   * N11, N12 write-ahead: resolves when the record's dialog, with the CSeq about to be sent, is
   * saved, or when the send must go without it (the engine decides); null without persist_state,
   * and then a send goes at once, without waiting for anything.
   */
  readonly dialogSaved: ((slot: TableEntry) => Promise<unknown>) | null;
  /** Told after a record's request ended and its outcome was taken (the record may have sent the next one). */
  readonly requestEnded: (slot: TableEntry) => void;
}

/**
 * REGISTERs sent per turn of the event loop before the sockets are read again: libuv reads up
 * to 32 datagrams from a UDP socket per turn, so replies are read as fast as requests leave.
 */
const SENDS_PER_TURN = 32;

/** D28: a record's dropped replies are logged at most once in this time. */
const FOREIGN_REPLY_LOG_INTERVAL_MS = 60_000;

type RunLogBody = RunLogEntry extends infer E ? (E extends RunLogEntry ? Omit<E, "atMs" | "aor" | "contact" | "registrar"> : never) : never;

export class ActionRunner {
  readonly #deps: ActionRunnerDeps;
  #stopped = false;
  #detached = 0;
  #foreignReplies = 0;
  readonly #strings = new StringPool();
  /** D33: paces new REGISTERs when startup_spread or register_rate_limit is set, else null. */
  readonly #pacer: SendPacer | null;
  /** On a real event loop, lets replies be read between the sends of a burst; null on a fake clock. */
  readonly #interleave: SendInterleave | null;
  /** D34: the circuits of the next hops when registrar_circuit is set, else null. */
  readonly circuits: CircuitBoard | null;
  /** D32: registrars already named in a refresh_floor warning (one warning per registrar). */
  readonly #flooredRegistrars = new Set<string>();
  /** reg_list's `socket` of each transport, formatted once: the set of transports is fixed. */
  readonly #socketNames: ReadonlyMap<Transport, string>;

  constructor(deps: ActionRunnerDeps) {
    this.#deps = deps;
    this.#socketNames = new Map(deps.transports.map((transport) => [transport, formatSocketName(transport.local)]));
    const { startupSpreadSec, registerRateLimit, registrarCircuit, registrarCircuitProbeIntervalSec } = deps.params.trouble;
    this.circuits = registrarCircuit > 0 ? new CircuitBoard(registrarCircuit, registrarCircuitProbeIntervalSec, deps.logger) : null;
    this.#pacer =
      startupSpreadSec > 0 || registerRateLimit > 0 ? new SendPacer(deps.clock, registerRateLimit, startupSpreadSec, deps.jitter ?? deps.random) : null;
    const afterIo = deps.clock.afterIo?.bind(deps.clock);
    this.#interleave = afterIo === undefined ? null : new SendInterleave(afterIo, SENDS_PER_TURN);
  }

  /** D26 exchanges not finished yet. */
  get detachedInFlight(): number {
    return this.#detached;
  }

  /** D28: replies dropped because they did not belong to the REGISTER they matched by branch. */
  get foreignReplies(): number {
    return this.#foreignReplies;
  }

  /** From now on nothing is sent and no outcome reaches a record (engine stop). */
  stop(): void {
    this.#stopped = true;
    this.#pacer?.stop();
  }

  /**
   * Steps `slot` with `input` and performs the actions. Returns the state-column writes to wait
   * for (enable/disable, §8), or null when there are none. Throws only on a programming error
   * (RegistrantStateError), with the record unchanged. `continued`: the record continues a saved
   * dialog whose refresh is due (N12), so its REGISTER is paced as a refresh, not as a first
   * REGISTER (no startup_spread, D33).
   */
  feed(slot: TableEntry, input: FsmInput, continued = false): Promise<void> | null {
    const { config } = slot;
    const admits = input.kind === "visit" && this.circuits !== null ? this.circuits.admits(config, input.nowSec) : "closed";
    const env: FsmEnv = {
      params: this.#deps.params,
      random: this.#deps.random,
      active: this.#deps.isActive(config),
      jitter: this.#deps.jitter ?? this.#deps.random,
      circuitOpen: admits === "open",
    };
    const from = slot.runtime.state;
    const before = slot.runtime;
    const transition = step(config, before, input, env);
    slot.runtime = transition.runtime;
    this.#trackBinding(slot, before, transition, input.nowSec);
    if (admits === "probe" && transition.actions.some((action) => action.kind === "send")) this.circuits?.probeSent(config, input.nowSec);
    const { row } = transition;
    if (row !== null) this.#deps.onRule?.(config, row.id);
    if (row !== null && row.to !== "unchanged") this.#log(config, () => ({ kind: "state", from, to: row.to, rule: row.id }));
    let writes: Promise<void>[] | null = null;
    for (const action of transition.actions) {
      const write = this.#perform(slot, action, continued ? 0 : sendPriority(from));
      if (write !== null) (writes ??= []).push(write);
    }
    return writes === null ? null : Promise.all(writes).then(() => undefined);
  }

  /** Keeps the binding's end up to date and tells `dialogChanged` when what is saved of the dialog changed. */
  #trackBinding(slot: TableEntry, before: RegistrantRuntime, transition: Transition, nowSec: number): void {
    const bindingBefore = slot.bindingExpiresMs;
    slot.bindingExpiresMs = bindingExpiryAfter(transition.row, nowSec, transition.runtime.expiresSec, bindingBefore);
    // No step on a node where the record's tag is BACKUP changes the dialog; the epoch fence covers a node that lost the tag meanwhile.
    if (this.#deps.dialogChanged !== null && dialogChanged(before, transition.runtime, bindingBefore, slot.bindingExpiresMs)) {
      this.#deps.dialogChanged(slot);
    }
  }

  /**
   * D26a: `slot` took another record's place and starts NOT_REGISTERED. Its identifier says so
   * (unless it does already), and the run log gets the same change, so that timelines drawn from
   * either agree.
   */
  replaced(slot: TableEntry): void {
    const from = reportReplacement(slot.log, nowSeconds(this.#deps.clock));
    if (from !== null) this.#log(slot.config, () => ({ kind: "state", from, to: slot.runtime.state, rule: REPLACEMENT_RULE }));
  }

  /**
   * N11, N12: `slot` continued its saved dialog as REGISTERED (from NOT_REGISTERED, no request
   * sent): its identifier, its event and the run log say so, as for a 2xx.
   */
  resumed(slot: TableEntry, from: RegistrantStateName): void {
    const { config } = slot;
    const to = slot.runtime.state;
    addStateReport(slot.log, to, nowSeconds(this.#deps.clock));
    this.#log(config, () => ({ kind: "state", from, to, rule: RESUME_RULE }));
    const name = eventForState(to);
    if (name === null) return;
    this.#deps.bus.emit(registrantEvent(name, config));
    this.#log(config, () => ({ kind: "event", name }));
  }

  /** D26: unREGISTERs a record that left the table while REGISTERED, in its dialog. */
  unregisterDetached(config: RegistrantConfig, runtime: RegistrantRuntime): void {
    if (this.#stopped) return;
    this.#startDetached(startDetachedUnregister(config, runtime));
  }

  #perform(slot: TableEntry, action: RegistrantAction, priority: SendPriority): Promise<void> | null {
    const { config } = slot;
    switch (action.kind) {
      case "raise-event":
        this.#deps.bus.emit(registrantEvent(action.event, config));
        this.#log(config, () => ({ kind: "event", name: action.event }));
        return null;
      case "add-report":
        addStateReport(slot.log, action.state, action.atSec);
        return null;
      case "write-state":
        // §8: a failed write is logged and the operation still succeeds.
        return this.#deps.store.writeState(recordId(config), action.enabled).catch((error: unknown) => {
          this.#deps.logger.warn({ aor: config.aor, contact: config.contact, registrar: config.registrar, err: errorMessage(error) }, "state column write failed");
        });
      case "warning":
        if (action.code === "refresh_floor") {
          if (this.#flooredRegistrars.has(config.registrar)) return null;
          this.#flooredRegistrars.add(config.registrar);
        }
        this.#deps.logger.warn({ aor: config.aor, code: action.code }, action.message);
        return null;
      case "send":
        if (!this.#stopped) this.#send(slot, action, priority);
        return null;
    }
  }

  #send(slot: TableEntry, action: SendAction, priority: SendPriority): void {
    const request = buildRegister(slot.config, action, this.#deps.params.userAgent);
    const go = this.#transmission(slot, request, action);
    const saved = this.#deps.dialogSaved;
    const interleave = this.#interleave;
    const transmit = interleave === null ? go : (): void => interleave.run(go);
    // Write-ahead: the CSeq is in the table before the REGISTER leaves; the tag may have gone BACKUP meanwhile (§12, D14).
    const send =
      saved === null
        ? transmit
        : (): void =>
            void saved(slot).then(() => {
              if (this.#deps.isActive(slot.config)) transmit();
              else this.#settle(slot, action, { kind: "transport-error", error: new TransportError("closed", "not sent: the sharing tag went BACKUP while the dialog was saved", { fault: "local" }) });
            });
    if (this.#pacer === null) send();
    else this.#pacer.submit(priority, send);
  }

  /**
   * Sending `request` for `slot` and settling its outcome, to run now or later. Made here rather
   * than as a named closure in #send: under tsx's keepNames every named closure also costs an
   * Object.defineProperty, and this one is made for every REGISTER.
   */
  #transmission(slot: TableEntry, request: SipRequest, action: SendAction): () => void {
    return () => {
      if (this.#stopped) return;
      void this.#transmit(slot.config, request, action, slot).then((outcome) => this.#settle(slot, action, outcome));
    };
  }

  #settle(slot: TableEntry, sent: SendAction, outcome: TransactionOutcome): void {
    if (this.#stopped) return;
    try {
      this.#takeOutcome(slot, sent, outcome);
    } finally {
      this.#deps.requestEnded(slot);
    }
  }

  #takeOutcome(slot: TableEntry, sent: SendAction, outcome: TransactionOutcome): void {
    if (slot.removal !== null) {
      if (slot.removal === "retired") this.#finishRetired(slot, sent, outcome);
      return;
    }
    const { generation } = sent;
    const nowSec = nowSeconds(this.#deps.clock);
    this.circuits?.outcome(slot.config, outcome.kind, outcome.kind === "response" ? outcome.response.status : null, nowSec);
    const input: FsmInput =
      outcome.kind === "response"
        ? { kind: "response", generation, nowSec, response: outcome.response }
        : { kind: outcome.kind, generation, nowSec };
    try {
      void this.feed(slot, input);
    } catch (error) {
      this.#deps.logger.error({ aor: slot.config.aor, err: errorMessage(error) }, "registrant could not take an outcome");
    }
  }

  /** D26 for a request that was in flight when its record was retired; only on a node that may send (D14). */
  #finishRetired(slot: TableEntry, sent: SendAction, outcome: TransactionOutcome): void {
    if (!this.#deps.isActive(slot.config)) return;
    const next = afterRetirement(slot.config, sent, outcome, this.#deps.random);
    if (next !== null) this.#startDetached(next);
  }

  /** Counted from here until `#runDetached` sees the exchange finish. */
  #startDetached(first: DetachedStep): void {
    this.#detached += 1;
    this.#runDetached(first);
  }

  #runDetached(current: DetachedStep): void {
    const { exchange, send } = current;
    const { config } = exchange;
    if (send === null || this.#stopped) {
      this.#detached -= 1;
      this.#deps.logger.info({ aor: config.aor, contact: config.contact, registrar: config.registrar, result: current.result, row: current.row }, "detached unREGISTER finished");
      return;
    }
    const request = buildRegister(config, send, this.#deps.params.userAgent);
    void this.#transmit(config, request, send, null).then((outcome) => {
      let next: DetachedStep;
      try {
        next = detachedStep(exchange, outcome, this.#deps.random);
      } catch (error) {
        next = { exchange, send: null, result: `failed: ${errorMessage(error)}`, row: null };
      }
      this.#runDetached(next);
    });
  }

  /**
   * Resolves the next hop and runs the transaction; never rejects. `slot` (null for a detached
   * exchange) learns the destination and socket for reg_list.
   */
  async #transmit(config: RegistrantConfig, request: SipRequest, send: SendAction, slot: TableEntry | null): Promise<TransactionOutcome> {
    const detached = slot === null;
    const exchange = { callId: send.callId, cseq: send.cseq, detached };
    let outcome: TransactionOutcome;
    let sentAtMs: number | null = null;
    try {
      const failover = this.#deps.params.trouble.dnsFailover;
      const hops = failover ? await resolveNextHops(config, this.#deps.resolver, this.#deps.transports) : [await resolveNextHop(config, this.#deps.resolver, this.#deps.transports)];
      // Without dns_failover: one hop, tried once (D18).
      const order = failover ? attemptOrder(hops.map((h) => h.destination), slot?.pin ?? null) : [0];
      for (let position = 0; ; position++) {
        const index = order[position] ?? 0;
        const hop = hops[index] as NextHop;
        if (slot !== null) {
          slot.dstHost = this.#strings.intern(hop.destination.host);
          slot.dstPort = hop.destination.port;
          slot.socket = this.#socketNames.get(hop.route.transport) ?? null;
        }
        this.#log(config, () => ({ kind: "sip-out", request: send.request, ...exchange, credentials: send.credentials !== null, destination: formatSocketName(hop.destination) }));
        sentAtMs = this.#deps.clock.now();
        outcome = await this.#deps.layer.sendRequest(request, hop.route, this.#replyCheck(config, send, hop.route, slot));
        if (!failover) break;
        const status = outcome.kind === "response" ? outcome.response.status : null;
        const pin = hops[pinAfter(order, position, { kind: outcome.kind, status })] as NextHop;
        if (slot !== null) slot.pin = pin.destination;
        if (pin === hop || position + 1 >= order.length || this.#stopped) break;
        const failed = outcome.kind;
        this.#log(config, () => ({ kind: "sip-in", ...exchange, outcome: failed, status }));
        this.#observe(send.request, failed, status, sentAtMs, detached);
        this.#deps.logger.warn(
          { aor: config.aor, code: "dns_failover", from: formatSocketName(hop.destination), to: formatSocketName(pin.destination), outcome: outcome.kind, status },
          `REGISTER to ${formatSocketName(hop.destination)} failed (${status ?? outcome.kind}); trying ${formatSocketName(pin.destination)} (D36)`,
        );
      }
    } catch (error) {
      const transportError = error instanceof TransportError ? error : new TransportError("send_failed", errorMessage(error), { fault: "local", cause: error });
      this.#deps.logger.warn({ aor: config.aor, code: transportError.code, err: transportError.message }, "REGISTER could not be sent");
      outcome = { kind: "transport-error", error: transportError };
    }
    const status = outcome.kind === "response" ? outcome.response.status : null;
    this.#log(config, () => ({ kind: "sip-in", ...exchange, outcome: outcome.kind, status }));
    this.#observe(send.request, outcome.kind, status, sentAtMs, detached);
    return outcome;
  }

  /**
   * D28: the check that drops a reply whose Call-ID, From tag, CSeq number or top Via is not ours.
   * Each drop is counted; the warning comes at most once a minute per record.
   */
  #replyCheck(config: RegistrantConfig, send: SendAction, route: RequestRoute, slot: TableEntry | null): SendRequestOptions {
    if (!this.#deps.params.trouble.dropForeignReplies) return {};
    const sent = { callId: send.callId, fromTag: send.fromTag, cseq: send.cseq, sentBy: route.sentBy ?? route.transport.local };
    return { acceptResponse: this.#foreignReplyCheck(config, sent, slot) };
  }

  /** The check itself; an unnamed function, made for every REGISTER (see #transmission). */
  #foreignReplyCheck(config: RegistrantConfig, sent: Parameters<typeof foreignReplyField>[2], slot: TableEntry | null): NonNullable<SendRequestOptions["acceptResponse"]> {
    return (response, matched) => {
      const field = foreignReplyField(response, matched, sent);
      if (field === null) return true;
      this.#foreignReplies += 1;
      const nowMs = this.#deps.clock.now();
      const lastMs = slot?.foreignReplyLoggedMs;
      if (lastMs === undefined || nowMs - lastMs >= FOREIGN_REPLY_LOG_INTERVAL_MS) {
        if (slot !== null) slot.foreignReplyLoggedMs = nowMs;
        this.#deps.logger.warn(
          { aor: config.aor, registrar: config.registrar, code: "foreign_reply", status: response.status, field },
          `reply ${response.status} dropped: its ${field} is not the one of our REGISTER (D28; further drops for this record are not logged for a minute)`,
        );
      }
      return false;
    };
  }

  #observe(request: SendAction["request"], outcome: TransactionOutcome["kind"], status: number | null, sentAtMs: number | null, detached: boolean): void {
    const observer = this.#deps.observer;
    if (observer === null) return;
    const rttMs = sentAtMs === null ? 0 : this.#deps.clock.now() - sentAtMs;
    try {
      observer.exchangeEnded({ request, outcome, status, rttMs, detached });
    } catch (error) {
      this.#deps.logger.error({ err: errorMessage(error) }, "registrant observer failed");
    }
  }

  /** `body` is built only when a run log is configured: without one, sends pay nothing for it. */
  #log(config: RegistrantConfig, body: () => RunLogBody): void {
    const sink = this.#deps.runLog;
    if (sink === null) return;
    sink.write({ atMs: this.#deps.clock.now(), aor: config.aor, contact: config.contact, registrar: config.registrar, ...body() });
  }
}

