import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TransportError } from "./errors.js";
import type { InboundMessage, SocketAddress, Transport } from "./transport.js";
import { countTransport, tapTransport, type WireCounters } from "./wire-tap.js";

const PEER: SocketAddress = { host: "127.0.0.1", port: 5070 };
const BYTES = new Uint8Array([1, 2, 3]);

/** A UDP-like transport that records which of its send paths was used. */
function recordingTransport(): { transport: Transport; used: string[]; deliver: (message: InboundMessage) => void } {
  const used: string[] = [];
  let handler: (message: InboundMessage) => void = () => {};
  const transport: Transport = {
    protocol: "udp",
    reliable: false,
    local: { protocol: "udp", host: "127.0.0.1", port: 5060 },
    send: async () => void used.push("send"),
    sendUnconfirmed: () => (used.push("sendUnconfirmed"), null),
    sendReporting: (_to, _data, report: (error: TransportError | null) => void) => {
      used.push("sendReporting");
      report(null);
    },
    onMessage: (next) => void (handler = next),
    close: async () => {},
  };
  return { transport, used, deliver: (message) => handler(message) };
}

describe("wire tap", () => {
  it("keeps every send path of the transport it taps, telling the listener of each message in and out", async () => {
    const { transport, used, deliver } = recordingTransport();
    const seen: string[] = [];
    const tapped = tapTransport(transport, (direction, peer) => void seen.push(`${direction} ${peer.host}:${peer.port}`));
    await tapped.send(PEER, BYTES);
    assert.equal(tapped.sendUnconfirmed?.(PEER, BYTES), null);
    let reported: TransportError | null | undefined;
    tapped.sendReporting?.(PEER, BYTES, (error) => void (reported = error));
    assert.equal(reported, null);
    tapped.onMessage(() => void seen.push("handled"));
    deliver({ data: BYTES, source: { protocol: "udp", host: "127.0.0.2", port: 5080 }, local: transport.local });
    assert.deepEqual(used, ["send", "sendUnconfirmed", "sendReporting"]);
    assert.deepEqual(seen, ["out 127.0.0.1:5070", "out 127.0.0.1:5070", "out 127.0.0.1:5070", "in 127.0.0.2:5080", "handled"]);
  });

  it("counts, and offers no send path the transport lacks", async () => {
    const { transport, used, deliver } = recordingTransport();
    const { sendReporting: _reporting, ...withoutReporting } = transport;
    const counters: WireCounters = { messagesIn: 0, messagesOut: 0 };
    const counted = countTransport(withoutReporting, counters);
    assert.equal(counted.sendReporting, undefined);
    await counted.send(PEER, BYTES);
    counted.sendUnconfirmed?.(PEER, BYTES);
    counted.onMessage(() => {});
    deliver({ data: BYTES, source: { protocol: "udp", host: "127.0.0.2", port: 5080 }, local: transport.local });
    assert.deepEqual(counters, { messagesIn: 1, messagesOut: 2 });
    assert.deepEqual(used, ["send", "sendUnconfirmed"]);
  });
});
