/**
 * Errors of the transaction layer. The first two are for callers that break the layer's contract.
 * Nothing a peer sends is thrown out of the layer: `MalformedMessageError` only names, in the log,
 * why a message was dropped, and in the reason phrase of the 400 a server layer may answer with.
 */
import { UacregError } from "../errors.js";

/** A state transition the transaction's table does not allow: a bug in uacreg, not in a peer. */
export class TransactionStateError extends UacregError {
  constructor(kind: string, from: string, to: string) {
    super("transaction_state", "local", `${kind} transaction cannot go from ${from} to ${to}`);
  }
}

/** A request the layer cannot send as given: INVITE or ACK, a Via already present, no CSeq or one of another method. */
export class TransactionRequestError extends UacregError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("transaction_request_invalid", "local", message, options);
  }
}

/**
 * A peer's message that lacks a header a transaction needs, or whose headers contradict each other.
 * The message names the header first (`Bad CSeq: ...`), so that it can serve as a 400's reason
 * phrase as it stands.
 */
export class MalformedMessageError extends UacregError {
  constructor(header: string, problem: string) {
    super("malformed_message", "remote", `Bad ${header}: ${problem}`);
  }
}
