/**
 * A simulated clock for the long runs (the soak and the swarm): the same schedule as
 * `@sinonjs/fake-timers`' `tickAsync`, at a fraction of the wall time.
 *
 * fake-timers yields to the event loop after every timer it fires with a native `setTimeout`,
 * which Node rounds up to 1 ms: a simulated week of 10,000 records fires tens of millions of
 * timers, so that floor alone was hours. This clock yields with `setImmediate` instead (every
 * promise callback still settles between two timers, which is all the yield is for), keeps its
 * timers in a binary heap, and cancels lazily (a cleared timer is skipped when it comes up).
 *
 * The schedule is fake-timers', so a seed replays the same run on either clock:
 * - timers fire in order of due time, then of scheduling (insertion order breaks ties);
 * - a delay is truncated to whole milliseconds; negative, non-finite or zero is 0, and above
 *   2^31 - 1 is 1 (as Node does);
 * - a timer of delay 0 scheduled while a tick runs is due 1 ms later, so a timer that
 *   reschedules itself at 0 cannot hold the clock at one instant;
 * - `now()` is the fired timer's due time while it runs, and the tick's end after it;
 * - a timer that throws does not stop the tick: the first error is thrown once the tick ends.
 */
import { type Clock, type TimerHandle } from "../engine/clock.js";

/** Node's largest timer delay; beyond it a delay counts as 1 ms. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface Timer {
  readonly dueMs: number;
  readonly order: number;
  readonly fn: () => void;
  cancelled: boolean;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  #nowMs: number;
  #order = 0;
  #ticking = false;
  #live = 0;
  /** A binary min-heap on (dueMs, order). */
  readonly #heap: Timer[] = [];

  constructor(startMs: number) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  /** Timers scheduled and neither fired nor cleared. */
  get pending(): number {
    return this.#live;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const delay = wholeDelay(delayMs);
    const timer: Timer = { dueMs: this.#nowMs + (delay || (this.#ticking ? 1 : 0)), order: this.#order++, fn, cancelled: false };
    this.#push(timer);
    this.#live++;
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = handle as Timer;
    if (typeof timer !== "object" || timer === null || timer.cancelled || !("dueMs" in timer)) return;
    timer.cancelled = true;
    this.#live--;
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to then (those that fired timers
   * schedule too), each in its own turn of the event loop.
   */
  async tickAsync(ms: number): Promise<void> {
    const endMs = this.#nowMs + wholeDelay(ms);
    let firstError: { error: unknown } | null = null;
    // What the caller's promise callbacks schedule before the tick begins is scheduled outside it.
    await yieldToEventLoop();
    this.#ticking = true;
    try {
      for (let timer = this.#nextDue(endMs); timer !== null; timer = this.#nextDue(endMs)) {
        this.#nowMs = timer.dueMs;
        try {
          timer.fn();
        } catch (error) {
          firstError ??= { error };
        }
        await yieldToEventLoop();
      }
      this.#nowMs = endMs;
    } finally {
      this.#ticking = false;
    }
    if (firstError !== null) throw firstError.error;
  }

  /** Takes the earliest live timer due by `endMs` off the heap, dropping cleared ones on the way. */
  #nextDue(endMs: number): Timer | null {
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined || top.dueMs > endMs) return null;
      this.#pop();
      if (top.cancelled) continue;
      top.cancelled = true;
      this.#live--;
      return top;
    }
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    let i = heap.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.order < b.order);
}

function wholeDelay(ms: number): number {
  if (!Number.isFinite(ms)) return 0;
  const whole = Math.max(0, Math.trunc(ms));
  return whole > MAX_DELAY_MS ? 1 : whole;
}
