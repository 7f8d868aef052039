import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryRegistrantStore } from "./memory-store.js";

const a = { aor: "sip:a@x", contact: "sip:a@1.2.3.4", registrar: "sip:x" };
const b = { aor: "sip:b@x", contact: "sip:b@1.2.3.4", registrar: "sip:x" };

describe("MemoryRegistrantStore (§13)", () => {
  it("§13 loads all rows in table order, copies in and out", async () => {
    const store = new MemoryRegistrantStore([a, b]);
    const rows = await store.loadAll();
    assert.deepEqual(rows, [a, b]);
    (rows[0] as { aor: string }).aor = "changed";
    assert.deepEqual(await store.loadAll(), [a, b]);
  });

  it("§9.2 reload one: the row of the full triple, or null", async () => {
    const store = new MemoryRegistrantStore([a, b]);
    assert.deepEqual(await store.loadOne(b), b);
    assert.equal(await store.loadOne({ ...b, registrar: "sip:y" }), null);
  });

  it("§8 writeState sets state 0/1 on the triple's row only and records the write", async () => {
    const store = new MemoryRegistrantStore([a, b]);
    await store.writeState(a, false);
    assert.deepEqual(store.rows.map((r) => r.state), [1, undefined]);
    await store.writeState(a, true);
    assert.equal(store.rows[0]?.state, 0);
    assert.deepEqual(store.stateWrites.map((w) => w.enabled), [false, true]);
  });

  it("putRow replaces in place or appends; removeRow removes", () => {
    const store = new MemoryRegistrantStore([a]);
    store.putRow({ ...a, expiry: 60 });
    store.putRow(b);
    assert.deepEqual(store.rows, [{ ...a, expiry: 60 }, b]);
    assert.equal(store.removeRow(a), true);
    assert.equal(store.removeRow(a), false);
    assert.deepEqual(store.rows, [b]);
  });
});
