/**
 * The run log kept in memory for the live status page: the last `capacity` entries in a ring
 * allocated once, so a long-running service draws its recent timeline without its memory
 * growing. `teeRunLog` gives the engine's one run-log slot to several sinks (the ring and a file).
 */
import type { RunLogEntry, RunLogSink } from "../registrant/index.js";

export const RUN_LOG_RING_DEFAULT = 50_000;

/**
 * Keeps the last `capacity` run-log entries (default RUN_LOG_RING_DEFAULT, 50000). Throws RangeError
 * for a capacity that is not a whole number from 1.
 */
export class RunLogRing implements RunLogSink {
  readonly capacity: number;
  readonly #slots: (RunLogEntry | undefined)[];
  /** Entries ever written; the next goes to `written % capacity`. */
  #written = 0;

  constructor(capacity: number = RUN_LOG_RING_DEFAULT) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`run-log ring capacity must be a whole number from 1, got ${capacity}`);
    this.capacity = capacity;
    this.#slots = new Array<RunLogEntry | undefined>(capacity);
  }

  write(entry: RunLogEntry): void {
    this.#slots[this.#written % this.capacity] = entry;
    this.#written += 1;
  }

  /** Entries written and since pushed out of the ring. */
  get overwritten(): number {
    return Math.max(0, this.#written - this.capacity);
  }

  /** The kept entries, oldest first. */
  entries(): RunLogEntry[] {
    const count = Math.min(this.#written, this.capacity);
    const start = this.#written - count;
    const out: RunLogEntry[] = new Array<RunLogEntry>(count);
    for (let i = 0; i < count; i++) out[i] = this.#slots[(start + i) % this.capacity]!;
    return out;
  }
}

/** One sink writing to each of `sinks`, in order. */
export function teeRunLog(...sinks: readonly RunLogSink[]): RunLogSink {
  return { write: (entry) => sinks.forEach((sink) => sink.write(entry)) };
}
