/** The transport layer's public API (ARCHITECTURE.md layer 4). */
export type {
  Direction,
  InboundMessage,
  KeepAliveSettings,
  SocketAddress,
  SocketName,
  Transport,
  TransportProtocol,
} from "./transport.js";
export { TransportError, type TransportErrorCode } from "./errors.js";
export { messageContext } from "./deliver.js";
export {
  addressKey,
  formatAddress,
  formatSocketName,
  ipFamily,
  isTransportProtocol,
  normalizeHost,
  parseSocketName,
} from "./socket-name.js";
export { countTransport, tapTransport, type WireCounters } from "./wire-tap.js";
export { createUdpTransport, UDP_PAYLOAD_BYTES_MAX, type UdpTransportOptions } from "./udp-transport.js";
export type { StreamTransportOptions } from "./stream-connections.js";
export { createTcpTransport, type TcpTransportOptions } from "./tcp-transport.js";
export { createTlsTransport, type TlsClientOptions, type TlsTransportOptions } from "./tls-transport.js";
export {
  MemoryNetwork,
  NO_FAULTS,
  type MemoryNetworkOptions,
  type NetworkEvent,
  type NetworkEventKind,
  type NetworkFaults,
  type NetworkStats,
} from "./memory-network.js";
export {
  defaultPort,
  fixedProtocol,
  schemeProtocol,
  type ResolveOptions,
  type ResolveTarget,
  type Resolver,
} from "./resolver.js";
export { DnsResolver, orderSrv, parseDnsServers, serverDns, systemDns, type DnsLookups, type DnsResolverOptions } from "./dns-resolver.js";
export { StaticResolver } from "./static-resolver.js";
export { attemptOrder, failsOver, pinAfter, sameTarget, type FailoverOutcome } from "./failover.js";
