/**
 * `openStore(dbUrl, names)`: the registrant table behind whichever driver the URL's scheme names.
 * A driver is imported only when its scheme is used, so a lab on SQLite never loads pg or mysql2
 * (and one on PostgreSQL never needs the SQLite binding).
 */
import { parseDbUrl } from "./db-url.js";
import type { SqlConnection } from "./sql-connection.js";
import { serialConnection } from "./serial-connection.js";
import { SqlRegistrantStore } from "./sql-store.js";
import type { TableNames } from "./table-names.js";

export interface OpenStoreOptions {
  /** How long one connection attempt may take. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects once (no retry: the service retries with back-off); `options.connectTimeoutMs` defaults
 * to 5000. Rejects with StoreError `db_url_invalid` for a bad URL, or with the driver's error.
 */
export async function openStore(dbUrl: string, names: TableNames, options: OpenStoreOptions = {}): Promise<SqlRegistrantStore> {
  return new SqlRegistrantStore(await openSqlConnection(dbUrl, options.connectTimeoutMs ?? 5000), names);
}

/**
 * One connection of its own on the database `dbUrl` names (the cluster's leases use one beside
 * the store's), running one statement at a time whoever calls (see serial-connection.ts).
 */
export async function openSqlConnection(dbUrl: string, connectTimeoutMs: number): Promise<SqlConnection> {
  return serialConnection(await openDriver(dbUrl, connectTimeoutMs));
}

async function openDriver(dbUrl: string, connectTimeoutMs: number): Promise<SqlConnection> {
  const url = parseDbUrl(dbUrl);
  switch (url.kind) {
    case "sqlite":
      return (await import("./sqlite-connection.js")).openSqlite(url.path);
    case "postgres":
      return (await import("./postgres-connection.js")).openPostgres(url.url, connectTimeoutMs);
    case "mysql":
      return (await import("./mysql-connection.js")).openMysql(url.url, connectTimeoutMs);
  }
}
