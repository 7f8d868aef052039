/** withinMs: a wait bounded on the injected clock. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../testkit/virtual-clock.js";
import { TIMED_OUT, withinMs } from "./clock.js";

describe("withinMs", () => {
  it("gives the value of work that settles in time and clears its timer", async () => {
    const clock = new VirtualClock(0);
    assert.equal(await withinMs(clock, Promise.resolve("saved"), 1000), "saved");
    assert.equal(clock.pending, 0);
  });

  it("gives TIMED_OUT once the limit passes, not a millisecond before", async () => {
    const clock = new VirtualClock(0);
    let outcome: unknown = null;
    void withinMs(clock, new Promise<never>(() => {}), 1000).then((value) => (outcome = value));
    await clock.tickAsync(999);
    assert.equal(outcome, null);
    await clock.tickAsync(1);
    assert.equal(outcome, TIMED_OUT);
  });

  it("rejects when the work rejects in time", async () => {
    const clock = new VirtualClock(0);
    await assert.rejects(withinMs(clock, Promise.reject(new Error("connection reset")), 1000), /connection reset/);
    assert.equal(clock.pending, 0);
  });
});
