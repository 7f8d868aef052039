/**
 * Where SIP messages of a transaction go and how they are recognised: the sent-by of our Via, the
 * address a response is sent back to (RFC 3261 §18.2.2 with RFC 3581 rport), and the keys that
 * match a response to a client transaction (§17.1.3) and a request to a server transaction
 * (§17.2.3).
 */
import { hasParam, removeParam, setParam, viaBranch, type Params, type Via } from "../sip/index.js";
import type { SocketAddress, SocketName } from "../transport/index.js";
import { isRfc3261Branch } from "./branch.js";

/** RFC 3261 §19.1.2: the port a Via without one means, per transport. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { udp: 5060, tcp: 5060, tls: 5061 };

/** The host as a Via writes it: an IPv6 literal gets its brackets back (RFC 3261 §25.1 IPv6reference). */
export function viaHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** The host without IPv6 brackets, lower-cased, for comparing a Via host with a socket address. */
export function bareHost(host: string): string {
  return (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host).toLowerCase();
}

/**
 * Where the response to a request goes (RFC 3261 §18.2.2). On a stream transport, back to the
 * source, over the connection the request came in on. Over UDP, to the source address: the
 * `received` parameter we add whenever the sent-by host differs from it (§18.2.1) makes the source
 * address the one to use in every case; the port is the source port when the client asked for
 * rport (RFC 3581 §4), else the sent-by port or the transport's default.
 */
export function responseDestination(via: Via, source: SocketName, reliable: boolean): SocketAddress {
  if (reliable || hasParam(via.params, "rport")) return { host: source.host, port: source.port };
  return { host: source.host, port: via.port ?? DEFAULT_PORTS[source.protocol] ?? 5060 };
}

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the top Via's parameters after the server notes where the
 * request really came from: `received` when the sent-by host is not the source address, and the
 * source port in `rport` when the client asked for it.
 */
export function receivedViaParams(via: Via, source: SocketName): Params {
  const stamped: Params = via.params.map(([name, value]) => [name, value]);
  removeParam(stamped, "received");
  if (bareHost(via.host) !== bareHost(source.host)) setParam(stamped, "received", source.host);
  if (hasParam(stamped, "rport")) setParam(stamped, "rport", String(source.port));
  return stamped;
}

/** RFC 3261 §17.1.3: a response belongs to the client transaction with its top-Via branch and CSeq method. */
export function clientTransactionKey(branch: string, cseqMethod: string): string {
  return `${branch}\n${cseqMethod}`;
}

/** What the old-style (RFC 2543) server-transaction match compares, beyond the method (§17.2.3). */
export interface LegacyRequestIdentity {
  requestUri: string;
  toTag: string | null;
  fromTag: string | null;
  callId: string;
  cseq: string;
  topVia: string;
}

/**
 * RFC 3261 §17.2.3: with a magic-cookie branch, a request matches a server transaction by branch,
 * sent-by and method (an ACK matches its INVITE). A request from an RFC 2543 element carries no
 * such branch and is matched on Request-URI, tags, Call-ID, CSeq and top Via instead.
 */
export function serverTransactionKey(via: Via, method: string, legacy: () => LegacyRequestIdentity): string {
  const matchMethod = method === "ACK" ? "INVITE" : method;
  const branch = viaBranch(via);
  if (isRfc3261Branch(branch)) {
    return ["3261", branch, bareHost(via.host), via.port ?? "", matchMethod].join("\n");
  }
  const id = legacy();
  return ["2543", matchMethod, id.requestUri, id.toTag ?? "", id.fromTag ?? "", id.callId, id.cseq, id.topVia].join("\n");
}
