/**
 * The first half of a full load (start-up, reload; D3, D22): rows are taken as the store hands
 * them on, and each becomes its configuration or the reason it is rejected, so that rows are
 * dropped chunk by chunk rather than held until the whole table is read. A row that gives the
 * configuration of its triple's old record again keeps that configuration, unvalidated
 * (rowGivesConfig): most rows of a reload are unchanged. Nothing here touches the table; the
 * engine installs the result once every row was read, so a store that fails midway changes nothing.
 */
import { RecordError } from "../policy/errors.js";
import type { RecordId, RecordValidation, RegistrantConfig, RegistrantRow } from "../policy/record.js";
import { rowGivesConfig, validateRow } from "../policy/record.js";
import type { BucketTable } from "./bucket-table.js";
import type { TableEntry } from "./table-entry.js";
import { TripleMap } from "./triple-map.js";

/** A row the load (start-up or reload) rejected, and why; one bad row never stops the others. */
export interface RejectedRow {
  /** 0-based position in the store's order. */
  readonly index: number;
  readonly aor: string | null;
  readonly contact: string | null;
  readonly registrar: string | null;
  /** The column at fault, e.g. `registrar`. */
  readonly param: string;
  readonly reason: string;
}

export class RowsRead {
  /** Per row, in store order: its configuration, or why it is rejected. */
  readonly items: (RegistrantConfig | RejectedRow)[] = [];
  /** Per row: the record of its triple in `table` when the read began, if there was one. */
  readonly olds: (TableEntry | undefined)[] = [];
  /** The table the read began on, and how many times it had changed then. */
  readonly table: BucketTable;
  readonly tableChanges: number;
  readonly #byTriple = new TripleMap<TableEntry>();
  readonly #validation: RecordValidation;

  constructor(table: BucketTable, validation: RecordValidation) {
    this.table = table;
    this.tableChanges = table.changes;
    this.#validation = validation;
    for (const slot of table.all()) this.#byTriple.set(slot.config, slot);
  }

  take(rows: readonly RegistrantRow[]): void {
    const { params } = this.#validation;
    for (const row of rows) {
      const old = hasTriple(row) ? this.#byTriple.get(row) : undefined;
      let config: RegistrantConfig;
      try {
        config = old !== undefined && rowGivesConfig(row, old.config, params) ? old.config : validateRow(row, this.#validation);
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        this.items.push(rejection(this.items.length, row, error));
        this.olds.push(undefined);
        continue;
      }
      this.items.push(config);
      this.olds.push(old);
    }
  }
}

export function rejection(index: number, row: Pick<RegistrantRow, keyof RecordId>, error: RecordError): RejectedRow {
  return { index, aor: row.aor, contact: row.contact, registrar: row.registrar, param: error.field, reason: error.reason };
}

export function isRejected(item: RegistrantConfig | RejectedRow): item is RejectedRow {
  return "reason" in item;
}

/** A row not yet validated that has the three columns of a triple (validation says what is wrong with one that has not). */
function hasTriple(row: RegistrantRow): row is RegistrantRow & RecordId {
  return typeof row.aor === "string" && typeof row.contact === "string" && typeof row.registrar === "string";
}
