/**
 * The PostgreSQL and MariaDB servers every machine of this project runs on 127.0.0.1 (no Docker:
 * see the README's "Databases and testcontainers"). `ensure*` starts one that is down with the
 * machine's own command (as root) and waits until it answers; each test then works in a schema
 * or database of its own, dropped afterwards.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import pg from "pg";
import { systemClock } from "../engine/clock.js";

export const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";
export const MARIADB_URL = "mysql://root@127.0.0.1:3306/test";

const run = promisify(execFile);
const START_WITHIN_MS = 30_000;

/** A name no other test uses: `uacreg_<what>_<random>`. */
export function uniqueName(what: string): string {
  return `uacreg_${what}_${randomBytes(4).toString("hex")}`;
}

export async function ensurePostgres(): Promise<void> {
  if (await answers(() => postgresQuery(POSTGRES_URL, "SELECT 1"))) return;
  const [version] = await readdir("/etc/postgresql");
  if (version === undefined) throw new Error("PostgreSQL is not installed (/etc/postgresql is empty)");
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]).catch(() => {});
  await waitFor("PostgreSQL on 127.0.0.1:5432", () => postgresQuery(POSTGRES_URL, "SELECT 1"));
}

export async function ensureMariadb(): Promise<void> {
  if (await answers(() => mariadbQuery(MARIADB_URL, "SELECT 1"))) return;
  await run("start-stop-daemon", ["--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"]).catch(() => {});
  await waitFor("MariaDB on 127.0.0.1:3306", () => mariadbQuery(MARIADB_URL, "SELECT 1"));
}

export async function postgresQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function mariadbQuery(url: string, sql: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/** A URL whose connections work in `schema` (PostgreSQL's search_path). */
export function postgresSchemaUrl(schema: string): string {
  return `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export function mariadbDatabaseUrl(database: string): string {
  return `mysql://root@127.0.0.1:3306/${database}`;
}

async function answers(probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, probe: () => Promise<void>): Promise<void> {
  const deadline = systemClock.now() + START_WITHIN_MS;
  while (!(await answers(probe))) {
    if (systemClock.now() > deadline) throw new Error(`${what} does not answer after ${START_WITHIN_MS} ms`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 500));
  }
}
