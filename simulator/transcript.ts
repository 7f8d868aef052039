/**
 * Every message the simulator received or sent, with the clock time, the peer, the raw text and
 * a one-line summary, kept in a bounded ring: past `capacity` the oldest entry goes, and
 * `dropped` counts how many did. Capacity 0 turns recording off. Entries are numbered from 1 in
 * the order recorded, so a reader can see where the ring cut.
 */
import { formatLadder, type LadderOptions } from "./ladder.js";
import { summarize } from "./summary.js";
import type { Direction } from "../engine/transport/index.js";
import type { TranscriptEntry } from "./transcript-entry.js";

export interface TranscriptJson {
  readonly capacity: number;
  readonly dropped: number;
  readonly entries: readonly TranscriptEntry[];
}

/** Default ring length: room for a long conformance scenario without unbounded growth. */
export const DEFAULT_TRANSCRIPT_CAPACITY = 1000;

const decoder = new TextDecoder();

/**
 * The last `capacity` messages the registrar saw (default DEFAULT_TRANSCRIPT_CAPACITY, 1000; 0
 * records nothing). Throws RangeError for a capacity that is not a whole number from 0.
 */
export class Transcript {
  readonly capacity: number;
  readonly #ring: TranscriptEntry[] = [];
  /** Index of the oldest entry once the ring is full. */
  #start = 0;
  #recorded = 0;

  constructor(capacity: number = DEFAULT_TRANSCRIPT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`transcript capacity must be a whole number, 0 or more; got ${capacity}`);
    this.capacity = capacity;
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  /** How many entries the ring has let go. */
  get dropped(): number {
    return this.#recorded - this.#ring.length;
  }

  record(atMs: number, direction: Direction, peer: string, local: string, data: Uint8Array): void {
    if (this.capacity === 0) return;
    this.#recorded++;
    const entry: TranscriptEntry = {
      seq: this.#recorded,
      atMs,
      direction,
      peer,
      local,
      raw: decoder.decode(data),
      summary: summarize(data),
    };
    if (this.#ring.length < this.capacity) {
      this.#ring.push(entry);
      return;
    }
    this.#ring[this.#start] = entry;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The kept entries, oldest first. */
  entries(): TranscriptEntry[] {
    return [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)];
  }

  clear(): void {
    this.#ring.length = 0;
    this.#start = 0;
    this.#recorded = 0;
  }

  toJSON(): TranscriptJson {
    return { capacity: this.capacity, dropped: this.dropped, entries: this.entries() };
  }

  /** The kept entries as a text ladder diagram. */
  ladder(options?: LadderOptions): string {
    return formatLadder(this.entries(), { ...options, dropped: this.dropped });
  }
}
