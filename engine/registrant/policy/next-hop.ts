/**
 * Where a record's request goes (D18, D19): the outbound proxy if set, else the registrar,
 * resolved (RFC 3263) for every new transaction, first answer used; no pinning. With
 * dns_failover (D36) every answer is kept, and the runtime tries them as transport/failover.ts says. The socket is
 * the forced one when the record has one (the resolver then considers that transport only),
 * else the first listening socket of the resolved transport and address family.
 */
import type { SipUri } from "../../sip/index.js";
import type { RequestRoute } from "../../transaction/index.js";
import type { Resolver, SocketName, Transport } from "../../transport/index.js";
import { formatSocketName, ipFamily, normalizeHost, parseSocketName, TransportError } from "../../transport/index.js";
import type { RegistrantConfig } from "./record.js";
import { sharedUri } from "./shared-uri.js";

export interface NextHop {
  readonly route: RequestRoute;
  /** The resolved destination, for reg_list and the run log. */
  readonly destination: SocketName;
}

export async function resolveNextHop(
  config: RegistrantConfig,
  resolver: Resolver,
  transports: readonly Transport[],
): Promise<NextHop> {
  const { targets, forced, host } = await resolveTargets(config, resolver);
  const destination = targets[0];
  if (destination === undefined) throw new TransportError("resolve_failed", `cannot resolve "${host}": no address`);
  return hopTo(destination, forced, transports);
}

/**
 * D36 (dns_failover): every resolved target we have a socket for, in the resolver's order; the
 * targets of a protocol or address family we do not listen on are left out. Throws the error of
 * the first target when none is left.
 */
export async function resolveNextHops(
  config: RegistrantConfig,
  resolver: Resolver,
  transports: readonly Transport[],
): Promise<NextHop[]> {
  const { targets, forced } = await resolveTargets(config, resolver);
  const hops: NextHop[] = [];
  let firstError: unknown = null;
  for (const destination of targets) {
    try {
      hops.push(hopTo(destination, forced, transports));
    } catch (error) {
      firstError ??= error;
    }
  }
  if (hops.length === 0) throw firstError;
  return hops;
}

async function resolveTargets(config: RegistrantConfig, resolver: Resolver): Promise<{ targets: SocketName[]; forced: SocketName | null; host: string }> {
  const hop = hopUri(config.proxy ?? config.registrarUri);
  const forced = config.forcedSocket === null ? null : parseSocketName(config.forcedSocket);
  const transport = hop.params.find(([name]) => name.toLowerCase() === "transport")?.[1] ?? null;
  const targets = await resolver.resolve(
    { scheme: hop.scheme, host: hop.host, port: hop.port, transport },
    forced === null ? undefined : { protocol: forced.protocol },
  );
  return { targets, forced, host: hop.host };
}

function hopTo(destination: SocketName, forced: SocketName | null, transports: readonly Transport[]): NextHop {
  const from = forced === null ? socketFor(destination, transports) : forcedTransport(forced, transports);
  return { route: { transport: from, destination: { host: destination.host, port: destination.port } }, destination };
}

/** A proxy may be written as a name-addr (`<sip:host>`); validation already checked it is a sip/sips URI. */
function hopUri(text: string): SipUri {
  const bare = text.includes("<") ? text.slice(text.indexOf("<") + 1, text.lastIndexOf(">")) : text;
  const uri = sharedUri(bare);
  if (uri.kind !== "sip") throw new TransportError("resolve_failed", `next hop "${bare}" is not a sip or sips URI`, { fault: "local" });
  return uri;
}

function forcedTransport(forced: SocketName, transports: readonly Transport[]): Transport {
  const key = formatSocketName({ ...forced, host: normalizeHost(forced.host) });
  const found = transports.find((t) => formatSocketName(t.local) === key);
  if (found === undefined) throw new TransportError("send_failed", `forced socket ${key} is not listening`, { fault: "local" });
  return found;
}

function socketFor(destination: SocketName, transports: readonly Transport[]): Transport {
  const family = ipFamily(destination.host);
  const sameProtocol = transports.filter((t) => t.protocol === destination.protocol);
  const found = sameProtocol.find((t) => ipFamily(t.local.host) === family || normalizeHost(t.local.host) === "::") ?? sameProtocol[0];
  if (found === undefined) {
    throw new TransportError("send_failed", `no ${destination.protocol} socket to reach ${formatSocketName(destination)}`, { fault: "local" });
  }
  return found;
}
