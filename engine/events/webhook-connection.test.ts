/**
 * The webhook sink's connection against a real receiver on loopback (not nock, whose interception
 * opens a connection per request): its POSTs share one kept-alive connection, and closing the
 * sink closes it.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { systemClock } from "../clock.js";
import { memoryLogger } from "../log.js";
import { seededRandom } from "../random.js";
import { registrantEvent } from "../registrant/index.js";
import { WebhookSink } from "./webhook-sink.js";

const event = (n: number) => registrantEvent("E_REGISTRANT_REGISTERED", { aor: `sip:user${n}@example.org`, contact: `sip:user${n}@10.0.0.1`, registrar: "sip:example.org" });

describe("webhook sink connection", () => {
  it("one kept-alive connection carries the POSTs, closed with the sink", async () => {
    let connections = 0;
    let open = 0;
    const received: unknown[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    receiver.keepAliveTimeout = 60_000;
    receiver.on("connection", (socket) => {
      connections += 1;
      open += 1;
      socket.on("close", () => (open -= 1));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const sink = new WebhookSink({ type: "webhook", url, batchSize: 1, lingerMs: 0 }, { clock: systemClock, random: seededRandom(1), logger: memoryLogger(), node: "n" });
    try {
      for (let n = 1; n <= 5; n++) sink.emit(event(n));
      for (let i = 0; i < 1000 && sink.counters.delivered < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(sink.counters.delivered, 5);
      assert.equal(received.length, 5);
      assert.equal(connections, 1, "five POSTs on one connection");
      sink.close();
      for (let i = 0; i < 1000 && open > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(open, 0, "closing the sink closes its connection");
    } finally {
      sink.close();
      receiver.close();
    }
  });

});
