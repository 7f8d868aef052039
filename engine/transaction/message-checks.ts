/**
 * What the transaction layer asks of the messages it sends and receives. An outgoing request that
 * breaks these rules is our caller's mistake and throws `TransactionRequestError`; an incoming
 * message that does is a peer's mistake: the check throws and the layer counts and drops it (or,
 * for a request on a layer that answers malformed requests, answers it with a 400).
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
  SipParseError,
  viaBranch,
  type CSeq,
  type NameAddr,
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
 * What `checkIncomingRequest` read of a request, kept so that nobody after it parses these headers
 * again. Shared by everyone who handles the request: never changed.
 */
export interface RequestIdentity {
  readonly via: Via;
  readonly cseq: CSeq;
  readonly to: NameAddr;
  readonly callId: string;
}

/**
 * The top Via, CSeq, To and Call-ID of a request that can start a server transaction. Throws a MalformedMessageError
 * naming the first of Via, CSeq, From, To and Call-ID that is missing, repeated or broken (the
 * headers matching and answering need, RFC 3261 §8.1.1, §17.2.3), or whose CSeq method is not the
 * request's (§8.1.1.5). Via comes first: a 400 for any later problem has somewhere to go.
 */
export function checkIncomingRequest(request: SipRequest): RequestIdentity {
  const via = namingHeader("Via", () => getVias(request)[0]);
  if (via === undefined) throw new MalformedMessageError("Via", "missing Via header");
  const cseq = namingHeader("CSeq", () => getCSeq(request));
  if (cseq.method !== request.method) {
    throw new MalformedMessageError("CSeq", `method ${cseq.method} does not match the request method ${request.method}`);
  }
  namingHeader("From", () => getFrom(request));
  const to = namingHeader("To", () => getTo(request));
  const callId = namingHeader("Call-ID", () => getCallId(request));
  return { via, cseq, to, callId };
}

/**
 * The top Via of a request that failed `checkIncomingRequest`, when its Via headers parse: where a
 * 400 goes (RFC 3261 §18.2.2). Null when there is none, or when they do not parse.
 */
export function answerableVia(request: SipRequest): Via | null {
  try {
    return getVias(request)[0] ?? null;
  } catch (error) {
    if (error instanceof SipParseError) return null;
    throw error;
  }
}

/** Runs a codec accessor; its SipParseError becomes a MalformedMessageError that names `header`. */
function namingHeader<T>(header: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SipParseError) throw new MalformedMessageError(header, error.problem);
    throw error;
  }
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

/** What the layer read of a response to match it, handed on so that no one parses it again. */
export interface ResponseMatch {
  /** The key of the client transaction it belongs to. */
  readonly key: string;
  /** Its one Via. */
  readonly topVia: Via;
  readonly cseq: CSeq;
}

/**
 * The key of the client transaction a response belongs to (RFC 3261 §17.1.3) with the Via and
 * CSeq it was made from, or null when its Via has no branch. A response with more than one Via
 * was not meant for a UAC (§8.1.3.3).
 */
export function responseMatch(response: SipResponse): ResponseMatch | null {
  const vias = getVias(response);
  if (vias.length !== 1) throw new MalformedMessageError("Via", `a response to a UAC carries one Via, this one has ${vias.length}`);
  const topVia = vias[0]!;
  const branch = viaBranch(topVia);
  if (branch === null) return null;
  const cseq = getCSeq(response);
  return { key: clientTransactionKey(branch, cseq.method), topVia, cseq };
}
