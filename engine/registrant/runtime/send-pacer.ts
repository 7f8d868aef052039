/**
 * D33 on the Clock: holds new REGISTER transactions back so that no more than
 * `register_rate_limit` go out per second, the most urgent first, and spreads first REGISTERs
 * over `startup_spread` seconds (the arithmetic is policy/send-pacing.ts). Without either
 * parameter the action runner sends directly and this is never built.
 */
import type { Clock, TimerHandle } from "../../clock.js";
import type { Random } from "../../random.js";
import type { SendPriority } from "../policy/send-pacing.js";
import { nextSendMs, spreadDelayMs } from "../policy/send-pacing.js";

export class SendPacer {
  readonly #clock: Clock;
  /** 0: no limit. */
  readonly #ratePerSec: number;
  readonly #spreadSec: number;
  readonly #draw: Random;
  /** One FIFO per priority; `#heads` is where each one's unsent part starts (no O(n) shift). */
  readonly #queues: [Array<() => void>, Array<() => void>, Array<() => void>] = [[], [], []];
  readonly #heads = [0, 0, 0];
  #lastSentMs: number | null = null;
  #timer: TimerHandle | null = null;
  #stopped = false;

  constructor(clock: Clock, ratePerSec: number, spreadSec: number, draw: Random) {
    this.#clock = clock;
    this.#ratePerSec = ratePerSec;
    this.#spreadSec = spreadSec;
    this.#draw = draw;
  }

  /** Runs `send` when the limit allows; a first REGISTER (priority 2) after its spread delay. */
  submit(priority: SendPriority, send: () => void): void {
    if (priority === 2 && this.#spreadSec > 0) {
      const delayMs = spreadDelayMs(this.#spreadSec, this.#draw.fraction());
      this.#clock.setTimeout(() => this.#enqueue(priority, send), delayMs);
      return;
    }
    this.#enqueue(priority, send);
  }

  /** Nothing queued is sent any more. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #enqueue(priority: SendPriority, send: () => void): void {
    if (this.#stopped) return;
    this.#queues[priority].push(send);
    this.#drain();
  }

  #drain(): void {
    if (this.#timer !== null) return;
    for (;;) {
      const next = this.#next();
      if (next === null) return;
      const nowMs = this.#clock.now();
      if (this.#ratePerSec > 0) {
        const atMs = nextSendMs(this.#lastSentMs, this.#ratePerSec, nowMs);
        if (atMs > nowMs) {
          this.#timer = this.#clock.setTimeout(() => {
            this.#timer = null;
            this.#drain();
          }, Math.ceil(atMs - nowMs));
          return;
        }
        this.#lastSentMs = atMs;
      }
      this.#take(next)();
    }
  }

  /** The priority of the most urgent waiting send, or null when none waits. */
  #next(): SendPriority | null {
    for (const priority of [0, 1, 2] as const) {
      if (this.#heads[priority]! < this.#queues[priority].length) return priority;
    }
    return null;
  }

  #take(priority: SendPriority): () => void {
    const queue = this.#queues[priority];
    const send = queue[this.#heads[priority]!]!;
    this.#heads[priority]! += 1;
    if (this.#heads[priority] === queue.length) {
      queue.length = 0;
      this.#heads[priority] = 0;
    }
    return send;
  }
}
