import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import { TransportError, type SocketAddress, type Transport } from "../transport/index.js";
import { CompletedResponses } from "./completed-responses.js";

const TIMER_J_MS = 32_000;
const BATCH_MS = 500;

function harness(failing = false) {
  const fake = createClock(0);
  const sent: { to: SocketAddress; text: string }[] = [];
  const transport: Transport = {
    protocol: "udp",
    reliable: false,
    local: { protocol: "udp", host: "127.0.0.1", port: 5060 },
    send: () => Promise.resolve(),
    sendUnconfirmed: (to, data) => {
      if (failing) return new TransportError("send_failed", "unreachable");
      sent.push({ to: { ...to }, text: Buffer.from(data).toString("latin1") });
      return null;
    },
    onMessage: () => {},
    close: () => Promise.resolve(),
  };
  const store = new CompletedResponses(fromFakeClock(fake), TIMER_J_MS, BATCH_MS);
  const add = (key: string, text: string, port = 5070): void => store.add(key, Buffer.from(text, "latin1"), transport, { host: "192.0.2.7", port });
  return { fake, store, sent, add };
}

describe("CompletedResponses: UDP server transactions in Completed until Timer J", () => {
  it("answers each retransmission with its own final response, to its own address", () => {
    const h = harness();
    h.add("k1", "SIP/2.0 200 OK one", 5070);
    h.add("k2", "SIP/2.0 401 Unauthorized two", 5080);
    assert.equal(h.store.resend("k2"), true);
    assert.equal(h.store.resend("k1"), true);
    assert.equal(h.store.resend("k3"), false, "a key never completed is a new request");
    assert.deepEqual(h.sent, [
      { to: { host: "192.0.2.7", port: 5080 }, text: "SIP/2.0 401 Unauthorized two" },
      { to: { host: "192.0.2.7", port: 5070 }, text: "SIP/2.0 200 OK one" },
    ]);
    assert.equal(h.store.size, 2);
  });

  it("keeps responses whole across chunk boundaries", () => {
    const h = harness();
    const texts = Array.from({ length: 400 }, (_, i) => `SIP/2.0 200 OK ${i} ${"x".repeat(300 + (i % 50))}`);
    texts.forEach((text, i) => h.add(`k${i}`, text));
    for (let i = 0; i < texts.length; i++) h.store.resend(`k${i}`);
    assert.deepEqual(h.sent.map((s) => s.text), texts);
  });

  it("forgets an entry Timer J after it was added, late by at most the batch, never early", () => {
    const h = harness();
    h.add("early", "a");
    h.fake.tick(BATCH_MS - 1);
    h.add("late-in-batch", "b");
    h.fake.tick(TIMER_J_MS - BATCH_MS);
    assert.equal(h.store.has("late-in-batch"), true, "not early: Timer J is not over for it yet");
    assert.equal(h.store.has("early"), true, "still there: its batch goes as a whole");
    h.fake.tick(BATCH_MS + 1);
    assert.equal(h.store.size, 0);
    assert.equal(h.store.resend("early"), false);
    assert.equal(h.fake.countTimers(), 0, "no clock timer once nothing is held");
  });

  it("does not let an old batch's expiry forget the same key completed again later", () => {
    const h = harness();
    h.add("k", "first");
    h.store.delete("k");
    h.add("other", "keeps the batches alive");
    h.fake.tick(BATCH_MS * 3);
    h.add("k", "second");
    h.fake.tick(TIMER_J_MS);
    assert.equal(h.store.has("other"), false);
    assert.equal(h.store.resend("k"), true, "the second completion has its own Timer J");
    assert.equal(h.sent.at(-1)?.text, "second");
  });

  it("forgets a transaction whose response cannot be sent again (RFC 3261 §17.2.4)", () => {
    const h = harness(true);
    h.add("k", "x");
    assert.equal(h.store.resend("k"), true);
    assert.equal(h.store.has("k"), false);
  });
});
