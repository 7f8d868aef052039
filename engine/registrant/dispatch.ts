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
import type { Clock } from "../clock.js";
import { nowSeconds } from "../clock.js";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";
import type { SipRequest } from "../sip/index.js";
import type { TransactionLayer, TransactionOutcome } from "../transaction/index.js";
import type { Resolver, Transport } from "../transport/index.js";
import { formatSocketName, TransportError } from "../transport/index.js";
import type { RegistrantAction, SendAction } from "./actions.js";
import type { DetachedStep } from "./detached-unregister.js";
import { afterRetirement, detachedStep, startDetachedUnregister } from "./detached-unregister.js";
import type { EventBus } from "./event-bus.js";
import { registrantEvent } from "./events.js";
import type { FsmEnv, FsmInput } from "./fsm.js";
import { step } from "./fsm.js";
import type { ModuleParams } from "./module-params.js";
import { resolveNextHop } from "./next-hop.js";
import type { RegistrantObserver, RegistrantStore, RuleTrace, RunLogEntry, RunLogSink } from "./ports.js";
import type { RegistrantConfig, RegistrantRuntime } from "./record.js";
import { recordId } from "./record.js";
import type { RecordSlot } from "./record-slot.js";
import { buildRegister } from "./request.js";
import { addStateReport } from "./status-report.js";
import { StringPool } from "./string-pool.js";

export interface DispatchDeps {
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
  readonly observer: RegistrantObserver | null;
  /** §12: is the record's sharing tag active on this node (or has it none)? */
  readonly isActive: (config: RegistrantConfig) => boolean;
}

type RunLogBody = RunLogEntry extends infer E ? (E extends RunLogEntry ? Omit<E, "atMs" | "aor" | "contact" | "registrar"> : never) : never;

export class Dispatcher {
  readonly #deps: DispatchDeps;
  #stopped = false;
  #detached = 0;
  readonly #strings = new StringPool();
  /** reg_list's `socket` of each transport, formatted once: the set of transports is fixed. */
  readonly #socketNames: ReadonlyMap<Transport, string>;

  constructor(deps: DispatchDeps) {
    this.#deps = deps;
    this.#socketNames = new Map(deps.transports.map((transport) => [transport, formatSocketName(transport.local)]));
  }

  /** D26 exchanges not finished yet. */
  get detachedInFlight(): number {
    return this.#detached;
  }

  /** From now on nothing is sent and no outcome reaches a record (engine stop). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Steps `slot` with `input` and performs the actions. Returns the state-column writes to wait
   * for (enable/disable, §8), or null when there are none. Throws only on a programming error
   * (RegistrantStateError), with the record unchanged.
   */
  feed(slot: RecordSlot, input: FsmInput): Promise<void> | null {
    const { config } = slot;
    const env: FsmEnv = { params: this.#deps.params, random: this.#deps.random, active: this.#deps.isActive(config) };
    const from = slot.runtime.state;
    const transition = step(config, slot.runtime, input, env);
    slot.runtime = transition.runtime;
    const { row } = transition;
    if (row !== null) this.#deps.onRule?.(config, row.id);
    if (row !== null && row.to !== "unchanged") this.#log(config, () => ({ kind: "state", from, to: row.to, rule: row.id }));
    let writes: Promise<void>[] | null = null;
    for (const action of transition.actions) {
      const write = this.#perform(slot, action);
      if (write !== null) (writes ??= []).push(write);
    }
    return writes === null ? null : Promise.all(writes).then(() => undefined);
  }

  /** D26: unREGISTERs a record that left the table while REGISTERED, in its dialog. */
  unregisterDetached(config: RegistrantConfig, runtime: RegistrantRuntime): void {
    if (this.#stopped) return;
    this.#startDetached(startDetachedUnregister(config, runtime));
  }

  #perform(slot: RecordSlot, action: RegistrantAction): Promise<void> | null {
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
          this.#deps.logger.warn({ aor: config.aor, contact: config.contact, registrar: config.registrar, err: describe(error) }, "state column write failed");
        });
      case "warning":
        this.#deps.logger.warn({ aor: config.aor, code: action.code }, action.message);
        return null;
      case "send":
        if (!this.#stopped) this.#send(slot, action);
        return null;
    }
  }

  #send(slot: RecordSlot, action: SendAction): void {
    const request = buildRegister(slot.config, action, this.#deps.params.userAgent);
    void this.#transmit(slot.config, request, action, slot).then((outcome) => this.#settle(slot, action, outcome));
  }

  #settle(slot: RecordSlot, sent: SendAction, outcome: TransactionOutcome): void {
    if (this.#stopped) return;
    if (slot.removal !== null) {
      if (slot.removal === "retired") this.#finishRetired(slot, sent, outcome);
      return;
    }
    const { generation } = sent;
    const nowSec = nowSeconds(this.#deps.clock);
    const input: FsmInput =
      outcome.kind === "response"
        ? { kind: "response", generation, nowSec, response: outcome.response }
        : { kind: outcome.kind, generation, nowSec };
    try {
      void this.feed(slot, input);
    } catch (error) {
      this.#deps.logger.error({ aor: slot.config.aor, err: describe(error) }, "registrant could not take an outcome");
    }
  }

  /** D26 for a request that was in flight when its record was retired; only on a node that may send (D14). */
  #finishRetired(slot: RecordSlot, sent: SendAction, outcome: TransactionOutcome): void {
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
      this.#deps.logger.info({ aor: config.aor, contact: config.contact, registrar: config.registrar, result: current.result }, "detached unREGISTER finished");
      return;
    }
    const request = buildRegister(config, send, this.#deps.params.userAgent);
    void this.#transmit(config, request, send, null).then((outcome) => {
      let next: DetachedStep;
      try {
        next = detachedStep(exchange, outcome, this.#deps.random);
      } catch (error) {
        next = { exchange, send: null, result: `failed: ${describe(error)}` };
      }
      this.#runDetached(next);
    });
  }

  /**
   * Resolves the next hop and runs the transaction; never rejects. `slot` (null for a detached
   * exchange) learns the destination and socket for reg_list.
   */
  async #transmit(config: RegistrantConfig, request: SipRequest, send: SendAction, slot: RecordSlot | null): Promise<TransactionOutcome> {
    const detached = slot === null;
    const exchange = { callId: send.callId, cseq: send.cseq, detached };
    let outcome: TransactionOutcome;
    let sentAtMs: number | null = null;
    try {
      const hop = await resolveNextHop(config, this.#deps.resolver, this.#deps.transports);
      if (slot !== null) {
        slot.dstHost = this.#strings.intern(hop.destination.host);
        slot.socket = this.#socketNames.get(hop.route.transport) ?? null;
      }
      this.#log(config, () => ({ kind: "sip-out", request: send.request, ...exchange, credentials: send.credentials !== null, destination: formatSocketName(hop.destination) }));
      sentAtMs = this.#deps.clock.now();
      outcome = await this.#deps.layer.sendRequest(request, hop.route);
    } catch (error) {
      const transportError = error instanceof TransportError ? error : new TransportError("send_failed", describe(error), { fault: "local", cause: error });
      this.#deps.logger.warn({ aor: config.aor, code: transportError.code, err: transportError.message }, "REGISTER could not be sent");
      outcome = { kind: "transport-error", error: transportError };
    }
    const status = outcome.kind === "response" ? outcome.response.status : null;
    this.#log(config, () => ({ kind: "sip-in", ...exchange, outcome: outcome.kind, status }));
    this.#observe(send.request, outcome.kind, status, sentAtMs, detached);
    return outcome;
  }

  #observe(request: SendAction["request"], outcome: TransactionOutcome["kind"], status: number | null, sentAtMs: number | null, detached: boolean): void {
    const observer = this.#deps.observer;
    if (observer === null) return;
    const rttMs = sentAtMs === null ? 0 : this.#deps.clock.now() - sentAtMs;
    try {
      observer.exchangeEnded({ request, outcome, status, rttMs, detached });
    } catch (error) {
      this.#deps.logger.error({ err: describe(error) }, "registrant observer failed");
    }
  }

  /** `body` is built only when a run log is configured: without one, sends pay nothing for it. */
  #log(config: RegistrantConfig, body: () => RunLogBody): void {
    const sink = this.#deps.runLog;
    if (sink === null) return;
    sink.write({ atMs: this.#deps.clock.now(), aor: config.aor, contact: config.contact, registrar: config.registrar, ...body() });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
