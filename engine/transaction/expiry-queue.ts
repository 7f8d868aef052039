/**
 * Timers that all run one fixed delay, so that they fall due in the order they were started: a
 * single clock timer, set for the earliest, serves them all. A registrar under load holds tens of
 * thousands of Timer J's at once (64*T1 = 32 s over UDP, at 1,000 requests a second); a clock
 * timer each would keep a timer object and a closure alive per transaction for those 32 s, all
 * of it work for the garbage collector.
 *
 * An entry may fire up to `batchMs` late, never early: the clock timer waits for the head's due
 * time plus `batchMs`, and takes every entry due by then. Under load a timer per head entry would
 * wake the process once per transaction (every half millisecond at 2,000 a second), which costs
 * more than the transactions' own work.
 *
 * Should the wall clock step back, a later entry can be due before an earlier one; it then fires
 * with the earlier one, a little late, never early.
 */
import type { Clock, TimerHandle } from "../clock.js";

/** Entries let go from the front that are worth cutting off the arrays. */
const COMPACT_MIN = 1024;

/** Names one entry, for `cancel`. */
export type ExpiryTicket = number;

export class ExpiryQueue<T> {
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #batchMs: number;
  readonly #expire: (item: T) => void;
  /** Entries from `#head` on are pending; a cancelled one is undefined. */
  #items: (T | undefined)[] = [];
  #dueMs: number[] = [];
  #head = 0;
  /** Ticket of `#items[0]`: tickets count every entry ever added, so they survive compaction. */
  #firstTicket = 0;
  #pending = 0;
  #timer: TimerHandle | null = null;

  /** `expire` gets each entry `delayMs` (to `delayMs + batchMs`) after it was added, unless it was cancelled. */
  constructor(clock: Clock, delayMs: number, expire: (item: T) => void, batchMs = 0) {
    this.#clock = clock;
    this.#delayMs = delayMs;
    this.#batchMs = batchMs;
    this.#expire = expire;
  }

  /** Entries added and neither expired nor cancelled. */
  get size(): number {
    return this.#pending;
  }

  add(item: T): ExpiryTicket {
    const ticket = this.#firstTicket + this.#items.length;
    this.#items.push(item);
    this.#dueMs.push(this.#clock.now() + this.#delayMs);
    this.#pending++;
    if (this.#timer === null) this.#arm();
    return ticket;
  }

  /** Forgets an entry that has not expired yet; with none left, no clock timer stays set. */
  cancel(ticket: ExpiryTicket): void {
    const index = ticket - this.#firstTicket;
    if (index < this.#head || index >= this.#items.length || this.#items[index] === undefined) return;
    this.#items[index] = undefined;
    this.#pending--;
    if (this.#pending === 0) this.clear();
  }

  /** Forgets every entry and stops the clock timer. */
  clear(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#firstTicket += this.#items.length;
    this.#items = [];
    this.#dueMs = [];
    this.#head = 0;
    this.#pending = 0;
  }

  #arm(): void {
    const waitMs = Math.max(0, (this.#dueMs[this.#head] ?? 0) + this.#batchMs - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => this.#fire(), waitMs);
  }

  #fire(): void {
    this.#timer = null;
    const nowMs = this.#clock.now();
    while (this.#head < this.#items.length && (this.#dueMs[this.#head] ?? 0) <= nowMs) {
      const item = this.#items[this.#head];
      this.#items[this.#head] = undefined;
      this.#head++;
      if (item === undefined) continue;
      this.#pending--;
      this.#expire(item);
    }
    this.#compact();
    if (this.#timer === null && this.#pending > 0) this.#arm();
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#firstTicket += this.#items.length;
      this.#items = [];
      this.#dueMs = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_MIN && this.#head * 2 >= this.#items.length) {
      this.#firstTicket += this.#head;
      this.#items = this.#items.slice(this.#head);
      this.#dueMs = this.#dueMs.slice(this.#head);
      this.#head = 0;
    }
  }
}
