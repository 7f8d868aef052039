/**
 * The records, in 2^hash_size buckets (spec §3.1): a record sits in bucket core_hash(aor) &
 * (N-1), buckets keep append order, a replaced record keeps its position. Look-ups compare the
 * whole triple (D3; Q7 fixed).
 */
import type { RecordId } from "../policy/record.js";
import { sameRecordId } from "../policy/record.js";
import type { TableEntry } from "./table-entry.js";

export class BucketTable {
  readonly #buckets: TableEntry[][];
  #size = 0;
  #changes = 0;

  constructor(bucketCount: number) {
    this.#buckets = Array.from({ length: bucketCount }, () => []);
  }

  get size(): number {
    return this.#size;
  }

  /** How many times a record was added, replaced or removed: a load read meanwhile looks its records up again. */
  get changes(): number {
    return this.#changes;
  }

  get bucketCount(): number {
    return this.#buckets.length;
  }

  /** The records of one bucket, in list order. */
  bucket(index: number): readonly TableEntry[] {
    return this.#buckets[index] ?? [];
  }

  /** Every record, buckets 0..N-1, list order within each (§9.2 reg_list). */
  *all(): IterableIterator<TableEntry> {
    for (const bucket of this.#buckets) yield* bucket;
  }

  append(slot: TableEntry): void {
    this.#list(slot).push(slot);
    this.#size += 1;
    this.#changes += 1;
  }

  find(id: RecordId, bucket: number): TableEntry | null {
    return this.#buckets[bucket]?.find((slot) => sameRecordId(slot.config, id)) ?? null;
  }

  /** Puts `next` where `old` was (§9.3 "replace one"). */
  replace(old: TableEntry, next: TableEntry): void {
    const list = this.#list(old);
    const at = list.indexOf(old);
    if (at === -1) throw new RangeError("the record to replace is not in the table");
    list[at] = next;
    this.#changes += 1;
  }

  remove(slot: TableEntry): void {
    const list = this.#list(slot);
    const at = list.indexOf(slot);
    if (at === -1) throw new RangeError("the record to remove is not in the table");
    list.splice(at, 1);
    this.#size -= 1;
    this.#changes += 1;
  }

  #list(slot: TableEntry): TableEntry[] {
    const list = this.#buckets[slot.config.bucket];
    if (list === undefined) throw new RangeError(`bucket ${slot.config.bucket} is outside the table`);
    return list;
  }
}
