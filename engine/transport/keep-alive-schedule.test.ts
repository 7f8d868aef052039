import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { keepAliveSettingsError, keepAliveStep, type FlowLiveness, type KeepAliveStep } from "./keep-alive-schedule.js";

const settings = { intervalMs: 30_000, timeoutMs: 10_000 };

/** Plays a peer that goes silent after `lastHeardMs`: the time the connection is found dead. */
function deadAt(lastHeardMs: number, keepAlive: { intervalMs: number; timeoutMs: number }, startMs = lastHeardMs): number {
  let flow: FlowLiveness = { lastHeardMs, pingSentMs: null };
  let nowMs = startMs;
  // Bounded: a silent peer needs a ping and its missing pong, two waits and two acts.
  for (let steps = 0; steps < 4; steps++) {
    const step: KeepAliveStep = keepAliveStep(flow, keepAlive, nowMs);
    if (step.kind === "dead") return nowMs;
    if (step.kind === "ping") flow = { ...flow, pingSentMs: nowMs };
    else nowMs = step.atMs;
  }
  throw new Error("no verdict within four steps");
}

describe("when a connection's keep-alive acts (D37, RFC 5626 §4.4.1)", () => {
  it("pings once the peer has been quiet for keepalive_interval - keepalive_timeout, not before", () => {
    const flow = { lastHeardMs: 1_000, pingSentMs: null };
    assert.deepEqual(keepAliveStep(flow, settings, 1_000), { kind: "wait", atMs: 21_000 });
    assert.deepEqual(keepAliveStep(flow, settings, 20_999), { kind: "wait", atMs: 21_000 });
    assert.deepEqual(keepAliveStep(flow, settings, 21_000), { kind: "ping" });
    assert.deepEqual(keepAliveStep(flow, settings, 25_000), { kind: "ping" }, "a late timer pings at once");
  });

  it("a ping with no byte back is dead keepalive_timeout after it, not before", () => {
    const flow = { lastHeardMs: 1_000, pingSentMs: 21_000 };
    assert.deepEqual(keepAliveStep(flow, settings, 21_000), { kind: "wait", atMs: 31_000 });
    assert.deepEqual(keepAliveStep(flow, settings, 30_999), { kind: "wait", atMs: 31_000 });
    assert.deepEqual(keepAliveStep(flow, settings, 31_000), { kind: "dead" });
  });

  it("a byte heard (the pong, or a message) starts the quiet time again", () => {
    const answered = { lastHeardMs: 21_050, pingSentMs: null };
    assert.deepEqual(keepAliveStep(answered, settings, 31_000), { kind: "wait", atMs: 41_050 });
  });

  it("a peer silent from its last byte on is found dead exactly keepalive_interval after it", () => {
    assert.equal(deadAt(1_000, settings), 31_000);
    assert.equal(deadAt(0, { intervalMs: 2, timeoutMs: 1 }), 2);
  });

  it("never later than keepalive_interval after the last byte heard, nor sooner, for any settings and any moment the timer looks", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3_600_000 }).chain((intervalMs) =>
          fc.record({ intervalMs: fc.constant(intervalMs), timeoutMs: fc.integer({ min: 1, max: intervalMs - 1 }) }),
        ),
        fc.integer({ min: 0, max: 1e12 }),
        fc.nat({ max: 3_600_000 }),
        (keepAlive, lastHeardMs, lookAfterMs) => {
          const found = deadAt(lastHeardMs, keepAlive, lastHeardMs + Math.min(lookAfterMs, keepAlive.intervalMs - keepAlive.timeoutMs));
          assert.equal(found, lastHeardMs + keepAlive.intervalMs);
        },
      ),
    );
  });

  it("settings need whole ms from 1 and a timeout below the interval, and the error names both", () => {
    assert.equal(keepAliveSettingsError(settings), null);
    assert.equal(keepAliveSettingsError({ intervalMs: 2, timeoutMs: 1 }), null);
    assert.match(keepAliveSettingsError({ intervalMs: 10_000, timeoutMs: 10_000 }) ?? "", /timeoutMs 10000 must be below intervalMs 10000/);
    assert.match(keepAliveSettingsError({ intervalMs: 5_000, timeoutMs: 10_000 }) ?? "", /timeoutMs 10000 must be below intervalMs 5000/);
    assert.match(keepAliveSettingsError({ intervalMs: 0, timeoutMs: 10_000 }) ?? "", /intervalMs must be a whole number of ms from 1, got 0/);
    assert.match(keepAliveSettingsError({ intervalMs: 30_000, timeoutMs: 0.5 }) ?? "", /timeoutMs must be a whole number of ms from 1, got 0.5/);
    assert.match(keepAliveSettingsError({ intervalMs: Number.NaN, timeoutMs: 1 }) ?? "", /intervalMs .* got NaN/);
  });
});
