/**
 * The Via edits of the transaction layer: the Via a client puts on top of its request (RFC 3261
 * §8.1.1.7, §18.1.1), and the received/rport a server writes into the top Via of a request it
 * received (§18.2.1, RFC 3581 §4).
 */
import { formatVia, getVias, type SipRequest, type Via } from "../sip/index.js";
import type { SocketAddress, SocketName, TransportProtocol } from "../transport/index.js";
import { receivedViaParams, viaHost } from "./addressing.js";

/** A copy of `request` with our Via on top (RFC 3261 §8.1.1.7, §18.1.1; rport asks for RFC 3581 symmetric responses). */
export function withTopVia(request: SipRequest, protocol: TransportProtocol, sentBy: SocketAddress, branch: string): SipRequest {
  const via: Via = {
    protocolVersion: "SIP/2.0",
    transport: protocol.toUpperCase(),
    host: viaHost(sentBy.host),
    port: sentBy.port,
    params: [
      ["branch", branch],
      ["rport", null],
    ],
  };
  return { ...request, headers: [{ name: "Via", value: formatVia(via) }, ...request.headers] };
}

/** A copy of `request` whose top Via says where it really came from, when that adds anything. */
export function withStampedVia(request: SipRequest, via: Via, source: SocketName): SipRequest {
  const params = receivedViaParams(via, source);
  const unchanged =
    params.length === via.params.length && params.every(([name, value], i) => via.params[i]?.[0] === name && via.params[i]?.[1] === value);
  if (unchanged) return request;
  const index = request.headers.findIndex((header) => header.name === "Via");
  const header = request.headers[index];
  if (header === undefined) return request;
  const rest = getVias({ ...request, headers: [header] }).slice(1);
  const value = [formatVia({ ...via, params }), ...rest.map(formatVia)].join(", ");
  const headers = request.headers.map((h, i) => (i === index ? { name: h.name, value } : h));
  return { ...request, headers };
}
