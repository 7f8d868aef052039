/**
 * SqlConnection on SQLite (better-sqlite3): the embedded default, `sqlite:PATH`. Statements run
 * synchronously; `stream` walks the result with an iterator, so rows are never collected twice.
 */
import Database from "better-sqlite3";
import type { SqlConnection, SqlRow, SqlValue } from "./sql-connection.js";

/** Opens (and creates when missing) the database file. */
export function openSqlite(path: string): SqlConnection {
  const db = new Database(path, { fileMustExist: false });
  db.pragma("journal_mode = WAL");
  // Another process (uacreg db import, an operator's sqlite3) may hold the write lock a moment.
  db.pragma("busy_timeout = 5000");
  // The store uses a handful of statements, each many times (an import inserts row by row): prepare each once.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const execute = (sql: string, params: readonly SqlValue[] = []): Promise<number> => Promise.resolve(prepared(sql).run(...params).changes);
  return {
    dialect: "sqlite",
    query: (sql, params = []) => Promise.resolve(prepared(sql).raw(true).all(...params) as SqlRow[]),
    stream(sql, params, chunkSize, onRows) {
      let chunk: SqlRow[] = [];
      for (const row of prepared(sql).raw(true).iterate(...params) as IterableIterator<SqlRow>) {
        chunk.push(row);
        if (chunk.length >= chunkSize) {
          onRows(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) onRows(chunk);
      return Promise.resolve();
    },
    execute,
    async transaction(work) {
      db.exec("BEGIN");
      try {
        const result = await work(execute);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    close() {
      db.close();
      return Promise.resolve();
    },
    // A file on this machine: every statement has ended by the time anything else runs, so there is nothing to reset.
    abort() {
      if (db.open) db.close();
    },
  };
}
