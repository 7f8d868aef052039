/**
 * The one error the transport layer rejects with. Callers match on `code`; the transaction layer
 * turns any of them into a transport-error outcome (spec D25: a local send failure, reported at
 * once instead of waiting for the final timeout).
 */
import { UacregError, type Fault } from "../errors.js";

export type TransportErrorCode =
  /** A socket name (`udp:127.0.0.1:5060`) that cannot be parsed; the message says which part. */
  | "invalid_socket_name"
  /** A destination this transport cannot reach as given (not an IP literal, other IP family). */
  | "invalid_address"
  /** Listening failed (address in use, address not local, permission). */
  | "bind_failed"
  /** Nobody listens at the destination (TCP RST, or no endpoint on the memory network). */
  | "connection_refused"
  /** The TCP connection was not established within the transport's connect timeout. */
  | "connect_timeout"
  /** The TLS handshake failed: untrusted or mismatched certificate, no shared cipher, reset. */
  | "tls_handshake"
  /** The bytes could not be handed to the network (write error, unreachable network). */
  | "send_failed"
  /** A datagram larger than UDP can carry. */
  | "message_too_large"
  /** The transport, or the connection the bytes were queued on, is closed. */
  | "closed"
  /** The next hop's host gave no usable address (RFC 3263); the message names the host. */
  | "resolve_failed";

/** Whose fault each code is unless the thrower knows better. */
const DEFAULT_FAULT: Readonly<Record<TransportErrorCode, Fault>> = {
  invalid_socket_name: "local",
  invalid_address: "local",
  bind_failed: "local",
  connection_refused: "remote",
  connect_timeout: "remote",
  tls_handshake: "remote",
  send_failed: "remote",
  message_too_large: "local",
  closed: "local",
  resolve_failed: "remote",
};

/**
 * What the transports and resolvers throw or resolve with; `options.fault` defaults to the code's
 * usual fault (a peer's for connection, TLS, send and resolve failures, ours otherwise).
 */
export class TransportError extends UacregError {
  declare readonly code: TransportErrorCode;

  constructor(
    code: TransportErrorCode,
    message: string,
    options?: { fault?: Fault; cause?: unknown },
  ) {
    super(
      code,
      options?.fault ?? DEFAULT_FAULT[code],
      message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}
