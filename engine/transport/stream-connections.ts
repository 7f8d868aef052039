/**
 * What TCP and TLS share: a listening server, a pool of connections keyed by the peer's address,
 * Content-Length framing of inbound bytes, idle closing on the injected Clock, and error mapping.
 * `tcp-transport.ts` and `tls-transport.ts` only say how to listen and how to connect.
 *
 * RFC 3261 §18.2.2: a response goes back over the connection its request came in on. Connections
 * are keyed by the remote address, whichever side opened them, so `send` to the source of an
 * inbound message reuses that connection; and a client sends every request to one destination
 * over one connection.
 */
import type { Server, Socket } from "node:net";
import type { Clock, TimerHandle } from "../clock.js";
import { silentLogger, type Logger } from "../log.js";
import { frameMessage } from "../sip/framing.js";
import type { SipLimits } from "../sip/limits.js";
import { deliverSafely } from "./deliver.js";
import { TransportError } from "./errors.js";
import { keepAliveSettingsError, keepAliveStep } from "./keep-alive-schedule.js";
import {
  addressKey,
  destinationError,
  formatSocketName,
  ipFamily,
  isWildcardHost,
  normalizeHost,
} from "./socket-name.js";
import type { InboundMessage, KeepAliveSettings, SocketAddress, SocketName, Transport } from "./transport.js";
import { errorMessage } from "../errors.js";

export interface StreamTransportOptions {
  /** IP literal and port to listen on; port 0 picks an ephemeral port (see `local`). */
  bind: SocketAddress;
  clock: Clock;
  logger?: Logger;
  /**
   * A connection with no bytes in either direction for this long is closed. Default 120,000 ms,
   * OpenSIPS's `tcp_connection_lifetime`.
   */
  idleTimeoutMs?: number;
  /** An outbound connection (and TLS handshake) not ready after this long fails. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** At most this many open connections, inbound and outbound together. Default 2,048. */
  connectionsMax?: number;
  /** Limits on inbound messages; a peer that exceeds one is disconnected. */
  limits?: Partial<SipLimits>;
}

/** How one stream protocol listens and connects. */
export interface StreamFlavor {
  readonly protocol: "tcp" | "tls";
  /** A server that calls `accept` with each connection once it can carry SIP. */
  createServer(accept: (socket: Socket) => void, logger: Logger): Server;
  /** Starts an outbound connection; `localAddress` is unset when bound to a wildcard. */
  connect(to: SocketAddress, localAddress: string | undefined): Socket;
  /** The socket event after which SIP bytes may be written. */
  readonly readyEvent: "connect" | "secureConnect";
  /**
   * The error for a connection that failed before `readyEvent`; `tcpConnected` says whether
   * the TCP connection itself was up (a TLS failure after it is a handshake failure).
   */
  connectError(error: Error, to: SocketName, tcpConnected: boolean): TransportError;
}

const CR = 0x0d;
const LF = 0x0a;
const PONG = new Uint8Array([CR, LF]);
const PING = new Uint8Array([CR, LF, CR, LF]);

interface Connection {
  readonly socket: Socket;
  readonly key: string;
  readonly remote: SocketName;
  /** Resolves when bytes may be written; rejects with the TransportError of a failed connect. */
  readonly ready: Promise<void>;
  /** Received bytes not yet framed into a message. */
  pending: Uint8Array;
  lastActivityMs: number;
  idleTimer: TimerHandle | null;
  /** This side opened it: only such connections are pinged and reported lost (D37). */
  readonly outbound: boolean;
  /** When the keep-alive next looks at the connection (D37); null without keep-alive. */
  keepAliveTimer: TimerHandle | null;
  /** When the peer last sent a byte, or the connection came up (D37). */
  lastHeardMs: number;
  /** When the ping still unanswered went out; null when no byte is awaited (D37). */
  pingSentMs: number | null;
  /** We closed it (idle, transport closing): its end is no lost flow. */
  closedByUs: boolean;
}

/** Listens as `flavor` says; rejects with `bind_failed` when the address cannot be bound. */
export async function listenStream(
  flavor: StreamFlavor,
  options: StreamTransportOptions,
): Promise<Transport> {
  const host = normalizeHost(options.bind.host);
  const where = `${flavor.protocol}:${host}:${options.bind.port}`;
  if (ipFamily(host) === 0) {
    throw new TransportError("bind_failed", `cannot listen on ${where}: not an IP address`);
  }
  const logger = options.logger ?? silentLogger;
  let transport: StreamTransport | null = null;
  const server = flavor.createServer((socket) => {
    if (transport === null) socket.destroy();
    else transport.accept(socket);
  }, logger);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new TransportError("bind_failed", `cannot listen on ${where}`, { cause: error }));
    };
    server.once("error", onError);
    server.listen({ host, port: options.bind.port, exclusive: true }, () => {
      server.off("error", onError);
      resolve();
    });
  });
  transport = new StreamTransport(flavor, server, options, logger);
  return transport;
}

class StreamTransport implements Transport {
  readonly protocol: "tcp" | "tls";
  readonly reliable = true;
  readonly local: SocketName;
  readonly #flavor: StreamFlavor;
  readonly #server: Server;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #idleTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #connectionsMax: number;
  readonly #limits: Partial<SipLimits> | undefined;
  readonly #connections = new Set<Connection>();
  readonly #byAddress = new Map<string, Connection>();
  #handler: ((message: InboundMessage) => void) | null = null;
  #lostHandler: ((remote: SocketName) => void) | null = null;
  #keepAlive: KeepAliveSettings | null = null;
  #closing: Promise<void> | null = null;

  constructor(flavor: StreamFlavor, server: Server, options: StreamTransportOptions, logger: Logger) {
    const bound = server.address();
    if (bound === null || typeof bound === "string") {
      throw new TransportError("bind_failed", `${flavor.protocol} server has no IP address`);
    }
    this.protocol = flavor.protocol;
    this.local = { protocol: flavor.protocol, host: normalizeHost(bound.address), port: bound.port };
    this.#flavor = flavor;
    this.#server = server;
    this.#clock = options.clock;
    this.#logger = logger;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#connectionsMax = options.connectionsMax ?? 2_048;
    this.#limits = options.limits;
    server.on("error", (error) => {
      this.#logger.error({ local: formatSocketName(this.local), error: error.message }, "server error");
    });
  }

  async send(to: SocketAddress, data: Uint8Array): Promise<void> {
    if (this.#closing !== null) throw this.#closedError();
    const invalid = destinationError(this.local, to);
    if (invalid !== null) throw invalid;
    const connection = this.#byAddress.get(addressKey(to)) ?? this.#connect(to);
    await connection.ready;
    await this.#write(connection, data);
  }

  onMessage(handler: (message: InboundMessage) => void): void {
    this.#handler = handler;
  }

  enableKeepAlive(settings: KeepAliveSettings): void {
    const invalid = keepAliveSettingsError(settings);
    if (invalid !== null) throw new RangeError(invalid);
    this.#keepAlive = { intervalMs: settings.intervalMs, timeoutMs: settings.timeoutMs };
    for (const connection of this.#connections) {
      if (connection.outbound && connection.keepAliveTimer === null) {
        void connection.ready.then(() => this.#keepAliveLook(connection), () => {});
      }
    }
  }

  onConnectionLost(handler: (remote: SocketName) => void): void {
    this.#lostHandler = handler;
  }

  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => {
      for (const connection of this.#connections) this.#closeOurselves(connection);
      this.#server.close(() => resolve());
    });
    return this.#closing;
  }

  /** Takes an inbound connection (already through the TLS handshake on TLS). */
  accept(socket: Socket): void {
    const host = socket.remoteAddress;
    const port = socket.remotePort;
    if (this.#closing !== null || host === undefined || port === undefined) {
      socket.destroy();
      return;
    }
    const remote: SocketName = { protocol: this.protocol, host: normalizeHost(host), port };
    if (this.#connections.size >= this.#connectionsMax) {
      this.#logger.warn(
        { local: formatSocketName(this.local), remote: formatSocketName(remote) },
        `inbound connection refused: ${this.#connectionsMax} connections open`,
      );
      socket.destroy();
      return;
    }
    this.#track(socket, remote, Promise.resolve(), false);
  }

  /** Opens a connection to `to`; throws when the connection limit is reached. */
  #connect(to: SocketAddress): Connection {
    const remote: SocketName = { protocol: this.protocol, host: normalizeHost(to.host), port: to.port };
    if (this.#connections.size >= this.#connectionsMax) {
      throw new TransportError(
        "send_failed",
        `cannot connect to ${formatSocketName(remote)}: ${this.#connectionsMax} connections open`,
        { fault: "local" },
      );
    }
    const localAddress = isWildcardHost(this.local.host) ? undefined : this.local.host;
    const socket = this.#flavor.connect(remote, localAddress);
    const ready = new Promise<void>((resolve, reject) => {
      let tcpConnected = false;
      const timer = this.#clock.setTimeout(() => {
        reject(
          new TransportError(
            "connect_timeout",
            `connection to ${formatSocketName(remote)} not ready after ${this.#connectTimeoutMs} ms`,
          ),
        );
        socket.destroy();
      }, this.#connectTimeoutMs);
      const settle = (): void => this.#clock.clearTimeout(timer);
      socket.once("connect", () => {
        tcpConnected = true;
      });
      socket.once(this.#flavor.readyEvent, () => {
        settle();
        resolve();
      });
      socket.once("error", (error) => {
        settle();
        reject(this.#flavor.connectError(error, remote, tcpConnected));
      });
      socket.once("close", () => {
        settle();
        reject(this.#closedError(remote));
      });
    });
    const connection = this.#track(socket, remote, ready, true);
    // Every sender awaits `ready`; the rejection handler only keeps a failure nobody awaits from
    // going unhandled. Coming up is the peer's first sign of life.
    ready.then(() => {
      connection.lastHeardMs = this.#clock.now();
      this.#keepAliveLook(connection);
    }, () => {});
    return connection;
  }

  #track(socket: Socket, remote: SocketName, ready: Promise<void>, outbound: boolean): Connection {
    const connection: Connection = {
      socket,
      key: addressKey(remote),
      remote,
      ready,
      pending: new Uint8Array(0),
      lastActivityMs: this.#clock.now(),
      idleTimer: null,
      outbound,
      keepAliveTimer: null,
      lastHeardMs: this.#clock.now(),
      pingSentMs: null,
      closedByUs: false,
    };
    this.#connections.add(connection);
    if (!this.#byAddress.has(connection.key)) this.#byAddress.set(connection.key, connection);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.#receive(connection, chunk));
    socket.on("error", (error) => {
      this.#logger.debug(this.#ctx(connection, { error: error.message }), "connection error");
    });
    let up = false;
    ready.then(() => (up = true), () => {});
    socket.on("close", () => {
      this.#forget(connection);
      // A connection that never came up failed its send instead; one we closed was no loss.
      if (up && outbound && !connection.closedByUs && this.#closing === null) this.#reportLost(connection);
    });
    this.#armIdle(connection, this.#idleTimeoutMs);
    return connection;
  }

  #forget(connection: Connection): void {
    this.#connections.delete(connection);
    if (this.#byAddress.get(connection.key) === connection) this.#byAddress.delete(connection.key);
    if (connection.idleTimer !== null) this.#clock.clearTimeout(connection.idleTimer);
    connection.idleTimer = null;
    if (connection.keepAliveTimer !== null) this.#clock.clearTimeout(connection.keepAliveTimer);
    connection.keepAliveTimer = null;
  }

  #closeOurselves(connection: Connection): void {
    connection.closedByUs = true;
    connection.socket.destroy();
  }

  #reportLost(connection: Connection): void {
    this.#logger.info(this.#ctx(connection, {}), "connection lost");
    const handler = this.#lostHandler;
    if (handler === null) return;
    try {
      handler(connection.remote);
    } catch (error) {
      this.#logger.error(this.#ctx(connection, { error: errorMessage(error) }), "connection-lost handler failed");
    }
  }

  /**
   * D37: does what `keepAliveStep` says now (ping, or drop the connection as dead) and arms the
   * timer for the next look, when keep-alive is on and the connection still open. Bytes heard
   * meanwhile only move `lastHeardMs`: the timer, when it fires, finds the ping not yet due and
   * looks again later, so a busy connection costs no timer per read.
   */
  #keepAliveLook(connection: Connection): void {
    // Enabling keep-alive while a connection comes up can ask for two first looks: one timer each.
    if (connection.keepAliveTimer !== null) this.#clock.clearTimeout(connection.keepAliveTimer);
    connection.keepAliveTimer = null;
    const settings = this.#keepAlive;
    if (settings === null || connection.socket.destroyed || !this.#connections.has(connection)) return;
    const nowMs = this.#clock.now();
    let step = keepAliveStep(connection, settings, nowMs);
    if (step.kind === "ping") {
      connection.pingSentMs = nowMs;
      void this.#write(connection, PING).catch(() => {});
      step = keepAliveStep(connection, settings, nowMs);
    }
    if (step.kind === "dead") {
      const quietMs = nowMs - connection.lastHeardMs;
      this.#logger.warn(this.#ctx(connection, { timeoutMs: settings.timeoutMs, quietMs }), "no pong to a keep-alive ping; connection dropped");
      connection.socket.destroy();
      return;
    }
    if (step.kind === "wait") connection.keepAliveTimer = this.#clock.setTimeout(() => this.#keepAliveLook(connection), step.atMs - nowMs);
  }

  #write(connection: Connection, data: Uint8Array): Promise<void> {
    connection.lastActivityMs = this.#clock.now();
    return new Promise((resolve, reject) => {
      connection.socket.write(data, (error) => {
        if (error === null || error === undefined) {
          resolve();
          return;
        }
        reject(
          new TransportError("send_failed", `write to ${formatSocketName(connection.remote)} failed`, {
            cause: error,
          }),
        );
      });
    });
  }

  #receive(connection: Connection, chunk: Buffer): void {
    connection.lastActivityMs = this.#clock.now();
    connection.lastHeardMs = connection.lastActivityMs;
    connection.pingSentMs = null;
    connection.pending =
      connection.pending.length === 0 ? chunk : Buffer.concat([connection.pending, chunk]);
    while (!connection.socket.destroyed) {
      this.#skipKeepAlives(connection);
      if (connection.pending.length === 0) return;
      let frame: { start: number; end: number } | null;
      try {
        frame = frameMessage(connection.pending, this.#limits);
      } catch (error) {
        this.#logger.warn(
          this.#ctx(connection, { error: errorMessage(error) }),
          "unframeable bytes on stream; connection dropped",
        );
        connection.socket.destroy();
        return;
      }
      if (frame === null) return;
      const data = new Uint8Array(connection.pending.subarray(frame.start, frame.end));
      connection.pending = connection.pending.subarray(frame.end);
      const message = { data, source: connection.remote, local: this.local };
      deliverSafely(this.#handler, message, this.#logger);
    }
  }

  /**
   * RFC 5626 §3.5.1: CRLFs between messages are keep-alives. Dropping them here keeps a peer that
   * only pings from growing the buffer, and a double-CRLF ping gets its single-CRLF pong. A ping
   * split across reads gets no pong, which also keeps two peers from ponging each other's pongs.
   */
  #skipKeepAlives(connection: Connection): void {
    const pending = connection.pending;
    let end = 0;
    while (end < pending.length && (pending[end] === CR || pending[end] === LF)) end++;
    if (end === 0) return;
    if (Buffer.from(pending.buffer, pending.byteOffset, end).includes("\r\n\r\n")) {
      connection.socket.write(PONG);
    }
    connection.pending = pending.subarray(end);
  }

  #armIdle(connection: Connection, delayMs: number): void {
    connection.idleTimer = this.#clock.setTimeout(() => {
      const idleMs = this.#clock.now() - connection.lastActivityMs;
      if (idleMs < this.#idleTimeoutMs) {
        this.#armIdle(connection, this.#idleTimeoutMs - idleMs);
        return;
      }
      connection.idleTimer = null;
      this.#logger.debug(this.#ctx(connection, { idleMs }), "idle connection closed");
      this.#closeOurselves(connection);
    }, delayMs);
  }

  #closedError(remote?: SocketName): TransportError {
    const what =
      remote === undefined
        ? `${this.protocol} transport ${formatSocketName(this.local)} is closed`
        : `connection to ${formatSocketName(remote)} closed before it was ready`;
    return new TransportError("closed", what);
  }

  #ctx(connection: Connection, extra: object): object {
    const remote = formatSocketName(connection.remote);
    return { local: formatSocketName(this.local), remote, ...extra };
  }
}

/** The TransportError for a TCP connection that could not be established. */
export function tcpConnectError(error: Error, to: SocketName): TransportError {
  const code = (error as NodeJS.ErrnoException).code;
  const name = formatSocketName(to);
  if (code === "ECONNREFUSED") {
    return new TransportError("connection_refused", `connection to ${name} refused`, {
      cause: error,
    });
  }
  return new TransportError("send_failed", `cannot connect to ${name}: ${error.message}`, {
    cause: error,
  });
}
