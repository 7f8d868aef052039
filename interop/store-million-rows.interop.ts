/**
 * Issue 11: reads of 1,000,000 rows stream in chunks and never hold the driver's whole result
 * twice. On SQLite (a temp folder), PostgreSQL (a schema of its own) and MariaDB (a database of
 * its own), a child process fills its own registrant table with a million rows in one
 * INSERT ... SELECT and reads them back through the store's chunked read: every row arrives, in
 * table order, and live memory (after a full GC, sampled as the rows arrive) stays within
 * BOUND_MIB of what it was before the read. The same rows read whole from the driver at once
 * peak at about 230 MiB on SQLite and 320 MiB on PostgreSQL and MariaDB (testkit/million-rows.ts,
 * mode `whole`): a driver that held the whole result, even once, breaks the bound. Each test
 * takes 15 to 30 s on a busy 2-core machine, most of it the database filling and scanning.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { MILLION_ROWS, readMillionRows, type MillionRowsReport } from "../testkit/million-rows.js";
import {
  ensureMariadb,
  ensurePostgres,
  MARIADB_URL,
  mariadbDatabaseUrl,
  mariadbQuery,
  POSTGRES_URL,
  postgresQuery,
  postgresSchemaUrl,
  uniqueName,
} from "./db-servers.js";

/** A chunk of rows is well under 1 MiB; the whole result is hundreds. */
const BOUND_MIB = 64;

function assertStreamed(report: MillionRowsReport): void {
  assert.equal(report.rows, MILLION_ROWS);
  assert.equal(report.outOfOrder, null, `row ${report.outOfOrder?.index} arrived out of table order: ${String(report.outOfOrder?.aor)}`);
  assert.ok(
    report.peakAboveBaselineMib < BOUND_MIB,
    `live memory rose by ${report.peakAboveBaselineMib.toFixed(1)} MiB during the read (bound ${BOUND_MIB} MiB): the rows were not streamed`,
  );
}

describe("a million-row registrant table streams in chunks, in table order, in bounded memory (issue 11)", () => {
  it("SQLite (better-sqlite3, the statement's iterator)", async () => {
    const folder = await mkdtemp(join(os.tmpdir(), "uacreg-million-"));
    try {
      assertStreamed(await readMillionRows(`sqlite:${join(folder, "million.db")}`, uniqueName("million"), "stream"));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("PostgreSQL (pg, a server-side cursor FETCHed a chunk at a time)", async () => {
    await ensurePostgres();
    const schema = uniqueName("million");
    await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
    try {
      assertStreamed(await readMillionRows(postgresSchemaUrl(schema), uniqueName("million"), "stream"));
    } finally {
      await postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it("MariaDB (mysql2, the query's row stream)", async () => {
    await ensureMariadb();
    const database = uniqueName("million");
    await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
    try {
      assertStreamed(await readMillionRows(mariadbDatabaseUrl(database), uniqueName("million"), "stream"));
    } finally {
      await mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`);
    }
  });
});
