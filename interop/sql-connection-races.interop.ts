/**
 * Several nodes on one database at once, on the real PostgreSQL and MariaDB: every node creating
 * the same tables at the same moment (three nodes started together) succeeds, and callers sharing
 * one connection never overlap on it (a statement never runs inside another caller's transaction;
 * pg never warns "client is already executing a query").
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_TABLE_NAMES, openSqlConnection, SqlDialogStateStore, SqlLeaseTable, SqlRegistrantStore, type SqlConnection } from "../engine/index.js";
import { ensureMariadb, ensurePostgres, MARIADB_URL, mariadbDatabaseUrl, mariadbQuery, POSTGRES_URL, postgresQuery, postgresSchemaUrl, uniqueName } from "./db-servers.js";

const NODES = 4;
const ROUNDS = 5;
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Database {
  readonly name: string;
  readonly start: () => Promise<void>;
  /** A fresh, empty schema or database; resolves with its URL. */
  readonly fresh: () => Promise<string>;
}

const databases: Database[] = [
  {
    name: "PostgreSQL",
    start: ensurePostgres,
    fresh: async () => {
      const schema = uniqueName("race_pg");
      await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
      cleanups.push(() => postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      return postgresSchemaUrl(schema);
    },
  },
  {
    name: "MariaDB",
    start: ensureMariadb,
    fresh: async () => {
      const database = uniqueName("race_my");
      await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
      cleanups.push(() => mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`));
      return mariadbDatabaseUrl(database);
    },
  },
];

async function connections(url: string, count: number): Promise<SqlConnection[]> {
  const opened = await Promise.all(Array.from({ length: count }, () => openSqlConnection(url, 5000)));
  cleanups.unshift(async () => {
    await Promise.all(opened.map((db) => db.close().catch(() => {})));
  });
  return opened;
}

for (const database of databases) {
  describe(`${database.name}: several nodes on one database at once`, () => {
    before(() => database.start());

    it(`${NODES} nodes creating the registrant, version, dialog-state, lease and node tables at the same moment all succeed (${ROUNDS} rounds)`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const url = await database.fresh();
        const nodes = await connections(url, NODES);
        const outcomes = await Promise.allSettled(
          nodes.flatMap((db) => [
            new SqlRegistrantStore(db, DEFAULT_TABLE_NAMES).init(),
            new SqlDialogStateStore(db, "race_dialog_state").prepare(),
            new SqlLeaseTable(db, { leaseTable: "race_lease", nodeTable: "race_node" }).ensureTables(),
          ]),
        );
        const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [String(outcome.reason)] : []));
        assert.deepEqual(failures, [], `round ${round}`);
        const [first] = nodes;
        assert.ok(first);
        assert.deepEqual(await new SqlDialogStateStore(first, "race_dialog_state").loadAll(), []);
        await new SqlRegistrantStore(first, DEFAULT_TABLE_NAMES).checkSchema();
        const versionRows = await first.query("SELECT COUNT(*) FROM version WHERE table_name = ?", [DEFAULT_TABLE_NAMES.table_name]);
        assert.equal(Number(versionRows[0]?.[0]), 1, "one version row, whoever inserted it");
      }
    });

    it("a write issued while another caller's transaction is open is not rolled back with it", async () => {
      const [db] = await connections(await database.fresh(), 1);
      assert.ok(db);
      await db.execute("CREATE TABLE shared_rows (name VARCHAR(32) NOT NULL PRIMARY KEY)");
      const warnings: string[] = [];
      const onWarning = (warning: Error): void => void warnings.push(warning.message);
      process.on("warning", onWarning);
      try {
        let writeIssued: Promise<number> | null = null;
        const rolledBack = db.transaction(async (execute) => {
          await execute("INSERT INTO shared_rows (name) VALUES (?)", ["in-transaction"]);
          // Another caller (a dialog-state write, a lease round) uses the same connection meanwhile.
          writeIssued = db.execute("INSERT INTO shared_rows (name) VALUES (?)", ["outside"]);
          await execute("INSERT INTO shared_rows (name) VALUES (?)", ["in-transaction-too"]);
          throw new Error("the transaction's own work fails");
        });
        await assert.rejects(rolledBack, /own work fails/);
        assert.ok(writeIssued);
        await writeIssued;
        const readers = await Promise.all([db.query("SELECT name FROM shared_rows ORDER BY name"), db.query("SELECT COUNT(*) FROM shared_rows"), db.query("SELECT 1")]);
        assert.deepEqual(readers[0], [["outside"]]);
        await new Promise<void>((resolve) => setImmediate(resolve));
        assert.deepEqual(warnings.filter((message) => message.includes("already executing a query")), []);
      } finally {
        process.off("warning", onWarning);
      }
    });
  });
}
