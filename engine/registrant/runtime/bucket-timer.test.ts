import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../../clock.js";
import { startBucketTimer } from "./bucket-timer.js";
import { testParams } from "../../../testkit/registrant-fixtures.js";

describe("bucket timer (§3.2)", () => {
  it("§3.2 T=8, hash_size=2: one bucket every 2 s, the first one period after start, order 0..3 then again", async () => {
    const fake = createClock(1_000_000);
    const visits: Array<[number, number]> = [];
    const timer = startBucketTimer(fromFakeClock(fake), testParams({ timer_interval: 8, hash_size: 2 }), (bucket) =>
      visits.push([bucket, (fake.now - 1_000_000) / 1000]),
    );
    await fake.tickAsync(18_000);
    assert.deepEqual(visits, [[0, 2], [1, 4], [2, 6], [3, 8], [0, 10], [1, 12], [2, 14], [3, 16], [0, 18]]);
    timer.stop();
    await fake.tickAsync(10_000);
    assert.equal(visits.length, 9);
  });

  it("§3.2 the period is floor(T/N): T=103, N=4 -> 25 s", async () => {
    const fake = createClock(0);
    const at: number[] = [];
    const timer = startBucketTimer(fromFakeClock(fake), testParams({ timer_interval: 103, hash_size: 2 }), () => at.push(fake.now / 1000));
    await fake.tickAsync(100_000);
    assert.deepEqual(at, [25, 50, 75, 100]);
    timer.stop();
  });

  it("a visit that throws does not stop the timer", async () => {
    const fake = createClock(0);
    let calls = 0;
    const timer = startBucketTimer(fromFakeClock(fake), testParams({ timer_interval: 100, hash_size: 1 }), () => {
      calls += 1;
      throw new Error("boom");
    });
    for (let i = 0; i < 3; i++) await fake.tickAsync(50_000).catch(() => undefined);
    assert.equal(calls, 3);
    timer.stop();
  });
});
