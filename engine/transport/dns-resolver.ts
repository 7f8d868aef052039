/**
 * RFC 3263 §4 over DNS. The lookups are injected (`node:dns` promises by default), so the whole
 * procedure is tested against a fake zone without a network.
 *
 *   IP literal                → no lookup
 *   port given                → A/AAAA of the host
 *   transport fixed, no port  → SRV of that transport, then A/AAAA
 *   nothing fixed             → NAPTR (SIP+D2U, SIP+D2T, SIPS+D2T) → SRV of each replacement,
 *                               else SRV of _sip._udp, _sip._tcp, _sips._tcp (only _sips._tcp for
 *                               sips:), else A/AAAA with the scheme's transport and default port
 *
 * A lookup that fails (no such name, no data, server failure) counts as no records, so the next
 * step is tried; only when nothing at all gives an address does `resolve` reject.
 */
import { promises as nodeDns, type NaptrRecord, type SrvRecord } from "node:dns";
import { silentLogger, type Logger } from "../log.js";
import type { Random } from "../random.js";
import { TransportError } from "./errors.js";
import {
  checkTarget,
  defaultPort,
  fixedProtocol,
  numericTarget,
  schemeProtocol,
  uniqueSockets,
  type ResolveOptions,
  type ResolveTarget,
  type Resolver,
} from "./resolver.js";
import { ipFamily, normalizeHost } from "./socket-name.js";
import type { SocketName, TransportProtocol } from "./transport.js";
import { errorMessage } from "../errors.js";

/** The DNS queries RFC 3263 needs; `node:dns` promises (or a `dns.promises.Resolver`) fit. */
export interface DnsLookups {
  resolveNaptr(hostname: string): Promise<NaptrRecord[]>;
  resolveSrv(hostname: string): Promise<SrvRecord[]>;
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
  /**
   * The system's resolver (getaddrinfo: /etc/hosts, then DNS), tried for A/AAAA when neither
   * query found anything, so that a lab's /etc/hosts names work as they do for OpenSIPS.
   */
  lookup?(hostname: string): Promise<string[]>;
}

export interface DnsResolverOptions {
  dns?: DnsLookups;
  /**
   * RFC 2782 weighted random order among SRV records of equal priority. Without it the order is
   * deterministic: higher weight first.
   */
  random?: Random;
  /** Also query AAAA (after A). Default true. */
  ipv6?: boolean;
  logger?: Logger;
}

/** `node:dns` promises, with `lookup` returning every address. */
export const systemDns: DnsLookups = {
  resolveNaptr: (hostname) => nodeDns.resolveNaptr(hostname),
  resolveSrv: (hostname) => nodeDns.resolveSrv(hostname),
  resolve4: (hostname) => nodeDns.resolve4(hostname),
  resolve6: (hostname) => nodeDns.resolve6(hostname),
  lookup: async (hostname) =>
    (await nodeDns.lookup(hostname, { all: true })).map((entry) => entry.address),
};

/**
 * D36 (`dns_server`): the servers named, as `node:dns` takes them (`127.0.0.1:5353`, `[::1]:53`,
 * `192.0.2.1`). Throws `TransportError` `invalid_socket_name` naming the bad entry.
 */
export function parseDnsServers(text: string): string[] {
  const servers = text.split(",").map((entry) => entry.trim());
  for (const server of servers) {
    const match = /^(?:\[([^\]]+)\]|([^:\[\]]+))(?::(\d{1,5}))?$/.exec(server);
    const host = match?.[1] ?? match?.[2] ?? "";
    const port = match?.[3] === undefined ? 53 : Number(match[3]);
    const v6Bare = match?.[1] === undefined && ipFamily(host) === 6;
    if (match === null || ipFamily(host) === 0 || v6Bare || port < 1 || port > 65_535) {
      throw new TransportError("invalid_socket_name", `"${server}" is not a DNS server address (IP[:port], an IPv6 address in brackets when a port follows)`, { fault: "local" });
    }
  }
  return servers;
}

/**
 * D36: asks only `servers` (see `parseDnsServers`), never /etc/resolv.conf or /etc/hosts. Each
 * query waits `timeoutMs` (default 2000) per try, `tries` (default 2) times, inside `node:dns`
 * (c-ares keeps its own time). Throws node's error for a server `setServers` refuses.
 */
export function serverDns(servers: readonly string[], options: { timeoutMs?: number; tries?: number } = {}): DnsLookups {
  const resolver = new nodeDns.Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
  resolver.setServers(servers);
  return {
    resolveNaptr: (hostname) => resolver.resolveNaptr(hostname),
    resolveSrv: (hostname) => resolver.resolveSrv(hostname),
    resolve4: (hostname) => resolver.resolve4(hostname),
    resolve6: (hostname) => resolver.resolve6(hostname),
  };
}

/** RFC 3263 §4.1: NAPTR services we speak, and the transport each means. */
const NAPTR_SERVICES: Readonly<Record<string, TransportProtocol>> = {
  "sip+d2u": "udp",
  "sip+d2t": "tcp",
  "sips+d2t": "tls",
};

const SRV_PREFIX: Readonly<Record<TransportProtocol, string>> = {
  udp: "_sip._udp",
  tcp: "_sip._tcp",
  tls: "_sips._tcp",
};

/** One `resolve` call: the host, and the last DNS error seen (the cause if all fails). */
interface Lookup {
  host: string;
  lastError: unknown;
}

/**
 * Resolves SIP targets with NAPTR, SRV and A/AAAA lookups (RFC 3263). Defaults: `node:dns`,
 * deterministic SRV order (higher weight first), AAAA queried after A, a silent logger. Its
 * `resolve` rejects with TransportError `resolve_failed` when no address is found.
 */
export class DnsResolver implements Resolver {
  readonly #dns: DnsLookups;
  readonly #random: Random | undefined;
  readonly #ipv6: boolean;
  readonly #logger: Logger;

  constructor(options: DnsResolverOptions = {}) {
    this.#dns = options.dns ?? systemDns;
    this.#random = options.random;
    this.#ipv6 = options.ipv6 ?? true;
    this.#logger = options.logger ?? silentLogger;
  }

  async resolve(target: ResolveTarget, options?: ResolveOptions): Promise<SocketName[]> {
    checkTarget(target);
    const numeric = numericTarget(target, options);
    if (numeric !== null) return numeric;
    const lookup: Lookup = { host: target.host, lastError: undefined };
    const fixed = fixedProtocol(target, options);
    const port = target.port ?? null;
    let sockets: SocketName[] = [];
    if (port !== null) {
      const protocol = fixed ?? schemeProtocol(target.scheme);
      sockets = await this.#addresses(lookup, target.host, protocol, port);
    } else {
      if (fixed === null) sockets = await this.#viaNaptr(lookup, target.scheme);
      if (sockets.length === 0) sockets = await this.#viaSrv(lookup, target.scheme, fixed);
      if (sockets.length === 0) {
        const protocol = fixed ?? schemeProtocol(target.scheme);
        sockets = await this.#addresses(lookup, target.host, protocol, defaultPort(protocol));
      }
    }
    if (sockets.length === 0) {
      const how = port === null ? "no NAPTR, SRV, A or AAAA records" : "no A or AAAA records";
      throw new TransportError("resolve_failed", `cannot resolve "${target.host}": ${how}`, {
        cause: lookup.lastError,
      });
    }
    return uniqueSockets(sockets);
  }

  /** RFC 3263 §4.1: usable NAPTR records by order, then preference; each replacement's SRV. */
  async #viaNaptr(lookup: Lookup, scheme: ResolveTarget["scheme"]): Promise<SocketName[]> {
    const records = await this.#query(lookup, "NAPTR", lookup.host, () =>
      this.#dns.resolveNaptr(lookup.host),
    );
    const usable = records
      .map((record) => ({ record, protocol: NAPTR_SERVICES[record.service.toLowerCase()] }))
      .filter(
        (entry): entry is { record: NaptrRecord; protocol: TransportProtocol } =>
          entry.protocol !== undefined &&
          entry.record.flags.toLowerCase() === "s" &&
          // RFC 3263 §4.1: a SIPS URI may only use TLS.
          (scheme === "sip" || entry.protocol === "tls"),
      )
      .sort((a, b) => a.record.order - b.record.order || a.record.preference - b.record.preference);
    const found = await Promise.all(
      usable.map((entry) => this.#srvTargets(lookup, entry.record.replacement, entry.protocol)),
    );
    return found.flat();
  }

  /** RFC 3263 §4.1-4.2: the SRV names of the transports allowed, in that order. */
  async #viaSrv(
    lookup: Lookup,
    scheme: ResolveTarget["scheme"],
    fixed: TransportProtocol | null,
  ): Promise<SocketName[]> {
    const protocols: TransportProtocol[] =
      fixed !== null ? [fixed] : scheme === "sips" ? ["tls"] : ["udp", "tcp", "tls"];
    const found = await Promise.all(
      protocols.map((protocol) =>
        this.#srvTargets(lookup, `${SRV_PREFIX[protocol]}.${lookup.host}`, protocol),
      ),
    );
    return found.flat();
  }

  async #srvTargets(lookup: Lookup, name: string, protocol: TransportProtocol): Promise<SocketName[]> {
    const records = await this.#query(lookup, "SRV", name, () => this.#dns.resolveSrv(name));
    // RFC 2782: a target of "." says the service is decidedly not available here.
    const available = records.filter((record) => record.name !== "." && record.name !== "");
    const ordered = orderSrv(available, this.#random);
    const found = await Promise.all(
      ordered.map((record) => this.#addresses(lookup, record.name, protocol, record.port)),
    );
    return found.flat();
  }

  /** A, then AAAA; the system resolver if neither has any. */
  async #addresses(
    lookup: Lookup,
    host: string,
    protocol: TransportProtocol,
    port: number,
  ): Promise<SocketName[]> {
    const [v4, v6] = await Promise.all([
      this.#query(lookup, "A", host, () => this.#dns.resolve4(host)),
      this.#ipv6 ? this.#query(lookup, "AAAA", host, () => this.#dns.resolve6(host)) : [],
    ]);
    let hosts = [...v4, ...v6];
    const system = this.#dns.lookup;
    if (hosts.length === 0 && system !== undefined) {
      hosts = await this.#query(lookup, "getaddrinfo", host, () => system(host));
      if (!this.#ipv6) hosts = hosts.filter((address) => !address.includes(":"));
    }
    return hosts.map((address) => ({ protocol, host: normalizeHost(address), port }));
  }

  /** Runs one query; a failure is logged, remembered as the possible cause, and means no records. */
  async #query<T>(lookup: Lookup, type: string, name: string, run: () => Promise<T[]>): Promise<T[]> {
    try {
      return await run();
    } catch (error) {
      lookup.lastError = error;
      const ctx = { host: lookup.host, type, name, error: errorMessage(error) };
      this.#logger.debug(ctx, "DNS query found nothing");
      return [];
    }
  }
}

/**
 * RFC 2782: lower priority first; within a priority, a weighted random order when `random` is
 * given (zero weights first in the running sum, as the RFC says), else (the default) higher weight first.
 */
export function orderSrv(records: readonly SrvRecord[], random?: Random): SrvRecord[] {
  const priorities = [...new Set(records.map((record) => record.priority))].sort((a, b) => a - b);
  return priorities.flatMap((priority) => {
    const group = records.filter((record) => record.priority === priority);
    if (random === undefined) return group.sort((a, b) => b.weight - a.weight);
    const left = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight !== 0)];
    const ordered: SrvRecord[] = [];
    while (left.length > 0) {
      const total = left.reduce((sum, record) => sum + record.weight, 0);
      const pick = Math.floor(random.fraction() * (total + 1));
      let running = 0;
      const index = left.findIndex((record) => (running += record.weight) >= pick);
      ordered.push(...left.splice(Math.max(index, 0), 1));
    }
    return ordered;
  });
}
