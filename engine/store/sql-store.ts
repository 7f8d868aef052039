/**
 * The registrant table on a SQL database (spec §13), whatever the driver: the version check
 * start-up makes, the full load (chunked, table order), the one-row load of reload-one, the
 * `state` write of enable/disable (§8), and what `uacreg db init` / `db import` need. Every
 * statement names the table and columns from the parameters, so an OpenSIPS table with renamed
 * columns works as is.
 */
import type { RecordId, RegistrantRow, RegistrantStore } from "../registrant/index.js";
import { createIfMissing } from "./create-if-missing.js";
import { StoreError } from "./errors.js";
import { createTablesSql, INSERT_VERSION_SQL, REGISTRANT_SCHEMA_VERSION, SELECT_VERSION_SQL } from "./schema-v3.js";
import type { SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";
import { COLUMN_FIELDS, type ColumnParam, type TableNames } from "./table-names.js";

/** OpenSIPS fetches 128 rows at a time (§13); a bigger chunk costs nothing here and saves round trips. */
export const LOAD_CHUNK_ROWS = 1000;

const COLUMNS = Object.keys(COLUMN_FIELDS) as ColumnParam[];

/** What `db init` did. */
export interface InitResult {
  readonly createdVersionRow: boolean;
  readonly version: number;
}

/**
 * The registrant table over an open connection, named by `names`; usually built by openStore. The
 * constructor does not touch the database; its methods reject with StoreError when it fails.
 */
export class SqlRegistrantStore implements RegistrantStore {
  readonly #db: SqlConnection;
  readonly #names: TableNames;
  readonly #select: string;
  readonly #whereTriple: string;

  constructor(connection: SqlConnection, names: TableNames) {
    this.#db = connection;
    this.#names = names;
    this.#select = `SELECT ${COLUMNS.map((param) => names[param]).join(", ")} FROM ${names.table_name}`;
    this.#whereTriple = `${names.aor_column} = ? AND ${names.binding_URI_column} = ? AND ${names.registrar_column} = ?`;
  }

  get dialect(): SqlConnection["dialect"] {
    return this.#db.dialect;
  }

  /** The connection, for the tables that live next to the registrant table (the dialog-state table); closed by `close()`. */
  get connection(): SqlConnection {
    return this.#db;
  }

  /**
   * What OpenSIPS checks at start-up (§1.2 step 6): the `version` table says 3 for this table.
   * Then every configured column is read once, so a misnamed one stops start-up by name.
   */
  async checkSchema(): Promise<void> {
    const table = this.#names.table_name;
    let rows: SqlRow[];
    try {
      rows = await this.#db.query(SELECT_VERSION_SQL, [table]);
    } catch (error) {
      throw new StoreError("db_schema_invalid", `cannot read the version table (${messageOf(error)}); create the tables with uacreg db init`, { cause: error });
    }
    const found = rows[0]?.[0];
    if (found === undefined) {
      throw new StoreError("db_version_mismatch", `the version table has no row for table ${table}; an OpenSIPS registrant table has version ${REGISTRANT_SCHEMA_VERSION} (uacreg db init adds it)`);
    }
    if (Number(found) !== REGISTRANT_SCHEMA_VERSION) {
      throw new StoreError(
        "db_version_mismatch",
        `table ${table} has schema version ${String(found)} in the version table; uacreg reads version ${REGISTRANT_SCHEMA_VERSION} (OpenSIPS 2.2 and later)`,
      );
    }
    try {
      await this.#db.query(`${this.#select} WHERE 1 = 0`);
    } catch (error) {
      throw new StoreError("db_schema_invalid", `table ${table} does not have the configured columns: ${messageOf(error)}`, { cause: error });
    }
  }

  /** Creates the version table, the registrant table and its version row, each only when missing. */
  async init(): Promise<InitResult> {
    const table = this.#names.table_name;
    return this.#run(async () => {
      await createIfMissing(this.#db, createTablesSql(this.#db.dialect, this.#names));
      const found = await this.#versionRow(table);
      if (found !== undefined) return { createdVersionRow: false, version: Number(found) };
      try {
        await this.#db.execute(INSERT_VERSION_SQL, [table, REGISTRANT_SCHEMA_VERSION]);
      } catch (error) {
        // Another `db init` (or node) inserted the row between our read and our insert: the row is there, which is what we wanted.
        const meanwhile = await this.#versionRow(table);
        if (meanwhile === undefined) throw error;
        return { createdVersionRow: false, version: Number(meanwhile) };
      }
      return { createdVersionRow: true, version: REGISTRANT_SCHEMA_VERSION };
    });
  }

  async #versionRow(table: string): Promise<unknown> {
    return (await this.#db.query(SELECT_VERSION_SQL, [table]))[0]?.[0];
  }

  /** Every row in table order, read in chunks as the driver delivers them: the table is held once, here. */
  async loadAll(): Promise<RegistrantRow[]> {
    const rows: RegistrantRow[] = [];
    await this.readAll((chunk) => {
      for (const row of chunk) rows.push(row);
    });
    return rows;
  }

  /**
   * Every row in table order, handed on a chunk at a time (about LOAD_CHUNK_ROWS) as the driver
   * delivers them; neither the driver nor this store keeps a chunk once `onRows` returns.
   */
  readAll(onRows: (rows: RegistrantRow[]) => void): Promise<void> {
    return this.#run(() => this.#db.stream(this.#select, [], LOAD_CHUNK_ROWS, (chunk) => onRows(chunk.map(toRow))));
  }

  async loadOne(id: RecordId): Promise<RegistrantRow | null> {
    const rows = await this.#run(() => this.#db.query(`${this.#select} WHERE ${this.#whereTriple}`, [id.aor, id.contact, id.registrar]));
    const [first] = rows;
    return first === undefined ? null : toRow(first);
  }

  /** §8: `UPDATE ... SET state = 0|1 WHERE aor = ? AND binding_URI = ? AND registrar = ?`. */
  async writeState(id: RecordId, enabled: boolean): Promise<void> {
    const n = this.#names;
    await this.#run(() => this.#db.execute(`UPDATE ${n.table_name} SET ${n.state_column} = ? WHERE ${this.#whereTriple}`, [enabled ? 0 : 1, id.aor, id.contact, id.registrar]));
  }

  /**
   * Inserts rows in one transaction; a row whose triple is already in the table is left out.
   * Resolves with, for each row, whether it went in.
   */
  async insertRows(rows: readonly RegistrantRow[]): Promise<boolean[]> {
    const n = this.#names;
    const columns = COLUMNS.map((param) => n[param]).join(", ");
    const placeholders = COLUMNS.map(() => "?").join(", ");
    const values = `(${columns}) VALUES (${placeholders})`;
    const sql =
      this.#db.dialect === "sqlite"
        ? `INSERT OR IGNORE INTO ${n.table_name} ${values}`
        : this.#db.dialect === "mysql"
          ? `INSERT IGNORE INTO ${n.table_name} ${values}`
          : `INSERT INTO ${n.table_name} ${values} ON CONFLICT DO NOTHING`;
    return this.#run(() =>
      this.#db.transaction(async (execute) => {
        const inserted: boolean[] = [];
        for (const row of rows) inserted.push((await execute(sql, COLUMNS.map((param) => columnValue(row, param)))) > 0);
        return inserted;
      }),
    );
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError("db_unavailable", `${this.#db.dialect}: ${messageOf(error)}`, { cause: error });
    }
  }
}

/**
 * A result row (SELECT order: COLUMNS, the order of COLUMN_FIELDS) to the row the engine
 * validates; NULL stays null (§13, D2). One object literal per row: a million-row load makes a
 * million of them.
 */
function toRow(v: SqlRow): RegistrantRow {
  return {
    registrar: text(v[0]),
    proxy: text(v[1]),
    aor: text(v[2]),
    third_party_registrant: text(v[3]),
    username: text(v[4]),
    password: text(v[5]),
    contact: text(v[6]),
    binding_params: text(v[7]),
    expiry: cell(v[8]),
    forced_socket: text(v[9]),
    cluster_shtag: text(v[10]),
    state: cell(v[11]),
  };
}

/** A string column; SQLite may hold a number in one (dynamic typing), which is read as its text. */
function text(value: unknown): string | null {
  const read = cell(value);
  return typeof read === "number" ? String(read) : read;
}

/** Drivers hand back numbers, strings, bigints or bytes; the engine takes text, numbers or null. */
function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return String(value);
}

function columnValue(row: RegistrantRow, param: ColumnParam): SqlValue {
  const value = row[COLUMN_FIELDS[param]];
  if (value === undefined || value === null) {
    // NOT NULL columns take their schema default when a row leaves them out.
    return param === "state_column" ? 0 : param === "registrar_column" || param === "aor_column" || param === "binding_URI_column" ? "" : null;
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
