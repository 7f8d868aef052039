/**
 * Writes changed dialogs to the dialog-state table (N11, N12) in batches at a bounded rate: a
 * change waits in a map keyed by the record's triple (a newer change of the same record replaces
 * it), and one batch of at most `maxRows` rows goes out per `intervalMs`. A failed batch is
 * logged and its rows wait for the next one, unless a newer change of them was noted meanwhile
 * (pending, in another batch, or written).
 * `flush()` writes everything pending at once (shutdown, hand-over). The rows of records that
 * left the registrant table are deleted the same way (`remove`), with the interval's batches.
 *
 * Write-ahead for sends: a REGISTER goes out only once the row carrying its CSeq is in the table
 * (`saved`), so whoever continues the dialog after a crash knows every CSeq this node used and
 * takes exactly the next one. Sends waiting for their rows make the next batch go `aheadMs` after
 * the first of them (group commit: one statement for all sends of that window) instead of at the
 * interval. A batch that fails, or takes longer than `aheadTimeoutMs`, releases its sends with
 * `false`: the engine decides whether they go unsaved or wait for a later batch (docs/saved-dialogs.md).
 */
import { TIMED_OUT, withinMs, type Clock, type TimerHandle } from "../../clock.js";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { DialogState, DialogStateRemoval, DialogStateStore } from "../contracts.js";
import { tripleKey } from "../policy/record.js";

export interface DialogStateWriterLimits {
  /** Time between batches when no send waits. */
  readonly intervalMs: number;
  /** Rows per batch at most: without sends waiting, the write rate is bounded by maxRows per intervalMs. */
  readonly maxRows: number;
  /** How long the first send waiting for its row gathers others before their batch goes. */
  readonly aheadMs: number;
  /** How long a send waits for its batch at most; then it goes with its row not (yet) saved. */
  readonly aheadTimeoutMs: number;
}

/**
 * One batch a second of up to 2000 rows: a takeover of tens of thousands of records is saved
 * within seconds, and a quiet node writes a few rows a second. A REGISTER waits 50 ms plus one
 * statement for its row, 1 s at most.
 */
export const DIALOG_STATE_WRITE_LIMITS: DialogStateWriterLimits = { intervalMs: 1000, maxRows: 2000, aheadMs: 50, aheadTimeoutMs: 1000 };

type Waiter = (saved: boolean) => void;

export class DialogStateWriter {
  readonly #store: DialogStateStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limits: DialogStateWriterLimits;
  readonly #pending = new Map<string, DialogState>();
  /**
   * The newest change noted of each record (by triple key) until a batch wrote it. A failed batch
   * puts back only rows that are still the newest: batches fail in any order (a dropped
   * connection fails every one queued on it), and an older row put back over a newer one, pending
   * or already written, would leave the table behind the wire.
   */
  readonly #newest = new Map<string, DialogState>();
  /** Rows to delete (by triple key); a record noted again before its deletion was written keeps its row. */
  readonly #removals = new Map<string, DialogStateRemoval>();
  /** Sends waiting for the pending row of their record (by triple key). */
  readonly #waiting = new Map<string, Waiter[]>();
  /** The rows of batches being written (by triple key): a send noted just before waits for that batch. */
  readonly #inFlight = new Map<string, Promise<boolean>>();
  #timer: TimerHandle | null = null;
  #timerDueMs = 0;
  /** The batch being written, so that a flush waits for it rather than racing it. */
  #writing: Promise<void> = Promise.resolve();
  /** When the last batch of the rows no send waits for went (the clock's ms; at first, the writer's creation). */
  #lastSweepMs: number;

  constructor(store: DialogStateStore, clock: Clock, logger: Logger, limits: DialogStateWriterLimits = DIALOG_STATE_WRITE_LIMITS) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
    this.#limits = limits;
    this.#lastSweepMs = clock.now();
  }

  /** Changes waiting to be written, deletions included. */
  get pending(): number {
    return this.#pending.size + this.#removals.size;
  }

  /** Queues the record's dialog as it is now; written with the next batch. */
  note(state: DialogState): void {
    const key = tripleKey(state);
    this.#removals.delete(key);
    // Re-inserting moves the record to the end: the oldest change goes first.
    this.#pending.delete(key);
    this.#pending.set(key, state);
    this.#newest.set(key, state);
    this.#schedule(this.#limits.intervalMs);
  }

  /**
   * Queues the deletion of the record's row (it left the registrant table), fenced by the
   * removal's epoch; a change of it still waiting is dropped, and a send waiting for that change
   * is told it was not saved. Written with the next interval's batch.
   */
  remove(removal: DialogStateRemoval): void {
    const key = tripleKey(removal);
    this.#pending.delete(key);
    this.#newest.delete(key);
    const waiting = this.#waiting.get(key);
    this.#waiting.delete(key);
    for (const resolve of waiting ?? []) resolve(false);
    this.#removals.set(key, removal);
    this.#schedule(this.#limits.intervalMs);
  }

  /**
   * Resolves when the dialog last noted for the record `key` (tripleKey) is in the table (true),
   * or its batch failed or outlasted `aheadTimeoutMs` (false, logged by the batch); at once (true)
   * when nothing of the record waits to be written.
   */
  saved(key: string): Promise<boolean> {
    if (!this.#pending.has(key)) return this.#inFlight.get(key) ?? Promise.resolve(true);
    this.#schedule(this.#limits.aheadMs);
    return new Promise<boolean>((resolve) => {
      const waiters = this.#waiting.get(key);
      if (waiters === undefined) this.#waiting.set(key, [resolve]);
      else waiters.push(resolve);
    });
  }

  /** Writes every pending change now (in batches of maxRows, one after the other); never rejects. */
  async flush(): Promise<void> {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#writing;
    while (this.pending > 0) {
      const written = this.#batch(false);
      this.#writing = written.then(() => undefined);
      if (!(await written)) break;
    }
  }

  /** The next batch in `delayMs` unless one is due sooner. */
  #schedule(delayMs: number): void {
    const dueMs = this.#clock.now() + delayMs;
    if (this.#timer !== null) {
      if (this.#timerDueMs <= dueMs) return;
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timerDueMs = dueMs;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), delayMs);
  }

  /**
   * A batch of the rows sends wait for, if any; and once per interval a batch of everything else
   * pending, as its own statements: under a steady stream of sends (a tick every aheadMs) the
   * changes without a send, such as a 200 OK's binding end, would otherwise never be written.
   */
  #tick(): void {
    this.#timer = null;
    const nowMs = this.#clock.now();
    const batches: Promise<boolean>[] = [];
    const sends = this.#waiting.size > 0;
    if (sends) batches.push(this.#batch(true));
    if (!sends || nowMs - this.#lastSweepMs >= this.#limits.intervalMs) {
      this.#lastSweepMs = nowMs;
      batches.push(this.#batch(false));
    }
    const written = Promise.all(batches);
    // Sends beyond this batch's maxRows get the next one now, not after this one ends (it may hang on a cut-off database).
    if (this.#waiting.size > 0) this.#schedule(this.#limits.aheadMs);
    else if (this.pending > 0) this.#schedule(this.#limits.intervalMs);
    this.#writing = written.then(() => {
      if (this.pending > 0) this.#schedule(this.#waiting.size > 0 ? this.#limits.aheadMs : this.#limits.intervalMs);
    });
  }

  /**
   * Takes up to maxRows pending changes and saves them; resolves false (rows put back) when the
   * store failed. `sendsOnly`: only the rows sends wait for (a takeover's thousands of re-saved
   * rows must not hold its first REGISTERs up); the others, and the deletions, follow with the
   * interval's batch, in statements of their own.
   */
  async #batch(sendsOnly: boolean): Promise<boolean> {
    const batch: DialogState[] = [];
    const keys: string[] = [];
    const waiters: Waiter[] = [];
    const source = sendsOnly ? [...this.#waiting.keys()] : this.#pending.keys();
    for (const key of source) {
      const state = this.#pending.get(key);
      if (state === undefined) continue;
      if (batch.length >= this.#limits.maxRows) break;
      batch.push(state);
      keys.push(key);
      this.#pending.delete(key);
      const waiting = this.#waiting.get(key);
      if (waiting !== undefined) {
        waiters.push(...waiting);
        this.#waiting.delete(key);
      }
    }
    // Deletions go with the interval's batches only: a send never waits behind them.
    const removals: DialogStateRemoval[] = [];
    if (!sendsOnly) {
      for (const [key, removal] of this.#removals) {
        if (batch.length + removals.length >= this.#limits.maxRows) break;
        removals.push(removal);
        this.#removals.delete(key);
      }
    }
    if (batch.length === 0 && removals.length === 0) return true;
    const saving = this.#save(batch, keys, waiters.length, removals);
    for (const key of keys) this.#inFlight.set(key, saving);
    if (waiters.length > 0) void this.#release(saving, waiters);
    const saved = await saving;
    for (const key of keys) if (this.#inFlight.get(key) === saving) this.#inFlight.delete(key);
    return saved;
  }

  /** Lets the sends of a batch go when it is saved, when it failed, or after aheadTimeoutMs, whichever comes first. */
  async #release(saving: Promise<boolean>, waiters: readonly Waiter[]): Promise<void> {
    const saved = await withinMs(this.#clock, saving, this.#limits.aheadTimeoutMs);
    if (saved === TIMED_OUT) {
      this.#logger.warn(
        { sends: waiters.length, waitedMs: this.#limits.aheadTimeoutMs },
        `dialog state not saved within ${this.#limits.aheadTimeoutMs} ms: ${waiters.length} REGISTERs waiting for it go on without it (those of leased sharing tags keep waiting)`,
      );
    }
    for (const resolve of waiters) resolve(saved === true);
  }

  async #save(batch: readonly DialogState[], keys: readonly string[], sends: number, removals: readonly DialogStateRemoval[]): Promise<boolean> {
    try {
      if (batch.length > 0) await this.#store.save(batch);
      if (removals.length > 0) await this.#store.remove(removals);
      batch.forEach((state, index) => {
        const key = keys[index] as string;
        if (this.#newest.get(key) === state) this.#newest.delete(key);
      });
      return true;
    } catch (error) {
      for (const removal of removals) {
        const key = tripleKey(removal);
        if (!this.#newest.has(key) && !this.#removals.has(key)) this.#removals.set(key, removal);
      }
      let kept = 0;
      batch.forEach((state, index) => {
        const key = keys[index] as string;
        if (this.#newest.get(key) !== state) return;
        this.#pending.set(key, state);
        kept++;
      });
      const sent = sends === 0 ? "" : `; ${sends} REGISTERs waiting for them go on without them (those of leased sharing tags keep waiting)`;
      this.#logger.warn({ rows: kept, sends, err: errorMessage(error) }, `dialog state not saved (${kept} rows kept for the next batch)${sent}`);
      return false;
    }
  }
}
