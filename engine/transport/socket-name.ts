/**
 * Socket names as OpenSIPS writes them in `socket=` and in the registrant's `forced_socket`
 * column: `proto:host:port`, an IPv6 host in brackets (`tcp:[::1]:5060`). The host must be an IP
 * literal, because a name is matched against the sockets we listen on, never resolved.
 */
import { SocketAddress as NodeSocketAddress, isIP, isIPv4 } from "node:net";
import { TransportError } from "./errors.js";
import type { SocketAddress, SocketName, TransportProtocol } from "./transport.js";

const PROTOCOLS: readonly TransportProtocol[] = ["udp", "tcp", "tls"];
const EXAMPLE = "expected proto:host:port, e.g. udp:127.0.0.1:5060 or tcp:[::1]:5060";

/** Whether `value` names a transport we speak: `udp`, `tcp` or `tls`. */
export function isTransportProtocol(value: string): value is TransportProtocol {
  return (PROTOCOLS as readonly string[]).includes(value);
}

/** Parses `udp:127.0.0.1:5060`; throws `TransportError` `invalid_socket_name` saying what is wrong. */
export function parseSocketName(text: string): SocketName {
  const fail: (what: string) => never = (what) => {
    throw new TransportError("invalid_socket_name", `socket name "${text}": ${what} (${EXAMPLE})`);
  };
  if (text.length === 0) fail("is empty");
  if (/\s/.test(text)) fail("contains whitespace");
  const colon = text.indexOf(":");
  if (colon === -1) fail("has no protocol");
  const protocolText = text.slice(0, colon).toLowerCase();
  if (protocolText.length === 0) fail("has no protocol");
  if (!isTransportProtocol(protocolText)) {
    fail(`protocol "${protocolText}" is not supported (udp, tcp or tls)`);
  }
  const protocol = protocolText;
  const rest = text.slice(colon + 1);

  let host: string;
  let portText: string | null;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) fail("has an unclosed [ around the IPv6 address");
    host = rest.slice(1, close);
    if (isIP(host) !== 6) fail(`"${host}" in brackets is not an IPv6 address`);
    const after = rest.slice(close + 1);
    if (after.length > 0 && !after.startsWith(":")) fail(`unexpected "${after}" after the ]`);
    portText = after.length > 0 ? after.slice(1) : null;
  } else {
    const lastColon = rest.lastIndexOf(":");
    host = lastColon === -1 ? rest : rest.slice(0, lastColon);
    portText = lastColon === -1 ? null : rest.slice(lastColon + 1);
    if (host.includes(":")) fail("an IPv6 address must be written in brackets");
    if (host.length === 0) fail("has no host");
    if (isIP(host) !== 4) fail(`host "${host}" is not an IP address`);
  }
  if (portText === null) fail("has no port");
  return { protocol, host: normalizeHost(host), port: parsePort(portText, fail) };
}

function parsePort(text: string, fail: (what: string) => never): number {
  if (!/^\d{1,5}$/.test(text)) fail(`port "${text}" is not a number from 0 to 65535`);
  const port = Number(text);
  if (port > 65_535) fail(`port ${port} is above 65535`);
  return port;
}

/** `udp:127.0.0.1:5060`, `tls:[::1]:5061`. */
export function formatSocketName(name: SocketName): string {
  return `${name.protocol}:${formatAddress(name)}`;
}

/** `127.0.0.1:5060`, `[::1]:5060`. */
export function formatAddress(address: SocketAddress): string {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

/** 4, 6, or 0 when the host is not an IP literal (brackets allowed around IPv6). */
export function ipFamily(host: string): 0 | 4 | 6 {
  return isIP(unbracket(host)) as 0 | 4 | 6;
}

/**
 * One spelling per IP address, so that addresses can be compared and used as map keys: brackets
 * dropped, IPv6 compressed and lowercased, and IPv4-mapped IPv6 (what a dual-stack socket reports
 * for an IPv4 peer) written as IPv4. A host that is not an IP literal is returned as is.
 */
export function normalizeHost(host: string): string {
  const bare = unbracket(host);
  if (isIP(bare) !== 6) return bare;
  const zoneAt = bare.indexOf("%");
  const zone = zoneAt === -1 ? "" : bare.slice(zoneAt);
  const address = new NodeSocketAddress({ address: bare, family: "ipv6" }).address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped !== null && isIPv4(mapped[1] ?? "")) return mapped[1] ?? address;
  return address + zone;
}

/** A map key for an address: normalized host and port. */
export function addressKey(address: SocketAddress): string {
  return formatAddress({ host: normalizeHost(address.host), port: address.port });
}

function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** The unspecified address: a transport bound here listens on every local address of its family. */
export function isWildcardHost(host: string): boolean {
  const normalized = normalizeHost(host);
  return normalized === "0.0.0.0" || normalized === "::";
}

/**
 * Why a transport bound at `local` cannot send to `to` as given, or null when it can: the host
 * must be an IP literal (names are resolved before they reach a transport), the port in 1-65535,
 * and the family that of the local socket, except that a socket on `::` also reaches IPv4.
 */
export function destinationError(local: SocketName, to: SocketAddress): TransportError | null {
  const family = ipFamily(to.host);
  if (family === 0) {
    return new TransportError(
      "invalid_address",
      `${where(local)} cannot send to "${to.host}": not an IP address (resolve names first)`,
    );
  }
  if (!Number.isInteger(to.port) || to.port < 1 || to.port > 65_535) {
    return new TransportError(
      "invalid_address",
      `${where(local)} cannot send to port ${to.port} of ${to.host}: not a port from 1 to 65535`,
    );
  }
  const localFamily = ipFamily(local.host);
  if (family !== localFamily && !(family === 4 && normalizeHost(local.host) === "::")) {
    return new TransportError(
      "invalid_address",
      `${where(local)} cannot send to ${formatAddress(to)}: ` +
        `IPv${family} destination on an IPv${localFamily} socket`,
    );
  }
  return null;
}

/** Formatted only for an error: every message sent is checked. */
function where(local: SocketName): string {
  return `${local.protocol} transport ${formatSocketName(local)}`;
}
