/**
 * Finding the next hop (spec D18, D19; RFC 3263 §4): from a SIP URI's host, port and transport
 * parameter to the ordered sockets to try. `DnsResolver` asks DNS (NAPTR, SRV, A/AAAA);
 * `StaticResolver` reads a fixed table. Both share the rules below for what needs no lookup.
 */
import { TransportError } from "./errors.js";
import { ipFamily, normalizeHost } from "./socket-name.js";
import type { SocketName, TransportProtocol } from "./transport.js";

/** The parts of a SIP URI that decide where it goes. */
export interface ResolveTarget {
  scheme: "sip" | "sips";
  /** A domain name or IP literal; an IPv6 literal may keep its brackets. */
  host: string;
  port?: number | null;
  /** The URI's `transport` parameter as written (`udp`, `TCP`, `tls`), if any. */
  transport?: string | null;
}

export interface ResolveOptions {
  /**
   * Spec D19: the protocol of the record's forced socket. Only this transport is considered:
   * no NAPTR, the SRV name of this transport, then A/AAAA.
   */
  protocol?: TransportProtocol;
}

export interface Resolver {
  /**
   * The sockets to try, best first, never empty; rejects with `TransportError` `resolve_failed`
   * naming the host when there is none.
   */
  resolve(target: ResolveTarget, options?: ResolveOptions): Promise<SocketName[]>;
}

/** RFC 3261 §19.1.2: 5061 for TLS, 5060 otherwise. */
export function defaultPort(protocol: TransportProtocol): number {
  return protocol === "tls" ? 5061 : 5060;
}

/** RFC 3263 §4.1: without other information a SIPS URI goes over TLS, a SIP URI over UDP. */
export function schemeProtocol(scheme: ResolveTarget["scheme"]): TransportProtocol {
  return scheme === "sips" ? "tls" : "udp";
}

/**
 * The transport fixed before any lookup: the forced socket's (`options.protocol`, default none),
 * else the URI's `transport` parameter (over a SIPS URI, `tcp` means TLS over TCP), else null.
 * Throws TransportError `resolve_failed` for a transport we do not speak, or a SIPS URI over UDP.
 */
export function fixedProtocol(
  target: ResolveTarget,
  options?: ResolveOptions,
): TransportProtocol | null {
  if (options?.protocol !== undefined) return options.protocol;
  const param = target.transport?.toLowerCase() ?? null;
  if (param === null) return null;
  const fail = (why: string): never => {
    throw new TransportError("resolve_failed", `cannot resolve "${target.host}": ${why}`, {
      fault: "local",
    });
  };
  if (param === "udp") {
    return target.scheme === "sips" ? fail("a sips URI cannot use transport=udp") : "udp";
  }
  if (param === "tcp") return target.scheme === "sips" ? "tls" : "tcp";
  if (param === "tls") return "tls";
  return fail(`transport=${target.transport} is not supported (udp, tcp or tls)`);
}

/** Throws `resolve_failed` (our fault) for a target no lookup can fix: no host, a bad port. */
export function checkTarget(target: ResolveTarget): void {
  const port = target.port ?? null;
  if (target.host.length === 0) {
    throw new TransportError("resolve_failed", "cannot resolve an empty host", { fault: "local" });
  }
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
    throw new TransportError(
      "resolve_failed",
      `cannot resolve "${target.host}": port ${port} is not from 1 to 65535`,
      { fault: "local" },
    );
  }
}

/** RFC 3263 §4.1-4.2: an IP literal needs no lookup. Null when the host is a name. */
export function numericTarget(target: ResolveTarget, options?: ResolveOptions): SocketName[] | null {
  if (ipFamily(target.host) === 0) return null;
  const protocol = fixedProtocol(target, options) ?? schemeProtocol(target.scheme);
  return [{ protocol, host: normalizeHost(target.host), port: target.port ?? defaultPort(protocol) }];
}

/** The list without repeats, first occurrence kept. */
export function uniqueSockets(sockets: readonly SocketName[]): SocketName[] {
  const seen = new Set<string>();
  return sockets.filter((socket) => {
    const key = `${socket.protocol}:${socket.host}:${socket.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
