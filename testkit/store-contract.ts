/**
 * The contract every SQL driver keeps, written once and run on SQLite (unit tests, a temp
 * folder) and on the real PostgreSQL and MariaDB (interop tests, a schema or database of their
 * own): OpenSIPS's own v3 table loads unchanged, NULLs as §13 and D2 say, the version check,
 * the §8 state write, renamed columns, chunked reads, and what `db init` / `db import` do.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { validateModuleParams, validateRow, type RegistrantRow } from "../engine/registrant/index.js";
import { formatSocketName } from "../engine/transport/index.js";
import { UACREG_VERSION } from "../engine/version.js";
import { StoreError } from "../engine/store/errors.js";
import type { SqlConnection } from "../engine/store/sql-connection.js";
import { LOAD_CHUNK_ROWS, SqlRegistrantStore } from "../engine/store/sql-store.js";
import { DEFAULT_TABLE_NAMES, type TableNames } from "../engine/store/table-names.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/sql/", import.meta.url));

/** A fresh, empty database of its own per call (a new file, schema or database). */
export type OpenEmpty = () => Promise<SqlConnection>;

/** Runs a file of `;`-terminated statements (comment lines dropped). */
export async function runSqlFile(connection: SqlConnection, name: string): Promise<void> {
  const text = await readFile(FIXTURES + name, "utf8");
  const statements = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ""))
    .filter((s) => s !== "");
  for (const statement of statements) await connection.execute(statement);
}

const ALICE = { aor: "sip:alice@lab.test", contact: "sip:alice@127.0.0.1:5070", registrar: "sip:127.0.0.1:5060" };

export function describeStoreContract(label: string, openEmpty: OpenEmpty): void {
  const withStore = async (names: TableNames, work: (store: SqlRegistrantStore, db: SqlConnection) => Promise<void>): Promise<void> => {
    const db = await openEmpty();
    const store = new SqlRegistrantStore(db, names);
    try {
      await work(store, db);
    } finally {
      await store.close();
    }
  };

  describe(`registrant table on ${label}`, () => {
    it("an OpenSIPS-created v3 table loads unchanged: NULL and '' strings, NULL expiry (D2), a disabled row", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store, db) => {
        await runSqlFile(db, `opensips-registrant-v3.${db.dialect}.sql`);
        await runSqlFile(db, "opensips-registrant-rows.sql");
        await store.checkSchema();
        const rows = await store.loadAll();
        assert.deepEqual(rows.map((r) => r.aor), ["sip:alice@lab.test", "sip:bob@lab.test", "sip:carol@lab.test"]);
        assert.deepEqual(rows[0], {
          ...ALICE,
          proxy: null,
          third_party_registrant: null,
          username: "alice",
          password: "alice-pw",
          binding_params: null,
          expiry: null,
          forced_socket: null,
          cluster_shtag: null,
          state: 0,
        });
        assert.equal(rows[1]?.proxy, "");
        assert.equal(rows[1]?.expiry, 600);
        assert.equal(rows[2]?.state, 1);
        const params = validateModuleParams({}, UACREG_VERSION);
        const configs = rows.map((row) => validateRow(row, { params, socketExists: (s) => formatSocketName(s) === "udp:127.0.0.1:5070" }));
        assert.deepEqual(configs.map((c) => [c.expirySec, c.enabled, c.proxy, c.uniqueBinding, c.forcedSocket]), [
          [3600, true, null, false, null],
          [600, true, null, true, "udp:127.0.0.1:5070"],
          [3600, false, null, false, null],
        ]);
      });
    });

    it("db init creates the v3 table and its version row, and a second init changes nothing", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store) => {
        assert.deepEqual(await store.init(), { createdVersionRow: true, version: 3 });
        await store.insertRows([{ ...ALICE, password: "pw", expiry: null }]);
        assert.deepEqual(await store.init(), { createdVersionRow: false, version: 3 });
        await store.checkSchema();
        assert.equal((await store.loadAll()).length, 1);
      });
    });

    it("a version other than 3 stops start-up and says what was found; so does a table without its version row", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store, db) => {
        await store.init();
        await db.execute("UPDATE version SET table_version = 2 WHERE table_name = ?", ["registrant"]);
        await assert.rejects(store.checkSchema(), (error: unknown) => {
          assert.ok(error instanceof StoreError);
          assert.equal(error.code, "db_version_mismatch");
          assert.match(error.message, /table registrant has schema version 2 in the version table; uacreg reads version 3/);
          return true;
        });
        await db.execute("DELETE FROM version");
        await assert.rejects(store.checkSchema(), /the version table has no row for table registrant/);
      });
    });

    it("a configured column the table does not have stops start-up by name", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store, db) => {
        await store.init();
        const renamed = new SqlRegistrantStore(db, { ...DEFAULT_TABLE_NAMES, expiry_column: "expires_sec" });
        await assert.rejects(renamed.checkSchema(), (error: unknown) => {
          assert.ok(error instanceof StoreError);
          assert.equal(error.code, "db_schema_invalid");
          assert.match(error.message, /expires_sec/);
          return true;
        });
      });
    });

    it("table and column names come from the parameters", async () => {
      const names = { ...DEFAULT_TABLE_NAMES, table_name: "trunks", binding_URI_column: "contact_uri", state_column: "disabled" };
      await withStore(names, async (store) => {
        await store.init();
        await store.checkSchema();
        await store.insertRows([{ ...ALICE, username: "alice", password: "pw", expiry: 120 }]);
        assert.deepEqual((await store.loadOne(ALICE))?.contact, ALICE.contact);
        await store.writeState(ALICE, false);
        assert.equal((await store.loadOne(ALICE))?.state, 1);
      });
    });

    it("§8: enable and disable write the state column of that triple only; loadOne finds a triple or answers null", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store) => {
        await store.init();
        const bob = { ...ALICE, aor: "sip:bob@lab.test" };
        await store.insertRows([ALICE, bob]);
        await store.writeState(ALICE, false);
        // No ORDER BY, as OpenSIPS (§13): PostgreSQL may return an updated row last.
        assert.deepEqual((await store.loadAll()).map((r) => [r.aor, r.state]).sort(), [["sip:alice@lab.test", 1], ["sip:bob@lab.test", 0]]);
        await store.writeState(ALICE, true);
        assert.equal((await store.loadOne(ALICE))?.state, 0);
        assert.equal(await store.loadOne({ ...ALICE, registrar: "sip:127.0.0.1:5999" }), null);
      });
    });

    it("insertRows leaves out a triple already in the table and says which", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store) => {
        await store.init();
        assert.deepEqual(await store.insertRows([ALICE]), [true]);
        const carol: RegistrantRow = { ...ALICE, aor: "sip:carol@lab.test" };
        assert.deepEqual(await store.insertRows([ALICE, carol]), [false, true]);
      });
    });

    it("a full load reads in chunks, in table order", async () => {
      await withStore(DEFAULT_TABLE_NAMES, async (store, db) => {
        await store.init();
        const rows = Array.from({ length: 2500 }, (_, i) => ({ ...ALICE, aor: `sip:user${i}@lab.test` }));
        await store.insertRows(rows);
        const chunks: number[] = [];
        await db.stream("SELECT aor FROM registrant", [], 1000, (chunk) => chunks.push(chunk.length));
        assert.deepEqual(chunks, [1000, 1000, 500]);
        const loaded = await store.loadAll();
        assert.equal(loaded.length, 2500);
        assert.equal(loaded[2499]?.aor, "sip:user2499@lab.test");
        const handed: RegistrantRow[][] = [];
        await store.readAll((chunk) => handed.push(chunk));
        assert.deepEqual(handed.map((chunk) => chunk.length), [LOAD_CHUNK_ROWS, LOAD_CHUNK_ROWS, 2500 - 2 * LOAD_CHUNK_ROWS]);
        assert.deepEqual(handed.flat(), loaded, "readAll hands on what loadAll gives, in the same order");
      });
    });
  });
}

// The drivers' connections themselves, for the contract tests on the real servers (interop/).
export { openMysql } from "../engine/store/mysql-connection.js";
export { openPostgres } from "../engine/store/postgres-connection.js";
