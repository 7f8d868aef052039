import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../../clock.js";
import { spreadFeed } from "./spread-feed.js";

describe("spreadFeed (due records of a taken tag)", () => {
  it("1,000 items over 1 s: 50 at once, then 50 every 50 ms, the last at 950 ms, then done", async () => {
    const fake = createClock(0);
    const at: number[] = [];
    let doneAt: number | null = null;
    spreadFeed(fromFakeClock(fake), Array.from({ length: 1000 }, (_, i) => i), 1000, () => at.push(fake.now), () => (doneAt = fake.now));
    assert.equal(at.length, 50, "the first share goes at once");
    await fake.tickAsync(2000);
    assert.equal(at.length, 1000);
    const perTick = new Map<number, number>();
    for (const ms of at) perTick.set(ms, (perTick.get(ms) ?? 0) + 1);
    assert.deepEqual([...perTick.keys()], Array.from({ length: 20 }, (_, i) => i * 50));
    assert.ok([...perTick.values()].every((n) => n === 50));
    assert.equal(doneAt, 950);
  });

  it("fewer items than ticks: one per tick; a span shorter than a tick: all at once", async () => {
    const fake = createClock(0);
    const seen: Array<[number, number]> = [];
    let done = 0;
    spreadFeed(fromFakeClock(fake), [1, 2, 3], 1000, (n) => seen.push([n, fake.now]), () => done++);
    spreadFeed(fromFakeClock(fake), [4, 5], 10, (n) => seen.push([n, fake.now]), () => done++);
    await fake.tickAsync(1000);
    assert.deepEqual(seen, [[1, 0], [4, 0], [5, 0], [2, 50], [3, 100]]);
    assert.equal(done, 2);
  });

  it("cancel stops what is left", async () => {
    const fake = createClock(0);
    let count = 0;
    const cancel = spreadFeed(fromFakeClock(fake), Array.from({ length: 100 }, (_, i) => i), 500, () => count++, () => assert.fail("not done"));
    assert.equal(count, 10);
    await fake.tickAsync(100);
    cancel();
    await fake.tickAsync(1000);
    assert.equal(count, 30);
  });
});
