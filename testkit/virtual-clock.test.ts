/** The soak's and the swarm's virtual clock: its schedule, and the same schedule as fake-timers'. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import fc from "fast-check";
import { fromFakeClock, type Clock, type TimerHandle } from "../engine/clock.js";
import { fuzzOptions } from "./fuzz-runs.js";
import { VirtualClock } from "./virtual-clock.js";

const START_MS = Date.UTC(2026, 0, 5);

describe("VirtualClock", () => {
  it("starts at its start time and moves only when ticked, to the tick's end", async () => {
    const clock = new VirtualClock(START_MS);
    assert.equal(clock.now(), START_MS);
    await clock.tickAsync(2500);
    assert.equal(clock.now(), START_MS + 2500);
  });

  it("fires timers by due time, the clock at each one's due time, and only those due by the tick's end", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: string[] = [];
    for (const [name, delay] of [["c", 30], ["a", 10], ["d", 41], ["b", 20]] as const) {
      clock.setTimeout(() => fired.push(`${name}@${clock.now() - START_MS}`), delay);
    }
    await clock.tickAsync(40);
    assert.deepEqual(fired, ["a@10", "b@20", "c@30"]);
    assert.equal(clock.pending, 1);
    await clock.tickAsync(1);
    assert.deepEqual(fired, ["a@10", "b@20", "c@30", "d@41"]);
    assert.equal(clock.pending, 0);
  });

  it("fires timers due at the same instant in the order they were scheduled", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: number[] = [];
    for (let i = 0; i < 50; i++) clock.setTimeout(() => fired.push(i), 7);
    await clock.tickAsync(7);
    assert.deepEqual(fired, Array.from({ length: 50 }, (_, i) => i));
  });

  it("never fires a cleared timer, including one cleared by the timer before it at the same instant", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push("a"), 5);
    let c: TimerHandle | undefined;
    clock.setTimeout(() => {
      fired.push("b");
      clock.clearTimeout(c!);
    }, 10);
    c = clock.setTimeout(() => fired.push("c"), 10);
    clock.clearTimeout(a);
    clock.clearTimeout(a);
    assert.equal(clock.pending, 2);
    await clock.tickAsync(100);
    assert.deepEqual(fired, ["b"]);
    assert.equal(clock.pending, 0);
  });

  it("ignores clearing a timer that already fired", async () => {
    const clock = new VirtualClock(START_MS);
    const handle = clock.setTimeout(() => {}, 1);
    clock.setTimeout(() => {}, 5);
    await clock.tickAsync(2);
    clock.clearTimeout(handle);
    assert.equal(clock.pending, 1);
  });

  it("fires within the same tick the timers that fired timers schedule, a delay of 0 then counting as 1 ms", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push(`outer@${clock.now() - START_MS}`);
      clock.setTimeout(() => fired.push(`zero@${clock.now() - START_MS}`), 0);
      clock.setTimeout(() => fired.push(`later@${clock.now() - START_MS}`), 5);
      clock.setTimeout(() => fired.push(`beyond@${clock.now() - START_MS}`), 50);
    }, 10);
    await clock.tickAsync(20);
    assert.deepEqual(fired, ["outer@10", "zero@11", "later@15"]);
  });

  it("keeps a timer of delay 0 scheduled outside a tick at the current instant", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now() - START_MS), 0);
    clock.setTimeout(() => fired.push(clock.now() - START_MS), -5);
    await clock.tickAsync(0);
    assert.deepEqual(fired, [0, 0]);
  });

  it("lets every promise callback of one timer settle before the next timer fires", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: string[] = [];
    clock.setTimeout(() => {
      void (async () => {
        for (let i = 0; i < 20; i++) await Promise.resolve();
        fired.push("a settled");
      })();
    }, 1);
    clock.setTimeout(() => fired.push("b"), 1);
    await clock.tickAsync(1);
    assert.deepEqual(fired, ["a settled", "b"]);
  });

  it("runs the whole tick when a timer throws, then throws the first error", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: string[] = [];
    clock.setTimeout(() => {
      throw new Error("first");
    }, 1);
    clock.setTimeout(() => {
      throw new Error("second");
    }, 2);
    clock.setTimeout(() => fired.push("c"), 3);
    await assert.rejects(clock.tickAsync(10), /first/);
    assert.deepEqual(fired, ["c"]);
    assert.equal(clock.now(), START_MS + 10);
  });

  it("truncates delays to whole milliseconds and counts one above 2^31 - 1 as 1 ms, as Node does", async () => {
    const clock = new VirtualClock(START_MS);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now() - START_MS), 2.9);
    clock.setTimeout(() => fired.push(clock.now() - START_MS), 2 ** 31);
    await clock.tickAsync(3);
    assert.deepEqual(fired, [1, 2]);
  });
});

/**
 * A random schedule: timers scheduled at the start or by the timer before them in the list
 * (directly or after a chain of promise callbacks), some clearing another, and ticks of random
 * length. Both clocks must fire the same timers at the same instants in the same order.
 */
interface PlannedTimer {
  /** -1: scheduled at the start; otherwise the index of the timer that schedules it (lower). */
  readonly parent: number;
  readonly delay: number;
  /** Promise callbacks between the parent firing and this timer being scheduled. */
  readonly microtasks: number;
  /** A timer this one clears when it fires. */
  readonly clears: number | null;
}

const planArbitrary = fc
  .array(
    fc.record({
      parentPick: fc.option(fc.nat(), { nil: undefined }),
      delay: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 400 })),
      microtasks: fc.integer({ min: 0, max: 3 }),
      clears: fc.option(fc.nat(), { nil: null }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((raw): PlannedTimer[] =>
    raw.map((t, i) => ({
      parent: t.parentPick === undefined || i === 0 ? -1 : t.parentPick % i,
      delay: t.delay,
      microtasks: t.microtasks,
      clears: t.clears === null ? null : t.clears % raw.length,
    })),
  );

async function trace(clock: Clock, tick: (ms: number) => Promise<void>, plan: readonly PlannedTimer[], ticks: readonly number[]): Promise<string[]> {
  const log: string[] = [];
  const handles = new Map<number, TimerHandle>();
  const schedule = (i: number): void => {
    const timer = plan[i]!;
    const go = (): void => {
      handles.set(
        i,
        clock.setTimeout(() => {
          log.push(`${i}@${clock.now() - START_MS}`);
          if (timer.clears !== null && handles.has(timer.clears)) clock.clearTimeout(handles.get(timer.clears)!);
          plan.forEach((child, j) => {
            if (child.parent === i) schedule(j);
          });
        }, timer.delay),
      );
    };
    let chain = Promise.resolve();
    if (timer.microtasks === 0) go();
    else for (let k = 0; k < timer.microtasks; k++) chain = chain.then(k === timer.microtasks - 1 ? go : () => {});
  };
  plan.forEach((timer, i) => {
    if (timer.parent === -1) schedule(i);
  });
  await Promise.resolve();
  for (const ms of ticks) {
    await tick(ms);
    log.push(`tick to ${clock.now() - START_MS}`);
  }
  return log;
}

describe("VirtualClock against @sinonjs/fake-timers", () => {
  it("fires the same timers at the same instants in the same order for any schedule", async () => {
    await fc.assert(
      fc.asyncProperty(planArbitrary, fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 8 }), async (plan, ticks) => {
        const fake = createClock(START_MS);
        const expected = await trace(fromFakeClock(fake), async (ms) => void (await fake.tickAsync(ms)), plan, ticks);
        const virtual = new VirtualClock(START_MS);
        const actual = await trace(virtual, (ms) => virtual.tickAsync(ms), plan, ticks);
        assert.deepEqual(actual, expected);
      }),
      // fake-timers spends a native 1 ms timer per fired timer: 100 schedules take seconds.
      fuzzOptions(100),
    );
  });
});
