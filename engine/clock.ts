/**
 * The only source of time in uacreg (ARCHITECTURE.md layer 3).
 *
 * `now()` is Unix epoch milliseconds: OpenSIPS schedules on wall-clock seconds and `reg_list`
 * prints them, so the engine needs wall time, not a monotonic counter. Production runs on the
 * real timers (`systemClock`); tests wrap a `@sinonjs/fake-timers` clock with `fromFakeClock`,
 * so that simulated days take milliseconds (the soak and the swarm use testkit's VirtualClock,
 * the same schedule without fake-timers' native wait after each timer). No other file calls Date.now(), setTimeout or
 * setInterval directly.
 */

/** An opaque timer handle; only the clock that made it can cancel it. */
export type TimerHandle = { readonly __timer: unique symbol } | object | number;

export interface Clock {
  /** Unix epoch milliseconds. */
  now(): number;
  /** Calls `fn` once after `delayMs` milliseconds of this clock's time. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /**
   * Calls `fn` once the event loop has read the sockets that have data, without waiting for any
   * time to pass (`setImmediate` on the real event loop). Lets a burst of sends leave room for the
   * replies they bring. Absent on a fake clock, where there is no socket to read: a caller then
   * carries on at once, so that what it does stays exactly where it was in simulated time.
   */
  afterIo?(fn: () => void): void;
}

/** What `withinMs` gives when the time ran out first. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * `work`'s value, or TIMED_OUT when it has not settled within `limitMs` of `clock`; `work`
 * rejecting within the limit rejects. The timer is cleared either way. `work` itself is not
 * stopped: a caller that gives up on it handles its later rejection.
 */
export async function withinMs<T>(clock: Clock, work: Promise<T>, limitMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: TimerHandle | null = null;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = clock.setTimeout(() => resolve(TIMED_OUT), limitMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    if (timer !== null) clock.clearTimeout(timer);
  }
}

/** Whole seconds of a clock, as the state machine reads it (spec D27). */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => {
    const t = globalThis.setTimeout(fn, delayMs);
    // A pending refresh must not keep a CLI process alive after everything else has stopped.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  afterIo: (fn) => void setImmediate(fn),
};

/** The subset of a `@sinonjs/fake-timers` clock that we drive. */
export interface FakeTimerClock {
  now: number;
  setTimeout(fn: () => void, delayMs: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Adapts a clock from `@sinonjs/fake-timers` `createClock()` (whose `now` is a field). */
export function fromFakeClock(fake: FakeTimerClock): Clock {
  return {
    now: () => fake.now,
    setTimeout: (fn, delayMs) => fake.setTimeout(fn, delayMs) as TimerHandle,
    clearTimeout: (handle) => fake.clearTimeout(handle),
  };
}
