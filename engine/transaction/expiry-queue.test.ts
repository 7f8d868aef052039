import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import { ExpiryQueue } from "./expiry-queue.js";

function harness(delayMs = 1000, batchMs = 0) {
  const fake = createClock(0);
  const expired: { item: string; atMs: number }[] = [];
  const queue = new ExpiryQueue<string>(fromFakeClock(fake), delayMs, (item) => void expired.push({ item, atMs: fake.now }), batchMs);
  return { fake, queue, expired };
}

describe("ExpiryQueue: many timers of one delay on one clock timer", () => {
  it("expires each entry exactly its delay after it was added, in order", () => {
    const h = harness();
    h.queue.add("a");
    h.fake.tick(300);
    h.queue.add("b");
    h.queue.add("c");
    assert.equal(h.fake.countTimers(), 1, "one clock timer for three entries");
    h.fake.tick(699);
    assert.deepEqual(h.expired, []);
    h.fake.tick(1);
    assert.deepEqual(h.expired, [{ item: "a", atMs: 1000 }]);
    h.fake.tick(300);
    assert.deepEqual(h.expired.slice(1), [{ item: "b", atMs: 1300 }, { item: "c", atMs: 1300 }]);
    assert.equal(h.queue.size, 0);
    assert.equal(h.fake.countTimers(), 0, "no clock timer once the queue is empty");
  });

  it("with a batch, entries falling due close together share one wake-up, late by at most the batch, never early", () => {
    const h = harness(1000, 500);
    for (let atMs = 0; atMs < 1200; atMs += 100) {
      h.queue.add(`at ${atMs}`);
      h.fake.tick(100);
    }
    h.fake.tick(1500 - h.fake.now - 1);
    assert.equal(h.expired.length, 0, "nothing before the head's due time plus the batch");
    h.fake.tick(1);
    assert.deepEqual(
      h.expired.map((e) => e.item),
      ["at 0", "at 100", "at 200", "at 300", "at 400", "at 500"],
      "one wake-up takes every entry due by then",
    );
    h.fake.tick(5000);
    assert.equal(h.expired.length, 12);
    assert.ok(h.expired.every((e) => Number(e.item.slice(3)) + 1000 <= e.atMs && e.atMs <= Number(e.item.slice(3)) + 1500));
    assert.equal(new Set(h.expired.map((e) => e.atMs)).size, 2, "twelve entries, two wake-ups");
  });

  it("never expires a cancelled entry, and keeps no clock timer when nothing is left", () => {
    const h = harness();
    const a = h.queue.add("a");
    h.fake.tick(100);
    h.queue.add("b");
    h.queue.cancel(a);
    assert.equal(h.queue.size, 1);
    h.fake.tick(1000);
    assert.deepEqual(h.expired, [{ item: "b", atMs: 1100 }]);
    const c = h.queue.add("c");
    h.queue.cancel(c);
    assert.equal(h.fake.countTimers(), 0);
    h.queue.cancel(c);
    assert.equal(h.queue.size, 0, "cancelling twice changes nothing");
  });

  it("clear forgets every entry and its clock timer", () => {
    const h = harness();
    h.queue.add("a");
    h.queue.add("b");
    h.queue.clear();
    assert.equal(h.fake.countTimers(), 0);
    h.fake.tick(5000);
    assert.deepEqual(h.expired, []);
  });

  it("keeps tickets valid across thousands of entries let go from the front", () => {
    const h = harness(10);
    const tickets: number[] = [];
    for (let i = 0; i < 5000; i++) {
      tickets.push(h.queue.add(`e${i}`));
      h.fake.tick(1);
    }
    // Entries 0..4990 have expired by now; 4991..4999 are pending.
    assert.equal(h.expired.length, 4991);
    h.queue.cancel(tickets[4995]!);
    h.queue.cancel(tickets[10]!);
    h.fake.tick(10);
    assert.deepEqual(
      h.expired.slice(4991).map((e) => e.item),
      ["e4991", "e4992", "e4993", "e4994", "e4996", "e4997", "e4998", "e4999"],
    );
    assert.equal(h.fake.countTimers(), 0);
  });
});
