/**
 * A million-row registrant table read back through the store, in a child process of its own so
 * that its memory is measured alone (interop/store-million-rows.interop.ts; issue 11: "reads of
 * 1,000,000 rows stream in chunks and never hold the driver's whole result twice").
 * `readMillionRows` starts testkit/million-rows-child.ts with `node --expose-gc`; the child
 * creates the table, fills it in one server-side INSERT ... SELECT, reads it back and reports.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../engine/index.js";
import type { Dialect } from "../engine/store/sql-connection.js";
import type { TableNames } from "../engine/store/table-names.js";

export const MILLION_ROWS = 1_000_000;

const CHILD = fileURLToPath(new URL("./million-rows-child.ts", import.meta.url));
/** Filling and reading take about 15 to 20 s on a busy 2-core machine; a child still going after this is stuck. */
const CHILD_LIMIT_MS = 120_000;

/**
 * `stream`: the store's chunked read (SqlRegistrantStore.readAll), each chunk dropped once
 * checked. `whole`: the whole result from the driver at once (a plain query of the same
 * columns), the read the store must not make: it shows that the measurement catches one.
 */
export type ReadMode = "stream" | "whole";

export interface MillionRowsReport {
  readonly rows: number;
  /** The first row out of table order, or null. */
  readonly outOfOrder: { readonly index: number; readonly aor: unknown } | null;
  /** Live memory (heap and external buffers, after a full GC) before the read, in MiB. */
  readonly baselineMib: number;
  /** The most live memory seen above the baseline while the rows arrived, in MiB. */
  readonly peakAboveBaselineMib: number;
  readonly fillMs: number;
  readonly readMs: number;
}

/** Row k's AOR: the order the rows were written in, which a full read must keep. */
export function millionAor(index: number): string {
  return `sip:u${index}@million.test`;
}

/** The one statement that writes rows 0..rows-1 of the table, per dialect. */
export function fillSql(dialect: Dialect, names: TableNames, rows: number): string {
  const n = names;
  const columns = `${n.registrar_column}, ${n.aor_column}, ${n.binding_URI_column}, ${n.username_column}, ${n.password_column}, ${n.expiry_column}`;
  const into = `INSERT INTO ${n.table_name} (${columns})`;
  switch (dialect) {
    case "sqlite":
      return `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows - 1}) ${into} SELECT 'sip:127.0.0.1:5060', 'sip:u' || i || '@million.test', 'sip:u' || i || '@127.0.0.1:5070', 'u' || i, 'secret', 3600 FROM seq`;
    case "postgres":
      return `${into} SELECT 'sip:127.0.0.1:5060', 'sip:u' || i || '@million.test', 'sip:u' || i || '@127.0.0.1:5070', 'u' || i, 'secret', 3600 FROM generate_series(0, ${rows - 1}) AS i`;
    case "mysql":
      // MariaDB's Sequence engine: seq_0_to_N is a table of the numbers 0..N.
      return `${into} SELECT 'sip:127.0.0.1:5060', CONCAT('sip:u', seq, '@million.test'), CONCAT('sip:u', seq, '@127.0.0.1:5070'), CONCAT('u', seq), 'secret', 3600 FROM seq_0_to_${rows - 1}`;
  }
}

/** Drops the unique index on the triple (PostgreSQL and MariaDB; SQLite cannot drop a table constraint's index). */
export function dropUniqueIndexSql(dialect: Exclude<Dialect, "sqlite">, names: TableNames): string {
  const index = `${names.table_name}_registrant_idx`;
  return dialect === "postgres" ? `ALTER TABLE ${names.table_name} DROP CONSTRAINT ${index}` : `ALTER TABLE ${names.table_name} DROP INDEX ${index}`;
}

/** Fills TABLE behind `dbUrl` with MILLION_ROWS rows and reads them back in a child process. */
export function readMillionRows(dbUrl: string, table: string, mode: ReadMode): Promise<MillionRowsReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, dbUrl, table, mode], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const guard = systemClock.setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the million-row read on ${table} did not end within ${CHILD_LIMIT_MS} ms; stderr: ${stderr}`));
    }, CHILD_LIMIT_MS);
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      systemClock.clearTimeout(guard);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`the million-row read on ${table} exited with ${code}; stderr: ${stderr}`));
      else resolve(JSON.parse(last) as MillionRowsReport);
    });
  });
}
