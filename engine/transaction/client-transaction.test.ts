import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import type { SipResponse } from "../sip/index.js";
import { TransportError } from "../transport/index.js";
import { NonInviteClientTransaction, type ClientTransactionDeps } from "./client-transaction.js";
import type { TransactionOutcome } from "./outcome.js";
import { resolveTimerSettings, type TimerSettings } from "./timers.js";

/** Lets the promise callbacks of already-settled sends run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function response(status: number): SipResponse {
  return { kind: "response", status, reason: "x", headers: [], body: new Uint8Array() };
}

/** One transaction on a fake clock, recording every send time and every report. */
function harness(options: { reliable?: boolean; timers?: Partial<TimerSettings>; sendError?: TransportError } = {}) {
  const fake = createClock(0);
  const sendTimes: number[] = [];
  const outcomes: TransactionOutcome[] = [];
  const provisionals: number[] = [];
  let retransmissions = 0;
  let terminations = 0;
  const deps: ClientTransactionDeps = {
    clock: fromFakeClock(fake),
    timers: resolveTimerSettings(options.timers),
    reliable: options.reliable ?? false,
    send: (report) => {
      sendTimes.push(fake.now);
      void Promise.resolve(options.sendError ?? null).then(report);
    },
    onOutcome: (outcome) => outcomes.push(outcome),
    onProvisional: (r) => provisionals.push(r.status),
    onTerminated: () => void terminations++,
    onRetransmission: () => void retransmissions++,
  };
  const transaction = NonInviteClientTransaction.start(deps);
  return {
    fake,
    transaction,
    sendTimes,
    outcomes,
    provisionals,
    get retransmissions() {
      return retransmissions;
    },
    get terminations() {
      return terminations;
    },
  };
}

describe("non-INVITE client transaction (RFC 3261 §17.1.2)", () => {
  it("retransmits on an unreliable transport after 500, 1000, 2000, 4000, 4000 ms (Timer E)", () => {
    const h = harness();
    h.fake.tick(11_500 + 4_000);
    const gaps = h.sendTimes.slice(1).map((t, i) => t - h.sendTimes[i]!);
    assert.deepEqual(gaps, [500, 1000, 2000, 4000, 4000, 4000]);
    assert.equal(h.retransmissions, 6);
  });

  it("does not retransmit on a reliable transport", () => {
    const h = harness({ reliable: true });
    h.fake.tick(29_999);
    assert.deepEqual(h.sendTimes, [0]);
    assert.equal(h.retransmissions, 0);
  });

  it("times out at exactly 30 s by default (Timer F, OpenSIPS fr_timeout), and stops retransmitting", () => {
    const h = harness();
    h.fake.tick(29_999);
    assert.deepEqual(h.outcomes, []);
    h.fake.tick(1);
    assert.deepEqual(h.outcomes, [{ kind: "timeout", afterMs: 30_000 }]);
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.terminations, 1);
    assert.equal(h.fake.countTimers(), 0);
  });

  it("takes a configured final timeout", () => {
    const h = harness({ reliable: true, timers: { finalTimeoutMs: 5_000 } });
    h.fake.tick(4_999);
    assert.equal(h.outcomes.length, 0);
    h.fake.tick(1);
    assert.deepEqual(h.outcomes, [{ kind: "timeout", afterMs: 5_000 }]);
  });

  it("after a provisional, lets the running Timer E fire and then retransmits every T2", () => {
    const h = harness();
    h.fake.tick(100);
    assert.equal(h.transaction.receiveResponse(response(100)), "provisional");
    assert.equal(h.transaction.state, "proceeding");
    assert.deepEqual(h.provisionals, [100]);
    h.fake.tick(12_400);
    assert.deepEqual(h.sendTimes, [0, 500, 4_500, 8_500, 12_500]);
  });

  it("passes a final response up once and absorbs its retransmissions until Timer K (T4)", () => {
    const h = harness();
    h.fake.tick(700);
    assert.equal(h.transaction.receiveResponse(response(200)), "final");
    assert.equal(h.transaction.receiveResponse(response(200)), "absorbed");
    assert.equal(h.transaction.receiveResponse(response(180)), "absorbed");
    assert.equal(h.outcomes.length, 1);
    assert.equal(h.outcomes[0]?.kind, "response");
    assert.deepEqual(h.provisionals, []);
    assert.equal(h.transaction.state, "completed");
    h.fake.tick(4_999);
    assert.equal(h.transaction.state, "completed");
    assert.deepEqual(h.sendTimes, [0, 500], "no retransmission once completed");
    h.fake.tick(1);
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.terminations, 1);
    assert.equal(h.fake.countTimers(), 0);
  });

  it("terminates at once after a final response on a reliable transport (Timer K = 0)", () => {
    const h = harness({ reliable: true });
    h.transaction.receiveResponse(response(401));
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.fake.countTimers(), 0);
    assert.equal(h.outcomes.length, 1);
  });

  it("reports a send rejection as a transport-error outcome, without waiting for Timer F", async () => {
    const error = new TransportError("connection_refused", "nobody listens");
    const h = harness({ reliable: true, sendError: error });
    await settle();
    assert.deepEqual(h.outcomes, [{ kind: "transport-error", error }]);
    assert.equal(h.transaction.state, "terminated");
    assert.equal(h.fake.countTimers(), 0);
  });

  it("fail() ends a pending transaction once and is ignored after an outcome", () => {
    const h = harness();
    const closed = new TransportError("closed", "layer closed");
    h.transaction.fail(closed);
    h.transaction.fail(closed);
    h.transaction.receiveResponse(response(200));
    assert.deepEqual(h.outcomes, [{ kind: "transport-error", error: closed }]);
    assert.equal(h.terminations, 1);
  });
});
