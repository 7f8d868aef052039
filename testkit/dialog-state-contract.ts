/**
 * The contract of the dialog-state table (N11, N12) every SQL driver keeps, written once and run
 * on SQLite (unit tests, a temp folder) and on the real PostgreSQL and MariaDB (interop tests, a
 * schema or database of their own per test): the table is created when missing, rows come back
 * as the engine reads them, a newer state replaces an older one, and the epoch fence: a row
 * written under a higher epoch is never overwritten, nor removed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readDialogState, type DialogState } from "../engine/registrant/index.js";
import type { SqlConnection } from "../engine/store/sql-connection.js";
import { SqlDialogStateStore } from "../engine/store/sql-dialog-state-store.js";
import type { OpenEmpty } from "./store-contract.js";

const ALICE: DialogState = {
  aor: "sip:alice@lab.test",
  contact: "sip:alice@127.0.0.1:5070",
  registrar: "sip:127.0.0.1:5060",
  callId: "0123456789abcdef0123456789a",
  fromTag: "f00d1",
  cseq: 7,
  expiresSec: 3600,
  // A date in 2027: beyond 32 bits, so a column too narrow for epoch milliseconds shows.
  bindingExpiresMs: 1_800_000_123_000,
  shtag: "tag1/1",
  epoch: 5,
};

const BOB: DialogState = { ...ALICE, aor: "sip:bob@lab.test", callId: "bob-call@lab.test", fromTag: "b0b", cseq: 0, expiresSec: 0xffff_ffff, bindingExpiresMs: null, shtag: null, epoch: 0 };

async function loaded(store: SqlDialogStateStore): Promise<DialogState[]> {
  const states = (await store.loadAll()).map(readDialogState);
  return states.sort((a, b) => a.aor.localeCompare(b.aor));
}

export function describeDialogStateContract(label: string, openEmpty: OpenEmpty): void {
  const withStore = async (work: (store: SqlDialogStateStore, db: SqlConnection) => Promise<void>, table?: string): Promise<void> => {
    const db = await openEmpty();
    try {
      const store = new SqlDialogStateStore(db, table);
      await store.prepare();
      await work(store, db);
    } finally {
      await db.close();
    }
  };

  describe(`dialog-state table on ${label}`, () => {
    it("is created when missing (again changes nothing) and gives back what was saved, field for field", async () => {
      await withStore(async (store) => {
        await store.prepare();
        assert.deepEqual(await store.loadAll(), []);
        await store.save([ALICE, BOB]);
        assert.deepEqual(await loaded(store), [ALICE, BOB]);
      });
    });

    it("a newer state of a record replaces its row, at the same or a higher epoch", async () => {
      await withStore(async (store) => {
        await store.save([ALICE]);
        const refreshed = { ...ALICE, cseq: 8, bindingExpiresMs: 1_800_003_600_000 };
        await store.save([refreshed]);
        assert.deepEqual(await loaded(store), [refreshed]);
        const takenOver = { ...refreshed, cseq: 9, epoch: 6 };
        await store.save([takenOver]);
        assert.deepEqual(await loaded(store), [takenOver]);
      });
    });

    it("the epoch fence: a state written under a lower epoch leaves the row alone, in the same batch as one that goes in", async () => {
      await withStore(async (store) => {
        await store.save([ALICE, BOB]);
        const stale = { ...ALICE, cseq: 99, callId: "stale-node-call", epoch: 4 };
        const bobLater = { ...BOB, cseq: 1 };
        await store.save([stale, bobLater]);
        assert.deepEqual(await loaded(store), [ALICE, bobLater]);
      });
    });

    it("loads one sharing tag's rows for a takeover", async () => {
      await withStore(async (store) => {
        const carol = { ...ALICE, aor: "sip:carol@lab.test", shtag: "tag2/1" };
        await store.save([ALICE, BOB, carol]);
        assert.deepEqual((await store.loadShtag("tag1/1")).map(readDialogState), [ALICE]);
        assert.deepEqual((await store.loadShtag("tag2/1")).map(readDialogState), [carol]);
        assert.deepEqual(await store.loadShtag("tag3/1"), []);
      });
    });

    it("remove deletes the rows of records that left the registrant table, fenced: a row written under a higher epoch stays", async () => {
      await withStore(async (store) => {
        const carol = { ...ALICE, aor: "sip:carol@lab.test", epoch: 7 };
        await store.save([ALICE, BOB, carol]);
        const id = (state: DialogState) => ({ aor: state.aor, contact: state.contact, registrar: state.registrar });
        await store.remove([
          { ...id(ALICE), epoch: 5 },
          { ...id(BOB), epoch: 0 },
          { ...id(carol), epoch: 6 },
          { ...id(ALICE), aor: "sip:nobody@lab.test", epoch: 9 },
        ]);
        assert.deepEqual(await loaded(store), [carol], "alice (same epoch) and bob (no tag) gone; carol, written under epoch 7, outlives a removal under 6");
        await store.remove([{ ...id(carol), epoch: 8 }]);
        assert.deepEqual(await loaded(store), []);
      });
    });

    it("removes a batch larger than one statement in one go, and nothing else", async () => {
      await withStore(async (store) => {
        const many = Array.from({ length: 250 }, (_, i) => ({ ...ALICE, aor: `sip:user${String(i).padStart(3, "0")}@lab.test`, cseq: i }));
        await store.save([...many, BOB]);
        await store.remove(many.slice(0, 240).map((state) => ({ aor: state.aor, contact: state.contact, registrar: state.registrar, epoch: state.epoch })));
        const back = await loaded(store);
        assert.deepEqual(back.map((state) => state.aor), [BOB.aor, ...many.slice(240).map((state) => state.aor)]);
      });
    });

    it("saves a batch larger than one statement in one go", async () => {
      await withStore(async (store) => {
        const many = Array.from({ length: 250 }, (_, i) => ({ ...ALICE, aor: `sip:user${String(i).padStart(3, "0")}@lab.test`, cseq: i }));
        await store.save(many);
        const back = await loaded(store);
        assert.equal(back.length, 250);
        assert.deepEqual(back[249], many[249]);
      });
    });

    it("a table of another name is another table", async () => {
      await withStore(async (store, db) => {
        const other = new SqlDialogStateStore(db, "other_dialogs");
        await other.prepare();
        await store.save([ALICE]);
        assert.deepEqual(await other.loadAll(), []);
      }, "my_dialogs");
    });
  });
}
