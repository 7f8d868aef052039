/**
 * The dialog-state table (N11, N12) on SQLite, PostgreSQL or MySQL/MariaDB, in the database of
 * the registrant table: one row per record's triple with its Call-ID, From tag, last CSeq, the
 * granted expiry, when the binding runs out, its sharing tag and the fencing epoch it was written
 * under. Created when missing. A save is a few multi-row conditional upserts: a row written
 * under a higher epoch is never overwritten. No credentials are ever stored here.
 */
import { DIALOG_STATE_COLUMNS, type DialogState, type DialogStateRemoval, type DialogStateRow, type DialogStateStore } from "../registrant/index.js";
import { createIfMissing } from "./create-if-missing.js";
import { StoreError } from "./errors.js";
import type { Dialect, SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";
import { LOAD_CHUNK_ROWS } from "./sql-store.js";
import { SQL_IDENTIFIER } from "./table-names.js";

/** The default `dialog_state_table`. */
export const DEFAULT_DIALOG_STATE_TABLE = "uacreg_dialog_state";

/** Rows per INSERT statement: 10 parameters each stays far below every driver's limit on parameters. */
const ROWS_PER_STATEMENT = 100;

const FIELDS = Object.keys(DIALOG_STATE_COLUMNS) as (keyof DialogState)[];
const COLUMNS = FIELDS.map((field) => DIALOG_STATE_COLUMNS[field]);
const KEY: readonly string[] = [DIALOG_STATE_COLUMNS.aor, DIALOG_STATE_COLUMNS.contact, DIALOG_STATE_COLUMNS.registrar];
const EPOCH = DIALOG_STATE_COLUMNS.epoch;

const BIGINT: Record<Dialect, string> = { sqlite: "INTEGER", postgres: "BIGINT", mysql: "BIGINT" };

/**
 * The dialog-state table over an open connection (usually the registrant store's), named `table`
 * (default `uacreg_dialog_state`). Throws StoreError when `table` is not a plain SQL name; the
 * constructor does not touch the database, and its methods reject with StoreError when it fails.
 */
export class SqlDialogStateStore implements DialogStateStore {
  readonly #db: SqlConnection;
  readonly #table: string;
  readonly #select: string;

  /** `table` must be a plain SQL name (the config checks it; checked again here since it becomes SQL text). */
  constructor(connection: SqlConnection, table: string = DEFAULT_DIALOG_STATE_TABLE) {
    if (!SQL_IDENTIFIER.test(table)) throw new StoreError("db_schema_invalid", `dialog_state_table: "${table}" is not a plain SQL name`);
    this.#db = connection;
    this.#table = table;
    this.#select = `SELECT ${COLUMNS.join(", ")} FROM ${table}`;
  }

  async prepare(): Promise<void> {
    await this.#run(() => createIfMissing(this.#db, createDialogStateTableSql(this.#db.dialect, this.#table)));
  }

  async loadAll(): Promise<DialogStateRow[]> {
    const rows: DialogStateRow[] = [];
    await this.#run(() =>
      this.#db.stream(this.#select, [], LOAD_CHUNK_ROWS, (chunk) => {
        for (const values of chunk) rows.push(toRow(values));
      }),
    );
    return rows;
  }

  async loadShtag(shtag: string): Promise<DialogStateRow[]> {
    const rows = await this.#run(() => this.#db.query(`${this.#select} WHERE ${DIALOG_STATE_COLUMNS.shtag} = ?`, [shtag]));
    return rows.map(toRow);
  }

  /**
   * One statement per chunk, each atomic on its own and no transaction around them: the
   * connection is the registrant store's too, and a BEGIN held across awaits would take in
   * whatever else runs on it meanwhile (a reload's cursor, a state write).
   */
  async save(states: readonly DialogState[]): Promise<void> {
    await this.#run(async () => {
      for (let at = 0; at < states.length; at += ROWS_PER_STATEMENT) {
        const chunk = states.slice(at, at + ROWS_PER_STATEMENT);
        await this.#db.execute(this.#upsertSql(chunk.length), chunk.flatMap(values));
      }
    });
  }

  /** One DELETE per chunk; each triple's row goes only when it was not written under a higher epoch than the removal's. */
  async remove(removals: readonly DialogStateRemoval[]): Promise<void> {
    const match = `(${[...KEY, EPOCH].map((column) => (column === EPOCH ? `${column} <= ?` : `${column} = ?`)).join(" AND ")})`;
    await this.#run(async () => {
      for (let at = 0; at < removals.length; at += ROWS_PER_STATEMENT) {
        const chunk = removals.slice(at, at + ROWS_PER_STATEMENT);
        await this.#db.execute(`DELETE FROM ${this.#table} WHERE ${chunk.map(() => match).join(" OR ")}`, chunk.flatMap((r) => [r.aor, r.contact, r.registrar, r.epoch]));
      }
    });
  }

  /** INSERT of `rows` rows that, on a triple already saved, updates it only when its epoch is not higher. */
  #upsertSql(rows: number): string {
    const tuple = `(${COLUMNS.map(() => "?").join(", ")})`;
    const insert = `INSERT INTO ${this.#table} (${COLUMNS.join(", ")}) VALUES ${Array.from({ length: rows }, () => tuple).join(", ")}`;
    const updated = COLUMNS.filter((column) => !KEY.includes(column) && column !== EPOCH);
    if (this.#db.dialect === "mysql") {
      // MySQL runs assignments left to right, each seeing the ones before; the epoch changes only when the test passes, so every assignment decides alike.
      const assign = [...updated, EPOCH].map((c) => `${c} = IF(${EPOCH} <= VALUES(${EPOCH}), VALUES(${c}), ${c})`);
      return `${insert} ON DUPLICATE KEY UPDATE ${assign.join(", ")}`;
    }
    const assign = [...updated, EPOCH].map((c) => `${c} = excluded.${c}`);
    return `${insert} ON CONFLICT (${KEY.join(", ")}) DO UPDATE SET ${assign.join(", ")} WHERE ${this.#table}.${EPOCH} <= excluded.${EPOCH}`;
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new StoreError("db_unavailable", `${this.#db.dialect}: dialog state table ${this.#table}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** The table and its index on the sharing tag (a takeover reads one tag's rows), each created only when missing. */
export function createDialogStateTableSql(dialect: Dialect, table: string): string[] {
  const c = DIALOG_STATE_COLUMNS;
  const shtagIndex = `${table}_shtag_idx`;
  const create = [
    `CREATE TABLE IF NOT EXISTS ${table} (`,
    `  ${c.aor} VARCHAR(255) NOT NULL,`,
    `  ${c.contact} VARCHAR(255) NOT NULL,`,
    `  ${c.registrar} VARCHAR(255) NOT NULL,`,
    `  ${c.callId} VARCHAR(255) NOT NULL,`,
    `  ${c.fromTag} VARCHAR(64) NOT NULL,`,
    `  ${c.cseq} INTEGER NOT NULL,`,
    `  ${c.expiresSec} ${BIGINT[dialect]} NOT NULL,`,
    `  ${c.bindingExpiresMs} ${BIGINT[dialect]} DEFAULT NULL,`,
    `  ${c.shtag} VARCHAR(64) DEFAULT NULL,`,
    `  ${c.epoch} ${BIGINT[dialect]} DEFAULT 0 NOT NULL,`,
    `  CONSTRAINT ${table}_pk PRIMARY KEY (${KEY.join(", ")})${dialect === "mysql" ? `,\n  INDEX ${shtagIndex} (${c.shtag})` : ""}`,
    `)${dialect === "mysql" ? " ENGINE=InnoDB" : ""}`,
  ].join("\n");
  return dialect === "mysql" ? [create] : [create, `CREATE INDEX IF NOT EXISTS ${shtagIndex} ON ${table} (${c.shtag})`];
}

function values(state: DialogState): SqlValue[] {
  return FIELDS.map((field) => state[field]);
}

/** A result row (SELECT order: COLUMNS) as read; the engine checks every field (PostgreSQL gives BIGINT as text). */
function toRow(v: SqlRow): DialogStateRow {
  const at = (index: number): unknown => v[index] ?? null;
  return {
    aor: at(0),
    contact: at(1),
    registrar: at(2),
    callId: at(3),
    fromTag: at(4),
    cseq: at(5),
    expiresSec: at(6),
    bindingExpiresMs: at(7),
    shtag: at(8),
    epoch: at(9),
  };
}
