/** The lease table refuses SQLite (its SQL on PostgreSQL and MariaDB is tested in interop/lease-table-*.interop.ts). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openSqlite } from "../store/sqlite-connection.js";
import { StoreError } from "../store/index.js";
import { SqlLeaseTable } from "./lease-table.js";

describe("SqlLeaseTable", () => {
  it("refuses a SQLite connection with db_url_invalid saying why", async () => {
    const db = openSqlite(":memory:");
    try {
      assert.throws(
        () => new SqlLeaseTable(db, { leaseTable: "l", nodeTable: "n" }),
        (error: unknown) => error instanceof StoreError && error.code === "db_url_invalid" && /database server the nodes share/.test(error.message),
      );
    } finally {
      await db.close();
    }
  });
});
