/**
 * The non-INVITE server transaction of RFC 3261 §17.2.2 (figure 8), without I/O of its own: the
 * owner routes retransmissions of the request here (§17.2.3) and gives it a way to send a
 * response to the right place (§18.2.2). Its whole state is one value, changed only by
 * `#transition`.
 *
 *            request arrives: to the TU
 *                 |
 *                 v        TU sends 1xx
 *             [trying] ------------------> [proceeding] --- request again: resend last 1xx
 *   request       |                          |
 *   again:        | TU sends 200-699         | TU sends 200-699
 *   discarded     v                          |
 *            [completed] <-------------------+   request again: resend the final
 *                 | Timer J (64*T1, or at once on a reliable transport; or at once when the
 *                 |          owner keeps the Completed state itself, see `keepCompleted`)
 *                 v
 *            [terminated]   also from any state on a transport error, or from trying and
 *                           proceeding when the TU never answers (see `unansweredLimitMs`)
 */
import type { Clock } from "../clock.js";
import { serializeMessage, type SipResponse } from "../sip/index.js";
import type { TransportError } from "../transport/index.js";
import { TransactionStateError } from "./errors.js";
import { ExpiryQueue, type ExpiryTicket } from "./expiry-queue.js";
import { timerJMs, type TimerSettings } from "./timers.js";

export type ServerTransactionState = "trying" | "proceeding" | "completed" | "terminated";

const SERVER_TRANSITIONS: Readonly<Record<ServerTransactionState, readonly ServerTransactionState[]>> = {
  trying: ["proceeding", "completed", "terminated"],
  proceeding: ["completed", "terminated"],
  completed: ["terminated"],
  terminated: [],
};

/** What became of a response the TU passed to `respond`. */
export type RespondResult =
  | { readonly sent: true }
  /** RFC 3261 §17.2.4: the transport failed; the transaction is terminated. */
  | { readonly sent: false; readonly reason: "transport-error"; readonly error: TransportError }
  /** RFC 3261 §17.2.2: after a final response, further responses from the TU are discarded. */
  | { readonly sent: false; readonly reason: "already-final" };

const ALREADY_FINAL: RespondResult = { sent: false, reason: "already-final" };

/** What a retransmitted request did; `resent` means the last response went out again. */
export type RequestRetransmissionDisposition = "absorbed" | "resent";

/**
 * How late a Timer J or unanswered limit may fire so that the ones falling due close together
 * share one wake-up. Both only bound how long a transaction's state is kept (retransmissions
 * absorbed, memory held); keeping it up to half a second longer changes nothing on the wire.
 */
export const SERVER_TIMER_BATCH_MS = 500;

/**
 * The timers every server transaction of one owner shares: each runs one fixed delay, so one
 * queue serves them all (see `ExpiryQueue`). Made by `NonInviteServerTransaction.queues`.
 */
export interface ServerTransactionQueues {
  /** Timer J, 64*T1, for transactions over unreliable transports. */
  readonly timerJ: ExpiryQueue<NonInviteServerTransaction>;
  /**
   * How long a transaction waits for the TU's final response before it is dropped. The RFC sets
   * no limit, but a TU that never answers (a registrar scripted to stay silent) would otherwise
   * keep the transaction, and its memory, forever.
   */
  readonly unanswered: ExpiryQueue<NonInviteServerTransaction>;
}

export interface ServerTransactionDeps {
  queues: ServerTransactionQueues;
  /** Reliable transports get a zero Timer J (RFC 3261 §17.2.2). */
  reliable: boolean;
  /** Sends a serialized response to the request's source; resolves with the transport's error, or null once sent. */
  send(bytes: Uint8Array): Promise<TransportError | null>;
  /** Called once when the transaction enters Terminated, so the owner can forget it. */
  onTerminated(): void;
  /**
   * When present, the owner keeps the Completed state of a transaction over an unreliable
   * transport itself, from the final response's bytes (answering retransmissions with them until
   * Timer J, see CompletedResponses): the transaction hands them over on completion and
   * terminates at once. Absent, the transaction stays in Completed until Timer J.
   */
  keepCompleted?(bytes: Uint8Array): void;
}

/**
 * One server transaction, driven by its owner (the TransactionLayer): it answers retransmissions
 * from the last response it sent. A transition the table does not allow throws TransactionStateError (a bug).
 */
export class NonInviteServerTransaction {
  readonly #deps: ServerTransactionDeps;
  #state: ServerTransactionState = "trying";
  /**
   * The last response as sent, kept to answer retransmissions. Bytes, not the message: a
   * registrar under load holds tens of thousands of completed transactions for Timer J, and a
   * parsed message is several times the size of its serialization.
   */
  #lastBytes: Uint8Array | null = null;
  #timerJTicket: ExpiryTicket | null = null;
  #unansweredTicket: ExpiryTicket | null = null;

  private constructor(deps: ServerTransactionDeps) {
    this.#deps = deps;
  }

  /** The queues for the transactions of one owner, on its clock and timer settings. */
  static queues(clock: Clock, timers: TimerSettings, unansweredLimitMs: number): ServerTransactionQueues {
    return {
      timerJ: new ExpiryQueue(clock, timerJMs(timers, false), (transaction) => transaction.#timerJ(), SERVER_TIMER_BATCH_MS),
      unanswered: new ExpiryQueue(clock, unansweredLimitMs, (transaction) => transaction.#unansweredLimit(), SERVER_TIMER_BATCH_MS),
    };
  }

  /**
   * Creates the transaction in Trying for a request that has just arrived (RFC 3261 §17.2.2) and
   * hands it over to the TU at once. The unanswered limit starts only when the TU has not sent
   * a final response by the time `handOver` returns: a registrar answers most requests before
   * that, and then no timer is set for them at all.
   */
  static start(deps: ServerTransactionDeps, handOver: (transaction: NonInviteServerTransaction) => void): NonInviteServerTransaction {
    const transaction = new NonInviteServerTransaction(deps);
    handOver(transaction);
    if (transaction.#state === "trying" || transaction.#state === "proceeding") {
      transaction.#unansweredTicket = deps.queues.unanswered.add(transaction);
    }
    return transaction;
  }

  get state(): ServerTransactionState {
    return this.#state;
  }

  /** The TU's response: 1xx keeps the transaction open, 200-699 completes it (RFC 3261 §17.2.2). */
  respond(response: SipResponse): Promise<RespondResult> {
    if (this.#state === "completed" || this.#state === "terminated") return Promise.resolve(ALREADY_FINAL);
    return this.respondBytes(response.status, serializeMessage(response));
  }

  /** `respond` for a response already serialized (`bytes`), whose status is `status`. */
  async respondBytes(status: number, bytes: Uint8Array): Promise<RespondResult> {
    if (this.#state === "completed" || this.#state === "terminated") return ALREADY_FINAL;
    this.#lastBytes = bytes;
    if (status >= 200) this.#transition("completed");
    else if (this.#state === "trying") this.#transition("proceeding");
    const error = await this.#deps.send(bytes);
    if (error === null) return { sent: true };
    this.#transportFailed();
    return { sent: false, reason: "transport-error", error };
  }

  /** A retransmission of the request that created this transaction (RFC 3261 §17.2.2). */
  receiveRetransmission(): RequestRetransmissionDisposition {
    // In Trying there is nothing to resend yet; in Terminated nothing is kept.
    if (this.#lastBytes === null || this.#state === "trying" || this.#state === "terminated") return "absorbed";
    void this.#deps.send(this.#lastBytes).then((error) => {
      if (error !== null) this.#transportFailed();
    });
    return "resent";
  }

  /** Drops the transaction at once, e.g. when the layer closes. */
  close(): void {
    if (this.#state !== "terminated") this.#transition("terminated");
  }

  /** RFC 3261 §17.2.2, Timer J: request retransmissions have died out; terminate. */
  #timerJ(): void {
    this.#timerJTicket = null;
    if (this.#state === "completed") this.#transition("terminated");
  }

  #unansweredLimit(): void {
    this.#unansweredTicket = null;
    if (this.#state === "trying" || this.#state === "proceeding") this.#transition("terminated");
  }

  /** RFC 3261 §17.2.4: a failure to send a response terminates the transaction. */
  #transportFailed(): void {
    if (this.#state !== "terminated") this.#transition("terminated");
  }

  /** The one place the state changes; entry actions for each state live here. */
  #transition(to: ServerTransactionState): void {
    if (!SERVER_TRANSITIONS[this.#state].includes(to)) {
      throw new TransactionStateError("non-INVITE server", this.#state, to);
    }
    this.#state = to;
    if (to === "completed") {
      this.#stopTimers();
      if (this.#deps.reliable) this.#transition("terminated");
      else if (this.#deps.keepCompleted !== undefined && this.#lastBytes !== null) {
        this.#deps.keepCompleted(this.#lastBytes);
        this.#transition("terminated");
      } else this.#timerJTicket = this.#deps.queues.timerJ.add(this);
    } else if (to === "terminated") {
      this.#stopTimers();
      this.#deps.onTerminated();
    }
  }

  #stopTimers(): void {
    if (this.#timerJTicket !== null) this.#deps.queues.timerJ.cancel(this.#timerJTicket);
    if (this.#unansweredTicket !== null) this.#deps.queues.unanswered.cancel(this.#unansweredTicket);
    this.#timerJTicket = null;
    this.#unansweredTicket = null;
  }
}
