/**
 * What a client transaction reports to its user, exactly once (spec D15, D25): the final
 * response, a timeout, or the transport's error. A timeout is its own kind and never a
 * made-up 408, so the user can tell a registrar's 408 from our own giving up.
 */
import type { SipResponse } from "../sip/index.js";
import type { TransportError } from "../transport/index.js";

export type TransactionOutcome =
  /** A final (>= 200) response; retransmissions of it are absorbed by the transaction. */
  | { readonly kind: "response"; readonly response: SipResponse }
  /** Timer F fired before any final response arrived; `afterMs` is the timer's value. */
  | { readonly kind: "timeout"; readonly afterMs: number }
  /** The transport refused the request or a retransmission (RFC 3261 §17.1.4). */
  | { readonly kind: "transport-error"; readonly error: TransportError };

export type TransactionOutcomeKind = TransactionOutcome["kind"];
