import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../../clock.js";
import { memoryLogger } from "../../log.js";
import { MemoryDialogStateStore } from "../../store/memory-dialog-state-store.js";
import type { DialogState } from "../contracts.js";
import { DialogStateWriter } from "./dialog-state-writer.js";

function state(user: string, cseq: number): DialogState {
  return { aor: `sip:${user}@lab.test`, contact: `sip:${user}@127.0.0.1`, registrar: "sip:127.0.0.1", callId: `${user}-call`, fromTag: "t1", cseq, expiresSec: 600, bindingExpiresMs: null, shtag: null, epoch: 0 };
}

function setup(maxRows: number) {
  const fake = createClock(0);
  const store = new MemoryDialogStateStore();
  const logger = memoryLogger();
  const writer = new DialogStateWriter(store, fromFakeClock(fake), logger, { intervalMs: 1000, maxRows });
  return { fake, store, logger, writer };
}

describe("DialogStateWriter: batches at a bounded rate", () => {
  it("coalesces a record's changes (the newest wins) and writes one batch per interval, at most maxRows rows each", async () => {
    const { fake, store, writer } = setup(2);
    for (const user of ["a", "b", "c", "d", "e"]) writer.note(state(user, 1));
    writer.note(state("a", 2));
    await fake.tickAsync(999);
    assert.deepEqual(store.batches, [], "nothing before the first interval");
    await fake.tickAsync(1);
    assert.deepEqual(store.batches, [2]);
    await fake.tickAsync(2000);
    assert.deepEqual(store.batches, [2, 2, 1]);
    assert.equal(writer.pending, 0);
    assert.equal(store.rows.find((r) => r.aor === "sip:a@lab.test")?.cseq, 2);
    await fake.tickAsync(5000);
    assert.deepEqual(store.batches, [2, 2, 1], "an idle writer writes nothing");
  });

  it("a failed batch is logged and its rows are written with the next one, unless a newer change replaced them", async () => {
    const { fake, store, logger, writer } = setup(10);
    writer.note(state("a", 1));
    writer.note(state("b", 1));
    store.failure = new Error("connection lost");
    await fake.tickAsync(1000);
    assert.equal(writer.pending, 2);
    assert.match(logger.lines.find((l) => l.level === "warn")?.msg ?? "", /dialog state not saved \(2 rows kept for the next batch\)/);
    writer.note(state("a", 2));
    store.failure = null;
    await fake.tickAsync(1000);
    assert.deepEqual(store.rows.map((r) => [r.aor, r.cseq]), [["sip:b@lab.test", 1], ["sip:a@lab.test", 2]]);
  });

  it("flush writes everything pending at once, in batches of maxRows, and stops the timer", async () => {
    const { fake, store, writer } = setup(2);
    for (const user of ["a", "b", "c"]) writer.note(state(user, 1));
    await writer.flush();
    assert.deepEqual(store.batches, [2, 1]);
    await fake.tickAsync(5000);
    assert.deepEqual(store.batches, [2, 1]);
  });

  it("flush against a failing store gives up after one try (logged), never rejects", async () => {
    const { store, logger, writer } = setup(2);
    writer.note(state("a", 1));
    store.failure = new Error("gone");
    await writer.flush();
    assert.equal(writer.pending, 1);
    assert.ok(logger.lines.some((l) => l.level === "warn"));
  });
});
