/**
 * `CREATE TABLE/INDEX IF NOT EXISTS` when several nodes start at once. PostgreSQL's IF NOT
 * EXISTS looks at the catalog before it inserts there, so two sessions creating one table can
 * both see it missing and the second fails on the catalog's unique index (`duplicate key value
 * violates unique constraint "pg_type_typname_nsp_index"`, or `pg_class_relname_nsp_index` for
 * an index) or with "relation already exists". That error means another node created it, which
 * is what we wanted: the statement runs again, and its IF NOT EXISTS now checks that the object
 * is there (the other session has committed by the time ours fails). MariaDB locks the name
 * during CREATE, but its "already exists" errors are taken the same way should they appear.
 */
import type { SqlConnection } from "./sql-connection.js";

/** Tries per statement: a second try sees the other node's table; the third covers a second race on another object of the statement. */
const TRIES = 3;

/** PostgreSQL: unique_violation (on the catalog), duplicate_table, duplicate_object. */
const POSTGRES_CODES = new Set(["23505", "42P07", "42710"]);
/** MySQL/MariaDB: ER_TABLE_EXISTS_ERROR, ER_DUP_KEYNAME. */
const MYSQL_ERRNOS = new Set([1050, 1061]);

/** Runs each IF NOT EXISTS statement in order; another session creating the same object at the same moment is not an error. */
export async function createIfMissing(db: SqlConnection, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    for (let attempt = 1; ; attempt++) {
      try {
        await db.execute(statement);
        break;
      } catch (error) {
        if (attempt >= TRIES || !createdMeanwhile(error)) throw error;
      }
    }
  }
}

/** Whether a CREATE failed because the object appeared between its check and its insert into the catalog. */
export function createdMeanwhile(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return (typeof code === "string" && POSTGRES_CODES.has(code)) || (typeof errno === "number" && MYSQL_ERRNOS.has(errno));
}
