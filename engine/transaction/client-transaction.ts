/**
 * The non-INVITE client transaction of RFC 3261 §17.1.2 (figure 6), without I/O of its own: the
 * owner gives it a way to (re)send the serialized request and feeds it the responses that
 * matched (§17.1.3). Its whole state is one value, changed only by `#transition`.
 *
 *              start: send, Timer E (unreliable only), Timer F
 *                 |
 *                 v          1xx
 *             [trying] --------------> [proceeding] --- 1xx: to the user
 *                 |  \                  /   |
 *    Timer F or   |   \ 200-699        /    | Timer F or transport error
 *    transport    |    v              v     |
 *    error        |   [completed] <--+      |
 *                 |       | Timer K (T4, or at once on a reliable transport)
 *                 v       v                 v
 *             [terminated] <----------------+
 */
import type { Clock, TimerHandle } from "../clock.js";
import type { SipResponse } from "../sip/index.js";
import type { TransportError } from "../transport/index.js";
import { TransactionStateError } from "./errors.js";
import type { TransactionOutcome } from "./outcome.js";
import { timerEInitialMs, timerENextMs, timerFMs, timerKMs, type TimerSettings } from "./timers.js";

export type ClientTransactionState = "trying" | "proceeding" | "completed" | "terminated";

const CLIENT_TRANSITIONS: Readonly<Record<ClientTransactionState, readonly ClientTransactionState[]>> = {
  trying: ["proceeding", "completed", "terminated"],
  proceeding: ["completed", "terminated"],
  completed: ["terminated"],
  terminated: [],
};

/** What a response did to the transaction; the owner counts the absorbed ones. */
export type ResponseDisposition = "provisional" | "final" | "absorbed";

export interface ClientTransactionDeps {
  clock: Clock;
  timers: TimerSettings;
  /** Reliable transports get no Timer E and a zero Timer K (RFC 3261 §17.1.2.2). */
  reliable: boolean;
  /**
   * Hands the serialized request to the transport and later calls `report` once, with the
   * transport's error or null once sent; never calls it before returning. The transaction passes
   * the same `report` to every (re)transmission, so that a send costs no closure of its own.
   */
  send(report: (error: TransportError | null) => void): void;
  /** Receives the single outcome. */
  onOutcome(outcome: TransactionOutcome): void;
  /** Provisional responses, in arrival order, while no final has arrived. */
  onProvisional?: ((response: SipResponse) => void) | undefined;
  /** Called once when the transaction enters Terminated, so the owner can forget it. */
  onTerminated(): void;
  /** Called for every retransmission handed to the transport. */
  onRetransmission?: (() => void) | undefined;
}

/**
 * One client transaction, driven by its owner (the TransactionLayer): call its methods, hear the
 * outcome through `deps`. A transition the table does not allow throws TransactionStateError (a bug).
 */
export class NonInviteClientTransaction {
  readonly #clock: Clock;
  readonly #timers: TimerSettings;
  readonly #reliable: boolean;
  readonly #onTerminated: () => void;
  /**
   * The owner's callbacks that only Trying and Proceeding use, let go of once the outcome is
   * given: in Completed the transaction lives on for Timer K (5 s over UDP), and these would keep
   * the request's bytes and whoever awaits the outcome alive that long.
   */
  #live: Pick<ClientTransactionDeps, "send" | "onOutcome" | "onProvisional" | "onRetransmission"> | null;
  #state: ClientTransactionState = "trying";
  #timerEHandle: TimerHandle | null = null;
  #timerEIntervalMs = 0;
  #timerFHandle: TimerHandle | null = null;
  #timerKHandle: TimerHandle | null = null;
  /** What every send reports to: a transport error ends the transaction (RFC 3261 §17.1.4). */
  readonly #sent = NonInviteClientTransaction.#reporter(this);

  /** An unnamed function, so that tsx's keepNames adds no defineProperty per transaction. */
  static #reporter(transaction: NonInviteClientTransaction): (error: TransportError | null) => void {
    return (error) => {
      if (error !== null) transaction.#transportFailed(error);
    };
  }

  private constructor(deps: ClientTransactionDeps) {
    this.#clock = deps.clock;
    this.#timers = deps.timers;
    this.#reliable = deps.reliable;
    this.#onTerminated = deps.onTerminated;
    this.#live = deps;
  }

  /** Sends the request for the first time and starts Timers E and F (RFC 3261 §17.1.2.2). */
  static start(deps: ClientTransactionDeps): NonInviteClientTransaction {
    const transaction = new NonInviteClientTransaction(deps);
    transaction.#begin();
    return transaction;
  }

  get state(): ClientTransactionState {
    return this.#state;
  }

  /** Feeds a response that matched this transaction (RFC 3261 §17.1.3). */
  receiveResponse(response: SipResponse): ResponseDisposition {
    if (this.#state === "completed" || this.#state === "terminated") {
      // RFC 3261 §17.1.2.2: in Completed, retransmitted responses are buffered away by Timer K.
      return "absorbed";
    }
    if (response.status < 200) {
      // RFC 3261 §17.1.2.2: a provisional moves Trying to Proceeding and goes to the TU.
      if (this.#state === "trying") this.#transition("proceeding");
      this.#live?.onProvisional?.(response);
      return "provisional";
    }
    // RFC 3261 §17.1.2.2: a final response moves Trying or Proceeding to Completed and goes to the TU.
    this.#conclude("completed", { kind: "response", response });
    return "final";
  }

  /**
   * Ends the transaction with a transport error from outside, e.g. when its transport or the
   * layer closes; does nothing once an outcome was given.
   */
  fail(error: TransportError): void {
    this.#transportFailed(error);
  }

  #begin(): void {
    if (!this.#reliable) {
      this.#timerEIntervalMs = timerEInitialMs(this.#timers);
      this.#timerEHandle = this.#clock.setTimeout(() => this.#timerE(), this.#timerEIntervalMs);
    }
    this.#timerFHandle = this.#clock.setTimeout(() => this.#timerF(), timerFMs(this.#timers));
    this.#sendRequest();
  }

  /**
   * RFC 3261 §17.1.2.2, Timer E: retransmit in Trying and Proceeding. In Trying the interval doubles
   * up to T2; once a provisional moved us to Proceeding, each firing resets it to T2.
   */
  #timerE(): void {
    this.#timerEHandle = null;
    if (this.#state !== "trying" && this.#state !== "proceeding") return;
    this.#timerEIntervalMs = timerENextMs(this.#timers, this.#timerEIntervalMs, this.#state === "proceeding");
    this.#timerEHandle = this.#clock.setTimeout(() => this.#timerE(), this.#timerEIntervalMs);
    this.#live?.onRetransmission?.();
    this.#sendRequest();
  }

  /** RFC 3261 §17.1.2.2, Timer F: no final response in time; inform the TU of the timeout. */
  #timerF(): void {
    this.#timerFHandle = null;
    if (this.#state !== "trying" && this.#state !== "proceeding") return;
    this.#conclude("terminated", { kind: "timeout", afterMs: timerFMs(this.#timers) });
  }

  /** RFC 3261 §17.1.2.2, Timer K: response retransmissions have died out; terminate. */
  #timerK(): void {
    this.#timerKHandle = null;
    if (this.#state === "completed") this.#transition("terminated");
  }

  #sendRequest(): void {
    this.#live?.send(this.#sent);
  }

  /** RFC 3261 §17.1.4: a transport failure ends the transaction and is reported to the TU. */
  #transportFailed(error: TransportError): void {
    // A late rejection after the outcome (e.g. of a retransmission) changes nothing.
    if (this.#state !== "trying" && this.#state !== "proceeding") return;
    this.#conclude("terminated", { kind: "transport-error", error });
  }

  /** Leaves Trying or Proceeding for `to` and gives the one outcome, after the transition as before. */
  #conclude(to: "completed" | "terminated", outcome: TransactionOutcome): void {
    const live = this.#live;
    this.#live = null;
    this.#transition(to);
    live?.onOutcome(outcome);
  }

  /** The one place the state changes; entry actions for each state live here. */
  #transition(to: ClientTransactionState): void {
    if (!CLIENT_TRANSITIONS[this.#state].includes(to)) {
      throw new TransactionStateError("non-INVITE client", this.#state, to);
    }
    this.#state = to;
    if (to === "completed") {
      this.#stopTimers();
      const absorbMs = timerKMs(this.#timers, this.#reliable);
      if (absorbMs === 0) this.#transition("terminated");
      else this.#timerKHandle = this.#clock.setTimeout(() => this.#timerK(), absorbMs);
    } else if (to === "terminated") {
      this.#stopTimers();
      this.#onTerminated();
    }
  }

  #stopTimers(): void {
    for (const handle of [this.#timerEHandle, this.#timerFHandle, this.#timerKHandle]) {
      if (handle !== null) this.#clock.clearTimeout(handle);
    }
    this.#timerEHandle = null;
    this.#timerFHandle = null;
    this.#timerKHandle = null;
  }
}
