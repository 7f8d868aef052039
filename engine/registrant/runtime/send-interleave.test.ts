import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SendInterleave } from "./send-interleave.js";

/** A hand-driven event loop: `turn()` runs what was deferred to after the sockets were read. */
function loop(): { afterIo: (fn: () => void) => void; turn: () => void; pending: () => number } {
  let deferred: Array<() => void> = [];
  return {
    afterIo: (fn) => void deferred.push(fn),
    turn: () => {
      const now = deferred;
      deferred = [];
      for (const fn of now) fn();
    },
    pending: () => deferred.length,
  };
}

describe("SendInterleave", () => {
  it("sends up to a chunk at once and the rest a chunk per turn, in order", () => {
    const events = loop();
    const interleave = new SendInterleave(events.afterIo, 3);
    const sent: number[] = [];
    for (let i = 0; i < 8; i++) interleave.run(() => sent.push(i));
    assert.deepEqual(sent, [0, 1, 2]);
    assert.equal(interleave.waiting, 5);
    events.turn();
    assert.deepEqual(sent, [0, 1, 2, 3, 4, 5]);
    events.turn();
    assert.deepEqual(sent, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(interleave.waiting, 0);
  });

  it("queues a send made while others wait behind them, even in a fresh turn", () => {
    const events = loop();
    const interleave = new SendInterleave(events.afterIo, 2);
    const sent: string[] = [];
    for (const name of ["a", "b", "c", "d", "e"]) interleave.run(() => sent.push(name));
    events.turn();
    // A reply read in this turn triggers a send: it goes after the ones still waiting.
    interleave.run(() => sent.push("reply"));
    events.turn();
    events.turn();
    assert.deepEqual(sent, ["a", "b", "c", "d", "e", "reply"]);
  });

  it("gives every turn a fresh allowance and stops scheduling turns once idle", () => {
    const events = loop();
    const interleave = new SendInterleave(events.afterIo, 2);
    const sent: number[] = [];
    interleave.run(() => sent.push(1));
    interleave.run(() => sent.push(2));
    events.turn();
    interleave.run(() => sent.push(3));
    interleave.run(() => sent.push(4));
    assert.deepEqual(sent, [1, 2, 3, 4]);
    events.turn();
    assert.equal(events.pending(), 0);
  });

  it("refuses a chunk that is not a whole number from 1", () => {
    assert.throws(() => new SendInterleave(() => undefined, 0), /chunk must be a whole number from 1, got 0/);
    assert.throws(() => new SendInterleave(() => undefined, 1.5), /chunk/);
  });
});
