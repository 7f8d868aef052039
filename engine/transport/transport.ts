/**
 * The one interface every transport implements (ARCHITECTURE.md layer 4): UDP, TCP, TLS and the
 * in-process MemoryNetwork. Bytes go out to an address; bytes come in with their source. On a
 * stream transport the bytes handed up are exactly one SIP message (framed by Content-Length).
 */
import type { TransportError } from "./errors.js";

export type TransportProtocol = "udp" | "tcp" | "tls";

/** Which way a message crossed a transport, seen from our side. */
export type Direction = "in" | "out";

/** An IP literal and port. IPv6 hosts are written without brackets here. */
export interface SocketAddress {
  host: string;
  port: number;
}

/** A socket as OpenSIPS names it: `udp:127.0.0.1:5060`, `tls:[::1]:5061`. */
export interface SocketName extends SocketAddress {
  protocol: TransportProtocol;
}

export interface InboundMessage {
  /** One whole message (datagram, or one framed message of a stream). */
  data: Uint8Array;
  /** Where it came from; replies go back here (over the same connection on a stream). */
  source: SocketName;
  /** The local socket it arrived on. */
  local: SocketName;
}

/**
 * RFC 5626 §4.4.1 CRLF keep-alive of the connections this side opened (spec D37): whole ms from 1,
 * `timeoutMs` below `intervalMs`.
 */
export interface KeepAliveSettings {
  /**
   * The longest a dead connection goes unnoticed, from the last byte its peer sent: the
   * double-CRLF ping goes out once the peer has been quiet for `intervalMs - timeoutMs`.
   */
  readonly intervalMs: number;
  /** A connection with no bytes back (the CRLF pong, or anything else) this long after a ping is dead. */
  readonly timeoutMs: number;
}

export interface Transport {
  readonly protocol: TransportProtocol;
  /** Reliable transports need no retransmissions (RFC 3261 §17.1.2.2: Timer E only on unreliable). */
  readonly reliable: boolean;
  /** The bound local socket (the real port after binding port 0). */
  readonly local: SocketName;
  /**
   * Sends one message. Resolves once the bytes are handed to the network; rejects with a
   * `TransportError` when they cannot be (refused connection, TLS handshake failure, closed
   * transport). Never throws synchronously.
   */
  send(to: SocketAddress, data: Uint8Array): Promise<void>;
  /**
   * Sends one datagram without learning whether it left: only errors found before sending
   * (closed transport, bad destination, too large) are returned. For a server's responses over
   * UDP, whose sender waits for no outcome: waiting for the send's completion costs a callback
   * into JavaScript per datagram, and a datagram's loss is not reported anyway. Transports that
   * cannot lose a message silently (TCP, TLS) leave it out.
   */
  sendUnconfirmed?(to: SocketAddress, data: Uint8Array): TransportError | null;
  /**
   * `send` without a promise: calls `report` once, after returning, with null once the bytes are
   * handed to the network or with the `TransportError` that `send` would reject with. For a
   * client transaction's requests over UDP, thousands a second, where a promise chain per
   * datagram is most of what sending costs in JavaScript. Never throws.
   */
  sendReporting?(to: SocketAddress, data: Uint8Array, report: (error: TransportError | null) => void): void;
  /** Sets the handler for inbound messages (one handler; a later call replaces it). */
  onMessage(handler: (message: InboundMessage) => void): void;
  /**
   * Stream transports only: from now on every connection this side opened is pinged as
   * `settings` say, and one that gets no answer in time is closed (spec D37). Throws RangeError,
   * naming both fields, when `timeoutMs` is not below `intervalMs` or either is not whole ms from 1.
   */
  enableKeepAlive?(settings: KeepAliveSettings): void;
  /**
   * Stream transports only: the handler hears of each connection this side opened that ended
   * without our asking (closed or reset by the peer, an error, a ping unanswered): the flow to
   * `remote` is gone and whatever relied on it must start again (RFC 5626 §4.4.1). One handler; a
   * later call replaces it. Connections closed by us (idle, `close()`) are not reported.
   */
  onConnectionLost?(handler: (remote: SocketName) => void): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}
