/**
 * SIP over UDP (node:dgram). One datagram is one message: the transport hands datagrams up
 * unparsed, drops what no SIP message can be (empty, oversize) with a log line, and keeps serving
 * whatever arrives, because anyone can send us anything.
 */
import { createSocket, type Socket } from "node:dgram";
import { silentLogger, type Logger } from "../log.js";
import { TransportError } from "./errors.js";
import { deliverSafely } from "./deliver.js";
import { destinationError, formatSocketName, ipFamily, normalizeHost } from "./socket-name.js";
import type { InboundMessage, SocketAddress, SocketName, Transport } from "./transport.js";

/** The largest payload a UDP datagram can carry over IPv4 (65,535 - 8 UDP - 20 IP header bytes). */
export const UDP_PAYLOAD_BYTES_MAX = 65_507;

export interface UdpTransportOptions {
  /** IP literal and port to listen on; port 0 picks an ephemeral port (see `local`). */
  bind: SocketAddress;
  logger?: Logger;
  /** Datagrams longer than this are logged and dropped. Default 65,535 (OpenSIPS BUF_SIZE). */
  datagramBytesMax?: number;
  /**
   * SO_RCVBUF to ask for, in bytes; default: the system's. A busy server needs more than the
   * default to ride out bursts without the kernel dropping datagrams. The kernel may cap it
   * (net.core.rmem_max) or double it; `recvBufferBytes()` reports what it granted.
   */
  recvBufferBytes?: number;
  /** SO_SNDBUF to ask for, in bytes (capped by net.core.wmem_max); default: the system's. */
  sendBufferBytes?: number;
}

/** A UDP transport, which can also tell the socket buffer sizes the kernel granted. */
export interface UdpTransport extends Transport {
  sendUnconfirmed(to: SocketAddress, data: Uint8Array): TransportError | null;
  sendReporting(to: SocketAddress, data: Uint8Array, report: (error: TransportError | null) => void): void;
  recvBufferBytes(): number;
  sendBufferBytes(): number;
}

/**
 * Binds a UDP socket. Defaults: datagrams up to 65535 bytes, the system's socket buffer sizes, a
 * silent logger. Rejects with TransportError `bind_failed` when the address is no IP literal or
 * cannot be bound or a buffer size cannot be set, and with a RangeError for a buffer size that is
 * not a positive whole number.
 */
export async function createUdpTransport(options: UdpTransportOptions): Promise<UdpTransport> {
  checkBufferBytes("recvBufferBytes", options.recvBufferBytes);
  checkBufferBytes("sendBufferBytes", options.sendBufferBytes);
  const family = ipFamily(options.bind.host);
  if (family === 0) {
    throw new TransportError(
      "bind_failed",
      `cannot bind udp to "${options.bind.host}": not an IP address`,
    );
  }
  const socket = createSocket({ type: family === 6 ? "udp6" : "udp4", lookup: literalLookup });
  const host = normalizeHost(options.bind.host);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.close();
      reject(
        new TransportError("bind_failed", `cannot bind udp to ${host}:${options.bind.port}`, {
          cause: error,
        }),
      );
    };
    socket.once("error", onError);
    socket.bind({ address: host, port: options.bind.port, exclusive: true }, () => {
      socket.off("error", onError);
      resolve();
    });
  });
  // Node sets socket buffers only on a bound socket.
  try {
    if (options.recvBufferBytes !== undefined) socket.setRecvBufferSize(options.recvBufferBytes);
    if (options.sendBufferBytes !== undefined) socket.setSendBufferSize(options.sendBufferBytes);
  } catch (error) {
    socket.close();
    throw new TransportError("bind_failed", `cannot set the udp buffer sizes on ${host}:${options.bind.port}`, { cause: error });
  }
  return new NodeUdpTransport(socket, options);
}

/** The name is formatted only for an error: every datagram passes through `send`. */
function sendFailed(host: string, port: number, error: unknown): TransportError {
  return new TransportError("send_failed", `udp send to ${formatSocketName({ protocol: "udp", host, port })} failed`, { cause: error });
}

/**
 * dgram passes every destination through `lookup`, IP literal or not, and node's default answers
 * even a literal on the next tick, so that each datagram would wait a tick to go out. `send`
 * accepts IP literals only (`destinationError`), so they are handed back at once.
 */
function literalLookup(hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  callback(null, hostname, ipFamily(hostname));
}

function checkBufferBytes(option: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 0x7fff_ffff)) {
    throw new RangeError(`${option} must be a whole number of bytes from 1 to 2^31-1, got ${value}`);
  }
}

class NodeUdpTransport implements UdpTransport {
  readonly protocol = "udp" as const;
  readonly reliable = false;
  readonly local: SocketName;
  readonly #socket: Socket;
  readonly #logger: Logger;
  readonly #datagramBytesMax: number;
  /** The local family, fixed at bind, so that no send has to work it out again. */
  readonly #localIpv6: boolean;
  #handler: ((message: InboundMessage) => void) | null = null;
  #closing: Promise<void> | null = null;

  constructor(socket: Socket, options: UdpTransportOptions) {
    const bound = socket.address();
    this.local = { protocol: "udp", host: normalizeHost(bound.address), port: bound.port };
    this.#socket = socket;
    this.#logger = options.logger ?? silentLogger;
    this.#datagramBytesMax = options.datagramBytesMax ?? 65_535;
    this.#localIpv6 = ipFamily(this.local.host) === 6;
    socket.on("message", (data, remote) => this.#receive(data, remote.address, remote.port));
    socket.on("error", (error) => {
      const ctx = { local: formatSocketName(this.local), error: error.message };
      this.#logger.error(ctx, "udp socket error");
    });
  }

  send(to: SocketAddress, data: Uint8Array): Promise<void> {
    const unsendable = this.#unsendable(to, data);
    if (unsendable !== null) return Promise.reject(unsendable);
    const host = normalizeHost(to.host);
    const wireHost = this.#wireHost(host);
    return new Promise((resolve, reject) => {
      try {
        this.#socket.send(data, to.port, wireHost, (error) =>
          error === null ? resolve() : reject(sendFailed(host, to.port, error)),
        );
      } catch (error) {
        reject(sendFailed(host, to.port, error));
      }
    });
  }

  sendReporting(to: SocketAddress, data: Uint8Array, report: (error: TransportError | null) => void): void {
    const unsendable = this.#unsendable(to, data);
    if (unsendable !== null) {
      queueMicrotask(() => report(unsendable));
      return;
    }
    const host = normalizeHost(to.host);
    try {
      this.#socket.send(data, to.port, this.#wireHost(host), (error) => report(error === null ? null : sendFailed(host, to.port, error)));
    } catch (error) {
      queueMicrotask(() => report(sendFailed(host, to.port, error)));
    }
  }

  sendUnconfirmed(to: SocketAddress, data: Uint8Array): TransportError | null {
    const unsendable = this.#unsendable(to, data);
    if (unsendable !== null) return unsendable;
    const host = normalizeHost(to.host);
    try {
      // Without a callback node sends at once when it can and reports nothing back.
      this.#socket.send(data, to.port, this.#wireHost(host));
      return null;
    } catch (error) {
      return sendFailed(host, to.port, error);
    }
  }

  /** Why `data` cannot go to `to` at all, found before sending. */
  #unsendable(to: SocketAddress, data: Uint8Array): TransportError | null {
    if (this.#closing !== null) return new TransportError("closed", `udp transport ${formatSocketName(this.local)} is closed`);
    const invalid = destinationError(this.local, to);
    if (invalid !== null) return invalid;
    if (data.length > UDP_PAYLOAD_BYTES_MAX) {
      return new TransportError("message_too_large", `${data.length} bytes do not fit in one UDP datagram (max ${UDP_PAYLOAD_BYTES_MAX})`);
    }
    return null;
  }

  /** A dual-stack socket on `::` reaches IPv4 peers only through their IPv4-mapped address. */
  #wireHost(host: string): string {
    return this.#localIpv6 && ipFamily(host) === 4 ? `::ffff:${host}` : host;
  }

  onMessage(handler: (message: InboundMessage) => void): void {
    this.#handler = handler;
  }

  recvBufferBytes(): number {
    return this.#socket.getRecvBufferSize();
  }

  sendBufferBytes(): number {
    return this.#socket.getSendBufferSize();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => this.#socket.close(() => resolve()));
    return this.#closing;
  }

  #receive(data: Buffer, host: string, port: number): void {
    const source: SocketName = { protocol: "udp", host: normalizeHost(host), port };
    if (data.length === 0) {
      // NAT keep-alives are sometimes empty datagrams: expected, so not worth a warning.
      this.#logger.debug(this.#dropContext(source), "empty udp datagram dropped");
      return;
    }
    if (data.length > this.#datagramBytesMax) {
      this.#logger.warn(
        { ...this.#dropContext(source), bytes: data.length },
        `udp datagram over ${this.#datagramBytesMax} bytes dropped`,
      );
      return;
    }
    deliverSafely(this.#handler, { data, source, local: this.local }, this.#logger);
  }

  /** Built only for a dropped datagram: formatting both names for every datagram costs. */
  #dropContext(source: SocketName): { local: string; source: string } {
    return { local: formatSocketName(this.local), source: formatSocketName(source) };
  }
}
