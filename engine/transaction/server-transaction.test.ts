import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import type { SipResponse } from "../sip/index.js";
import { TransportError } from "../transport/index.js";
import { NonInviteServerTransaction, SERVER_TIMER_BATCH_MS } from "./server-transaction.js";
import { resolveTimerSettings } from "./timers.js";

function response(status: number): SipResponse {
  return { kind: "response", status, reason: "x", headers: [], body: new Uint8Array() };
}

function harness(
  options: { reliable?: boolean; sendError?: TransportError; unansweredLimitMs?: number; handOver?: (t: NonInviteServerTransaction) => void } = {},
) {
  const fake = createClock(0);
  const sent: number[] = [];
  let terminations = 0;
  const transaction = NonInviteServerTransaction.start({
    queues: NonInviteServerTransaction.queues(fromFakeClock(fake), resolveTimerSettings(), options.unansweredLimitMs ?? 60_000),
    reliable: options.reliable ?? false,
    send: (bytes) => {
      sent.push(Number(Buffer.from(bytes).toString("latin1").split(" ")[1]));
      return Promise.resolve(options.sendError ?? null);
    },
    onTerminated: () => void terminations++,
  }, options.handOver ?? (() => {}));
  return {
    fake,
    transaction,
    sent,
    get terminations() {
      return terminations;
    },
  };
}

describe("non-INVITE server transaction (RFC 3261 §17.2.2)", () => {
  it("absorbs a retransmission while the TU has not answered", () => {
    const h = harness();
    assert.equal(h.transaction.receiveRetransmission(), "absorbed");
    assert.deepEqual(h.sent, []);
  });

  it("resends the last provisional in Proceeding and the final in Completed", async () => {
    const h = harness();
    assert.deepEqual(await h.transaction.respond(response(100)), { sent: true });
    assert.equal(h.transaction.state, "proceeding");
    assert.equal(h.transaction.receiveRetransmission(), "resent");
    assert.deepEqual(await h.transaction.respond(response(200)), { sent: true });
    assert.equal(h.transaction.state, "completed");
    assert.equal(h.transaction.receiveRetransmission(), "resent");
    assert.deepEqual(h.sent, [100, 100, 200, 200]);
  });

  it("discards a second final from the TU", async () => {
    const h = harness();
    await h.transaction.respond(response(200));
    assert.deepEqual(await h.transaction.respond(response(500)), { sent: false, reason: "already-final" });
    assert.deepEqual(h.sent, [200]);
  });

  it("stays Completed for Timer J = 64*T1 on an unreliable transport, ending within the shared wake-up's batch", async () => {
    const h = harness();
    await h.transaction.respond(response(200));
    h.fake.tick(31_999);
    assert.equal(h.transaction.state, "completed");
    h.fake.tick(1 + SERVER_TIMER_BATCH_MS);
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.terminations, 1);
    assert.equal(h.transaction.receiveRetransmission(), "absorbed");
  });

  it("terminates at once after the final on a reliable transport (Timer J = 0)", async () => {
    const h = harness({ reliable: true });
    await h.transaction.respond(response(404));
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.fake.countTimers(), 0);
  });

  it("terminates on a transport error and says so to the TU (RFC 3261 §17.2.4)", async () => {
    const error = new TransportError("closed", "connection gone");
    const h = harness({ sendError: error });
    assert.deepEqual(await h.transaction.respond(response(200)), { sent: false, reason: "transport-error", error });
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.terminations, 1);
    assert.equal(h.fake.countTimers(), 0);
  });

  it("sets no unanswered-limit timer when the TU answers while the request is handed over", () => {
    const h = harness({ reliable: true, unansweredLimitMs: 10_000, handOver: (t) => void t.respond(response(200)) });
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.fake.countTimers(), 0);
    const unreliable = harness({ unansweredLimitMs: 10_000, handOver: (t) => void t.respond(response(200)) });
    assert.equal(unreliable.fake.countTimers(), 1, "Timer J only");
    unreliable.fake.tick(32_000 + SERVER_TIMER_BATCH_MS);
    assert.equal(unreliable.transaction.state, "terminated");
  });

  it("drops a transaction the TU never answers after the unanswered limit", async () => {
    const h = harness({ unansweredLimitMs: 10_000 });
    h.fake.tick(9_999);
    assert.equal(h.transaction.state, "trying");
    h.fake.tick(1 + SERVER_TIMER_BATCH_MS);
    assert.equal(h.transaction.state, "terminated");
    assert.deepEqual(await h.transaction.respond(response(200)), { sent: false, reason: "already-final" });
    assert.deepEqual(h.sent, []);
  });
});
