/**
 * SIP over TCP (node:net): the stream machinery of `stream-connections.ts` with plain sockets.
 */
import { connect, createServer } from "node:net";
import {
  listenStream,
  tcpConnectError,
  type StreamFlavor,
  type StreamTransportOptions,
} from "./stream-connections.js";
import type { Transport } from "./transport.js";

export type TcpTransportOptions = StreamTransportOptions;

const tcpFlavor: StreamFlavor = {
  protocol: "tcp",
  readyEvent: "connect",
  createServer: (accept) => createServer(accept),
  connect: (to, localAddress) => connect({ host: to.host, port: to.port, localAddress }),
  connectError: (error, to) => tcpConnectError(error, to),
};

/** Listens on `options.bind`; rejects with `bind_failed` when the address cannot be bound. */
export function createTcpTransport(options: TcpTransportOptions): Promise<Transport> {
  return listenStream(tcpFlavor, options);
}
