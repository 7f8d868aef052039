/**
 * A resolver over a fixed table, for tests and the memory network: `host` or `host:port` maps to
 * IP literals, each optionally with its own port (`10.0.0.1`, `10.0.0.2:5070`, `[::1]:5080`).
 * The transport follows the same rules as for an IP literal (forced socket, `transport`
 * parameter, `sips:` → TLS, else UDP), since the table holds no NAPTR or SRV records.
 */
import { TransportError } from "./errors.js";
import {
  checkTarget,
  defaultPort,
  fixedProtocol,
  numericTarget,
  schemeProtocol,
  type ResolveOptions,
  type ResolveTarget,
  type Resolver,
} from "./resolver.js";
import { ipFamily, normalizeHost } from "./socket-name.js";
import type { SocketName } from "./transport.js";

interface StaticAddress {
  host: string;
  port: number | null;
}

/**
 * Resolves from a fixed table of `host` or `host:port` to IP literals (default: an empty table).
 * Throws TransportError `invalid_address` for an entry that is not an IP literal with an optional
 * port; `resolve` rejects with `resolve_failed` for a host not in the table.
 */
export class StaticResolver implements Resolver {
  readonly #table = new Map<string, StaticAddress[]>();

  /** Throws `invalid_address` for an entry that is not an IP literal with an optional port. */
  constructor(entries: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [name, addresses] of Object.entries(entries)) this.set(name, addresses);
  }

  /** Sets (or replaces) the addresses of `host` or `host:port`. */
  set(name: string, addresses: readonly string[]): void {
    this.#table.set(name.toLowerCase(), addresses.map((text) => parseStaticAddress(name, text)));
  }

  async resolve(target: ResolveTarget, options?: ResolveOptions): Promise<SocketName[]> {
    checkTarget(target);
    const numeric = numericTarget(target, options);
    if (numeric !== null) return numeric;
    const protocol = fixedProtocol(target, options) ?? schemeProtocol(target.scheme);
    const host = target.host.toLowerCase();
    const port = target.port ?? null;
    const addresses =
      (port === null ? undefined : this.#table.get(`${host}:${port}`)) ?? this.#table.get(host) ?? [];
    if (addresses.length === 0) {
      throw new TransportError(
        "resolve_failed",
        `cannot resolve "${target.host}": not in the static resolver's table`,
      );
    }
    return addresses.map((address) => ({
      protocol,
      host: address.host,
      port: address.port ?? port ?? defaultPort(protocol),
    }));
  }
}

function parseStaticAddress(name: string, text: string): StaticAddress {
  if (ipFamily(text) !== 0) return { host: normalizeHost(text), port: null };
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2] ?? "";
  const port = Number(match?.[3]);
  const family = ipFamily(host);
  if (family === 0 || (match?.[1] !== undefined && family !== 6) || !(port >= 1 && port <= 65_535)) {
    throw new TransportError(
      "invalid_address",
      `static resolver entry "${name}": "${text}" is not an IP address with an optional port`,
    );
  }
  return { host: normalizeHost(host), port };
}
