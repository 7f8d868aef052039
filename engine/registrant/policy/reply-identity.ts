/**
 * D28: does a reply belong to the REGISTER it answers? The transaction layer already matched it
 * by the top Via's branch and the CSeq method (RFC 3261 §17.1.3, engine/transaction/addressing.ts
 * `clientTransactionKey`), so a reply with another branch or method never gets here. What the
 * branch alone does not prove is checked here: the Call-ID, the From tag and the CSeq number are
 * the ones we sent (§8.1.3.3: the UAC core matches the response to its request), and the top Via's
 * sent-by is the one we wrote (§18.1.2). (A reply with a second Via is dropped by the transaction
 * layer already, `responseMatch`, as §8.1.3.3 asks; the layer hands over the Via and CSeq it
 * read, so that each reply's are parsed once.) A reply that fails one of these was mangled or
 * meant for someone else: the engine drops it, as if it never arrived.
 */
import type { SipResponse } from "../../sip/index.js";
import { getCallId, getFromTag, SipParseError } from "../../sip/index.js";
import type { MatchedResponse } from "../../transaction/index.js";
import type { SocketAddress } from "../../transport/index.js";
import { normalizeHost } from "../../transport/index.js";

/** What we sent that a reply must repeat. */
export interface SentIdentity {
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  /** The sent-by of the Via the transaction layer wrote: the sending socket's address. */
  readonly sentBy: SocketAddress;
}

/** The first field in which `response` differs from what we sent, or null when it belongs. */
export type ForeignField = "Call-ID" | "From tag" | "CSeq number" | "Via sent-by";

/** RFC 3261 §19.1.2 (a Via without a port means 5060; TLS 5061). */
function defaultPort(transport: string): number {
  return transport.toUpperCase() === "TLS" ? 5061 : 5060;
}

/** `matched`: the Via and CSeq the transaction layer read to match the reply, not parsed again here. */
export function foreignReplyField(response: SipResponse, matched: MatchedResponse, sent: SentIdentity): ForeignField | null {
  if (readable(() => getCallId(response)) !== sent.callId) return "Call-ID";
  if (readable(() => getFromTag(response)) !== sent.fromTag) return "From tag";
  if (matched.cseq.seq !== sent.cseq) return "CSeq number";
  const top = matched.topVia;
  if (normalizeHost(top.host) !== normalizeHost(sent.sentBy.host) || (top.port ?? defaultPort(top.transport)) !== sent.sentBy.port) {
    return "Via sent-by";
  }
  return null;
}

/** What `read` gives, or undefined when the header it reads is missing or does not parse (never ours then). */
function readable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent; the codec's readers throw only SipParseError
    if (error instanceof SipParseError) return undefined;
    throw error;
  }
}
