/**
 * The dialog-state table (N11, N12) in memory, for tests and the simulator-driven suite: the
 * same epoch fence as the SQL table. Rows are copied in and out; a test may put any row in,
 * bad ones included, to see how the engine takes it.
 */
import { tripleKey, type DialogState, type DialogStateRemoval, type DialogStateRow, type DialogStateStore } from "../registrant/index.js";

/** The dialog-state table in memory, empty at first; `save` rejects with `failure` while a test sets one. */
export class MemoryDialogStateStore implements DialogStateStore {
  readonly #rows = new Map<string, DialogStateRow>();
  /** Each `save` call's batch size, in order, for tests of the writer's batching. */
  readonly batches: number[] = [];
  /** While set, `save` rejects with it (a database that went away). */
  failure: Error | null = null;

  /** The rows as they are now (copies), in insertion order. */
  get rows(): DialogStateRow[] {
    return Array.from(this.#rows.values(), (row) => ({ ...row }));
  }

  /** The row of a triple as saved, or undefined. */
  row(id: { aor: string; contact: string; registrar: string }): DialogStateRow | undefined {
    const row = this.#rows.get(tripleKey(id));
    return row === undefined ? undefined : { ...row };
  }

  /** Puts a row in as is, unchecked and unfenced (what an operator's SQL, or a corrupt table, could hold). */
  putRow(row: DialogStateRow): void {
    this.#rows.set(`${String(row.aor)}\n${String(row.contact)}\n${String(row.registrar)}`, { ...row });
  }

  /** Puts the table back as `rows` were (a copy taken earlier): what a process killed at that moment had saved. */
  restore(rows: readonly DialogStateRow[]): void {
    this.#rows.clear();
    for (const row of rows) this.putRow(row);
  }

  prepare(): Promise<void> {
    return Promise.resolve();
  }

  loadAll(): Promise<DialogStateRow[]> {
    return Promise.resolve(this.rows);
  }

  loadShtag(shtag: string): Promise<DialogStateRow[]> {
    return Promise.resolve(this.rows.filter((row) => row.shtag === shtag));
  }

  save(states: readonly DialogState[]): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.batches.push(states.length);
    for (const state of states) {
      const key = tripleKey(state);
      const epoch = this.#rows.get(key)?.epoch;
      if (typeof epoch === "number" && epoch > state.epoch) continue;
      this.#rows.set(key, { ...state });
    }
    return Promise.resolve();
  }

  remove(removals: readonly DialogStateRemoval[]): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    for (const removal of removals) {
      const key = tripleKey(removal);
      const epoch = this.#rows.get(key)?.epoch;
      if (typeof epoch === "number" && epoch > removal.epoch) continue;
      this.#rows.delete(key);
    }
    return Promise.resolve();
  }
}
