/**
 * Writes changed dialogs to the dialog-state table (N11, N12) in batches at a bounded rate: a
 * change waits in a map keyed by the record's triple (a newer change of the same record replaces
 * it), and one batch of at most `maxRows` rows goes out per `intervalMs`. A failed batch is
 * logged and its rows wait for the next one, unless a newer change replaced them meanwhile.
 * `flush()` writes everything pending at once (shutdown, hand-over).
 */
import type { Clock, TimerHandle } from "../../clock.js";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { DialogState, DialogStateStore } from "../contracts.js";
import { tripleKey } from "../policy/record.js";

export interface DialogStateWriterLimits {
  /** Time between batches. */
  readonly intervalMs: number;
  /** Rows per batch at most: the write rate is bounded by maxRows per intervalMs. */
  readonly maxRows: number;
}

/** One batch a second of up to 2000 rows: a takeover of tens of thousands of records is saved within seconds, and a quiet node writes a few rows a second. */
export const DIALOG_STATE_WRITE_LIMITS: DialogStateWriterLimits = { intervalMs: 1000, maxRows: 2000 };

export class DialogStateWriter {
  readonly #store: DialogStateStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #limits: DialogStateWriterLimits;
  readonly #pending = new Map<string, DialogState>();
  #timer: TimerHandle | null = null;
  /** The batch being written, so that a flush waits for it rather than racing it. */
  #writing: Promise<void> = Promise.resolve();

  constructor(store: DialogStateStore, clock: Clock, logger: Logger, limits: DialogStateWriterLimits = DIALOG_STATE_WRITE_LIMITS) {
    this.#store = store;
    this.#clock = clock;
    this.#logger = logger;
    this.#limits = limits;
  }

  /** Changes waiting to be written. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Queues the record's dialog as it is now; written with the next batch. */
  note(state: DialogState): void {
    const key = tripleKey(state);
    // Re-inserting moves the record to the end: the oldest change goes first.
    this.#pending.delete(key);
    this.#pending.set(key, state);
    this.#timer ??= this.#clock.setTimeout(() => this.#tick(), this.#limits.intervalMs);
  }

  /** Writes every pending change now (in batches of maxRows, one after the other); never rejects. */
  async flush(): Promise<void> {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#writing;
    while (this.#pending.size > 0) {
      const written = this.#batch();
      this.#writing = written.then(() => undefined);
      if (!(await written)) break;
    }
  }

  #tick(): void {
    this.#timer = null;
    const written = this.#batch();
    this.#writing = written.then(() => {
      if (this.#pending.size > 0) this.#timer ??= this.#clock.setTimeout(() => this.#tick(), this.#limits.intervalMs);
    });
  }

  /** Takes up to maxRows pending changes and saves them; resolves false (rows put back) when the store failed. */
  async #batch(): Promise<boolean> {
    const batch: DialogState[] = [];
    for (const [key, state] of this.#pending) {
      if (batch.length >= this.#limits.maxRows) break;
      batch.push(state);
      this.#pending.delete(key);
    }
    if (batch.length === 0) return true;
    try {
      await this.#store.save(batch);
      return true;
    } catch (error) {
      let kept = 0;
      for (const state of batch) {
        const key = tripleKey(state);
        if (this.#pending.has(key)) continue;
        this.#pending.set(key, state);
        kept++;
      }
      this.#logger.warn({ rows: kept, err: errorMessage(error) }, `dialog state not saved (${kept} rows kept for the next batch)`);
      return false;
    }
  }
}
