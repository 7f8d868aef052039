/**
 * An in-memory RegistrantStore (ARCHITECTURE.md layer 7): the registrant table as an array of
 * rows in table order, for tests, the simulator-driven suite and runs without a database. Rows
 * are copied in and out, so a caller cannot change the table behind the engine's back.
 */
import { sameRecordId, type RecordId, type RegistrantRow, type RegistrantStore } from "../registrant/index.js";

/** The registrant table in memory, starting with copies of `rows` (default empty). */
export class MemoryRegistrantStore implements RegistrantStore {
  #rows: RegistrantRow[];
  /** Every §8 state write, in order, for tests. */
  readonly stateWrites: Array<{ readonly id: RecordId; readonly enabled: boolean }> = [];

  constructor(rows: readonly RegistrantRow[] = []) {
    this.#rows = rows.map((row) => ({ ...row }));
  }

  /** The table as it is now (copies). */
  get rows(): RegistrantRow[] {
    return this.#rows.map((row) => ({ ...row }));
  }

  /** Replaces the whole table (what an operator's SQL would do before a reload). */
  setRows(rows: readonly RegistrantRow[]): void {
    this.#rows = rows.map((row) => ({ ...row }));
  }

  /** Adds or replaces the row of a triple, keeping its position. */
  putRow(row: RegistrantRow): void {
    const at = this.#rows.findIndex((r) => sameRecordId(r, row));
    if (at === -1) this.#rows.push({ ...row });
    else this.#rows[at] = { ...row };
  }

  /** Removes the row of a triple; false when there was none. */
  removeRow(id: RecordId): boolean {
    const before = this.#rows.length;
    this.#rows = this.#rows.filter((r) => !sameRecordId(r, id));
    return this.#rows.length !== before;
  }

  loadAll(): Promise<RegistrantRow[]> {
    return Promise.resolve(this.rows);
  }

  loadOne(id: RecordId): Promise<RegistrantRow | null> {
    const row = this.#rows.find((r) => sameRecordId(r, id));
    return Promise.resolve(row === undefined ? null : { ...row });
  }

  /** §8: `state` := 0 or 1 for the triple; a triple without a row changes nothing (like an UPDATE). */
  writeState(id: RecordId, enabled: boolean): Promise<void> {
    this.stateWrites.push({ id: { aor: id.aor, contact: id.contact, registrar: id.registrar }, enabled });
    this.#rows = this.#rows.map((row) => (sameRecordId(row, id) ? { ...row, state: enabled ? 0 : 1 } : row));
    return Promise.resolve();
  }
}
