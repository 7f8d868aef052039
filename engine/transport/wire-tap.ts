/**
 * A transport that reports every message it carries, in and out, before passing it on. The
 * simulator's own transcript is a bounded ring meant for reports (and may be off); the command
 * line needs a live feed and counters that cost nothing per message when nobody prints.
 */
import type { Direction, InboundMessage, SocketAddress, SocketName, Transport } from "./transport.js";

export type WireListener = (direction: Direction, peer: SocketName, data: Uint8Array) => void;

/** `transport` with `listener` called for every message it sends or receives, before it is passed on. */
export function tapTransport(transport: Transport, listener: WireListener): Transport {
  return intercept(transport, {
    out: (to, data) => listener("out", { protocol: transport.protocol, host: to.host, port: to.port }, data),
    in: (message) => listener("in", message.source, message.data),
  });
}

/** Messages seen in each direction, over every tapped transport. */
export interface WireCounters {
  messagesIn: number;
  messagesOut: number;
}

/**
 * `transport` with every message it sends or receives counted in `counters`, and nothing else:
 * what a tap costs when nobody prints or records, without a peer name made per message.
 */
export function countTransport(transport: Transport, counters: WireCounters): Transport {
  return intercept(transport, {
    out: () => void counters.messagesOut++,
    in: () => void counters.messagesIn++,
  });
}

interface Interception {
  out(to: SocketAddress, data: Uint8Array): void;
  in(message: InboundMessage): void;
}

/** `transport` with `hooks` told of every message before it is passed on; everything else as the transport has it. */
function intercept(transport: Transport, hooks: Interception): Transport {
  const { sendUnconfirmed, enableKeepAlive, onConnectionLost } = transport;
  return {
    protocol: transport.protocol,
    reliable: transport.reliable,
    local: transport.local,
    send(to, data) {
      hooks.out(to, data);
      return transport.send(to, data);
    },
    // Kept when the transport has it: a UDP server's answers then cost no completion callback each.
    ...(sendUnconfirmed === undefined
      ? {}
      : {
          sendUnconfirmed(to: SocketAddress, data: Uint8Array) {
            hooks.out(to, data);
            return sendUnconfirmed.call(transport, to, data);
          },
        }),
    onMessage(handler) {
      transport.onMessage((message) => {
        hooks.in(message);
        handler(message);
      });
    },
    ...(enableKeepAlive === undefined ? {} : { enableKeepAlive: enableKeepAlive.bind(transport) }),
    ...(onConnectionLost === undefined ? {} : { onConnectionLost: onConnectionLost.bind(transport) }),
    close: () => transport.close(),
  };
}
