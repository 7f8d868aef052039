/**
 * The SQL store contract on SQLite, each test on a new file in a temp folder; plus openStore's
 * choice of driver by scheme and its errors.
 */
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { StoreError } from "./errors.js";
import { openStore } from "./open-store.js";
import { openSqlite } from "./sqlite-connection.js";
import { DEFAULT_TABLE_NAMES } from "./table-names.js";
import { describeStoreContract } from "./test-support.js";

const folder = await mkdtemp(join(tmpdir(), "uacreg-sqlite-"));
let files = 0;

describeStoreContract("SQLite", () => Promise.resolve(openSqlite(join(folder, `t${++files}.db`))));

describe("openStore", () => {
  it("sqlite: opens (creating) the file; the table then comes from db init", async () => {
    const store = await openStore(`sqlite:${join(folder, "open.db")}`, DEFAULT_TABLE_NAMES);
    assert.equal(store.dialect, "sqlite");
    await assert.rejects(store.checkSchema(), /cannot read the version table .*uacreg db init/);
    await store.init();
    await store.checkSchema();
    await store.close();
  });

  it("a scheme without a driver is a db_url error that never quotes the URL", async () => {
    await assert.rejects(openStore("oracle://u:topsecret@h/db", DEFAULT_TABLE_NAMES), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, "db_url_invalid");
      assert.ok(!error.message.includes("topsecret"));
      return true;
    });
  });
});
