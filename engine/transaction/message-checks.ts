/**
 * What the transaction layer asks of the messages it sends and receives. An outgoing request that
 * breaks these rules is our caller's mistake and throws `TransactionRequestError`; an incoming
 * message that does is a peer's mistake: the check throws and the layer counts and drops it.
 */
import {
  formatUri,
  formatVia,
  getCallId,
  getCSeq,
  getFrom,
  getTag,
  getTo,
  getVias,
  headerValue,
  viaBranch,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type Via,
} from "../sip/index.js";
import { clientTransactionKey, type LegacyRequestIdentity } from "./addressing.js";
import { MalformedMessageError, TransactionRequestError } from "./errors.js";

/** An ACK has no transaction of its own, and INVITE needs the INVITE machines this layer lacks. */
const METHODS_WITHOUT_NON_INVITE_TRANSACTION = new Set(["INVITE", "ACK"]);

/** Throws `TransactionRequestError` when the layer cannot send `request` as given. */
export function checkOutgoingRequest(request: SipRequest): void {
  if (METHODS_WITHOUT_NON_INVITE_TRANSACTION.has(request.method)) {
    throw new TransactionRequestError(`${request.method} cannot be sent in a non-INVITE client transaction`);
  }
  if (headerValue(request, "Via") !== null) {
    throw new TransactionRequestError("the request already has a Via; the transaction layer adds the only one");
  }
  let method: string;
  try {
    method = getCSeq(request).method;
  } catch (error) {
    throw new TransactionRequestError("the request needs one valid CSeq header", { cause: error });
  }
  if (method !== request.method) {
    throw new TransactionRequestError(`CSeq method ${method} is not the request method ${request.method}`);
  }
}

/**
 * The top Via of a request that can start a server transaction. Throws the codec's SipParseError
 * or a MalformedMessageError when a header that matching or answering needs is missing or broken.
 */
export function checkIncomingRequest(request: SipRequest): Via {
  const via = topVia(request);
  const cseq = getCSeq(request);
  if (cseq.method !== request.method) throw new MalformedMessageError(`CSeq method ${cseq.method} is not the request method ${request.method}`);
  getFrom(request);
  getTo(request);
  getCallId(request);
  return via;
}

function topVia(message: SipMessage): Via {
  const via = getVias(message)[0];
  if (via === undefined) throw new MalformedMessageError("no Via header");
  return via;
}

/** What the RFC 2543 match of §17.2.3 compares, for a request whose branch has no magic cookie. */
export function legacyIdentity(request: SipRequest, via: Via): LegacyRequestIdentity {
  return {
    requestUri: formatUri(request.uri),
    toTag: getTag(getTo(request)),
    fromTag: getTag(getFrom(request)),
    callId: getCallId(request),
    cseq: headerValue(request, "CSeq") ?? "",
    topVia: formatVia(via),
  };
}

/**
 * The key of the client transaction a response belongs to (RFC 3261 §17.1.3), or null when its
 * Via has no branch. A response with more than one Via was not meant for a UAC (§8.1.3.3).
 */
export function responseTransactionKey(response: SipResponse): string | null {
  const vias = getVias(response);
  if (vias.length !== 1) throw new MalformedMessageError(`a response to a UAC carries one Via, this one has ${vias.length}`);
  const branch = viaBranch(vias[0]!);
  return branch === null ? null : clientTransactionKey(branch, getCSeq(response).method);
}
