/**
 * The dialog-state table's contract on SQLite, each test on a new file in a temp folder; and the
 * table name, which becomes SQL text, checked.
 */
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { describeDialogStateContract } from "../../testkit/dialog-state-contract.js";
import { StoreError } from "./errors.js";
import { SqlDialogStateStore } from "./sql-dialog-state-store.js";
import { openSqlite } from "./sqlite-connection.js";

const folder = await mkdtemp(join(tmpdir(), "uacreg-dialogs-"));
let files = 0;

describeDialogStateContract("SQLite", () => Promise.resolve(openSqlite(join(folder, `d${++files}.db`))));

describe("SqlDialogStateStore", () => {
  it("refuses a table name that is not a plain SQL name, naming dialog_state_table", () => {
    const db = openSqlite(join(folder, "names.db"));
    assert.throws(() => new SqlDialogStateStore(db, "dialogs; DROP TABLE registrant"), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.match(error.message, /^dialog_state_table: .* is not a plain SQL name/);
      return true;
    });
  });
});
