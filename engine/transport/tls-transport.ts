/**
 * SIP over TLS (node:tls): the stream machinery of `stream-connections.ts` with TLS sockets. A
 * connection counts as ready only after the handshake, so a rejected certificate fails `send`
 * with `tls_handshake` instead of losing the request.
 */
import type { Socket } from "node:net";
import { connect, createServer, type ConnectionOptions, type TlsOptions } from "node:tls";
import type { Logger } from "../log.js";
import { TransportError } from "./errors.js";
import { formatSocketName } from "./socket-name.js";
import {
  listenStream,
  tcpConnectError,
  type StreamFlavor,
  type StreamTransportOptions,
} from "./stream-connections.js";
import type { SocketAddress, Transport } from "./transport.js";
import { errorMessage } from "../errors.js";

/** How we check the servers we connect to (and what we show them, for mutual TLS). */
export interface TlsClientOptions {
  /** Trusted CA certificates (PEM); default: Node's bundled root CAs. */
  ca?: ConnectionOptions["ca"];
  /** Our client certificate and key (PEM), when a server asks for one. */
  cert?: ConnectionOptions["cert"];
  key?: ConnectionOptions["key"];
  /** Reject a server whose certificate does not verify. Default true. */
  rejectUnauthorized?: boolean;
  /**
   * The name to send as SNI and to check the certificate against: one name, or one per
   * destination (RFC 5922 wants the SIP domain, which only the caller knows). Unset: no SNI, and
   * the certificate is checked against the destination IP address.
   */
  servername?: string | ((to: SocketAddress) => string | undefined);
}

export interface TlsTransportOptions extends StreamTransportOptions {
  /** Our server side: `key` and `cert` (PEM) at least; `ca`, `requestCert` for client certificates. */
  server: TlsOptions;
  client?: TlsClientOptions;
}

/**
 * Listens for SIP over TLS on `options.bind` and connects out on demand. Defaults: connections
 * idle 120000 ms are closed, 10000 ms to connect, 2048 connections, DEFAULT_SIP_LIMITS; as a
 * client, Node's root CAs, servers verified, no SNI. Rejects with TransportError `bind_failed`
 * when the address cannot be bound.
 */
export function createTlsTransport(options: TlsTransportOptions): Promise<Transport> {
  return listenStream(tlsFlavor(options.server, options.client ?? {}), options);
}

function tlsFlavor(server: TlsOptions, client: TlsClientOptions): StreamFlavor {
  return {
    protocol: "tls",
    readyEvent: "secureConnect",
    createServer: (accept, logger) => tlsServer(server, accept, logger),
    connect: (to, localAddress) => connect(connectOptions(client, to, localAddress)),
    connectError: (error, to, tcpConnected) =>
      tcpConnected
        ? new TransportError(
            "tls_handshake",
            `TLS handshake with ${formatSocketName(to)} failed: ${error.message}`,
            { cause: error },
          )
        : tcpConnectError(error, to),
  };
}

function tlsServer(options: TlsOptions, accept: (socket: Socket) => void, logger: Logger) {
  const server = createServer(options, accept);
  server.on("tlsClientError", (error, socket) => {
    const host = socket.remoteAddress;
    const remote =
      host === undefined
        ? "unknown"
        : formatSocketName({ protocol: "tls", host, port: socket.remotePort ?? 0 });
    logger.warn({ remote, error: errorMessage(error) }, "inbound TLS handshake failed");
  });
  return server;
}

function connectOptions(
  client: TlsClientOptions,
  to: SocketAddress,
  localAddress: string | undefined,
): ConnectionOptions {
  // tls.connect passes localAddress on to net.connect, though Node's typings leave it out.
  const options: ConnectionOptions & { localAddress?: string } = { host: to.host, port: to.port };
  if (localAddress !== undefined) options.localAddress = localAddress;
  if (client.ca !== undefined) options.ca = client.ca;
  if (client.cert !== undefined) options.cert = client.cert;
  if (client.key !== undefined) options.key = client.key;
  if (client.rejectUnauthorized !== undefined) options.rejectUnauthorized = client.rejectUnauthorized;
  const servername =
    typeof client.servername === "function" ? client.servername(to) : client.servername;
  if (servername !== undefined) options.servername = servername;
  return options;
}
