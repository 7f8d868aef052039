/**
 * A `raw` step's bytes and where they go. They bypass the server transaction (which only sends
 * SipResponse objects it can serialize), so this file does what the transaction layer would do
 * for a response: fill in the request's Via, From, To, Call-ID and CSeq where the template asks,
 * and pick the address of RFC 3261 §18.2.2 (the source when reliable or with rport, else the
 * Via's sent-by port on the source host, as the transaction layer answers).
 */
import { findHeaders, getToTag, getVias, hasParam, viaBranch, type SipRequest } from "../../engine/sip/index.js";
import type { IncomingRequest } from "../../engine/transaction/index.js";
import type { SocketAddress } from "../../engine/transport/index.js";
import type { Action } from "./model.js";
import { fillTemplate } from "./raw-template.js";

const encoder = new TextEncoder();

export function rawReplyBytes(action: Extract<Action, { kind: "raw" }>, incoming: IncomingRequest): Uint8Array {
  if (action.bytes !== null) return action.bytes;
  const request = incoming.request;
  const values = {
    via: joined(request, "Via"),
    branch: topBranch(request),
    from: joined(request, "From"),
    to: joined(request, "To"),
    "call-id": joined(request, "Call-ID"),
    cseq: joined(request, "CSeq"),
    contact: findHeaders(request, "Contact")[0]?.value ?? "",
    "to-tag": getToTag(incoming.createResponse(200)) ?? "",
  };
  return encoder.encode(fillTemplate(action.text ?? "", values));
}

/** Where a response to `request` goes (RFC 3261 §18.2.2, RFC 3581 §4). */
export function replyAddress(request: SipRequest, source: SocketAddress, reliable: boolean): SocketAddress {
  const via = getVias(request)[0];
  if (reliable || via === undefined || hasParam(via.params, "rport")) return { host: source.host, port: source.port };
  return { host: source.host, port: via.port ?? (via.transport.toUpperCase() === "TLS" ? 5061 : 5060) };
}

/** The top Via's branch, so that a reply with a Via of its own still matches the client transaction. */
function topBranch(request: SipRequest): string {
  const via = getVias(request)[0];
  return via === undefined ? "" : (viaBranch(via) ?? "");
}

function joined(request: SipRequest, name: string): string {
  return findHeaders(request, name).map((header) => header.value).join(", ");
}
