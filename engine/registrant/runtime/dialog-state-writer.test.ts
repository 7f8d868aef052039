import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../../clock.js";
import { memoryLogger } from "../../log.js";
import { MemoryDialogStateStore } from "../../store/memory-dialog-state-store.js";
import type { DialogState } from "../contracts.js";
import { tripleKey } from "../policy/record.js";
import { DialogStateWriter } from "./dialog-state-writer.js";

function state(user: string, cseq: number): DialogState {
  return { aor: `sip:${user}@lab.test`, contact: `sip:${user}@127.0.0.1`, registrar: "sip:127.0.0.1", callId: `${user}-call`, fromTag: "t1", cseq, expiresSec: 600, bindingExpiresMs: null, shtag: null, epoch: 0 };
}

function setup(maxRows: number) {
  const fake = createClock(0);
  const store = new MemoryDialogStateStore();
  const logger = memoryLogger();
  const writer = new DialogStateWriter(store, fromFakeClock(fake), logger, { intervalMs: 1000, maxRows, aheadMs: 50, aheadTimeoutMs: 1000 });
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

/** A store whose saves end only when the test says so (a slow or cut-off database). */
class HeldStore extends MemoryDialogStateStore {
  readonly held: (() => void)[] = [];
  override async save(states: readonly DialogState[]): Promise<void> {
    await new Promise<void>((resolve) => this.held.push(resolve));
    await super.save(states);
  }
}

/** A store whose saves each wait until the test answers them, in any order: `answer(n, ok)`. */
class AnsweredStore extends MemoryDialogStateStore {
  readonly #waiting: { readonly states: readonly DialogState[]; readonly resolve: () => void; readonly reject: (error: Error) => void }[] = [];
  override save(states: readonly DialogState[]): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#waiting.push({ states, resolve, reject }));
  }
  /** Answers the `n`th save issued (from 0): written, or failed as a dropped connection fails it. */
  async answer(n: number, ok: boolean): Promise<void> {
    const save = this.#waiting[n];
    assert.ok(save !== undefined, `save ${n} was issued`);
    if (ok) {
      await super.save(save.states);
      save.resolve();
    } else save.reject(new Error("connection reset"));
  }
  /** How many saves were issued so far. */
  get issued(): number {
    return this.#waiting.length;
  }
}

describe("DialogStateWriter: batches that fail in any order never put the table behind the wire", () => {
  const key = (user: string): string => tripleKey(state(user, 0));

  /** alice's REGISTERs with CSeq 3 and 4 wait for their rows: two batches, 50 ms apart, both being written. */
  async function twoBatchesWriting() {
    const fake = createClock(0);
    const store = new AnsweredStore();
    const writer = new DialogStateWriter(store, fromFakeClock(fake), memoryLogger(), { intervalMs: 1000, maxRows: 10, aheadMs: 50, aheadTimeoutMs: 1000 });
    for (const cseq of [3, 4]) {
      writer.note(state("a", cseq));
      void writer.saved(key("a"));
      await fake.tickAsync(50);
    }
    assert.equal(store.issued, 2, "CSeq 3 and CSeq 4 are being written, one batch each");
    return { fake, store, writer };
  }

  it("two batches failing in the order they went (a dropped connection): the newer row is the one kept and written", async () => {
    const { fake, store } = await twoBatchesWriting();
    await store.answer(0, false);
    await store.answer(1, false);
    await fake.tickAsync(1000);
    assert.equal(store.issued, 3);
    await store.answer(2, true);
    assert.equal(store.row(state("a", 0))?.cseq, 4);
  });

  it("an older batch that fails after a newer one was written is not put back", async () => {
    const { fake, store, writer } = await twoBatchesWriting();
    await store.answer(1, true);
    await store.answer(0, false);
    await fake.tickAsync(5000);
    assert.equal(writer.pending, 0, "nothing put back");
    assert.equal(store.issued, 2, "no batch after them");
    assert.equal(store.row(state("a", 0))?.cseq, 4);
  });
});

describe("DialogStateWriter: write-ahead, a REGISTER waits for the row carrying its CSeq", () => {
  const key = (user: string): string => tripleKey(state(user, 0));

  it("nothing waiting to be written: the send goes at once", async () => {
    const { writer } = setup(10);
    assert.equal(await writer.saved(key("a")), true);
  });

  it("the first waiting send makes the batch go 50 ms later, one batch for every send of that window; each send goes once its row is saved", async () => {
    const { fake, store, writer } = setup(10);
    writer.note(state("a", 1));
    const released: string[] = [];
    void writer.saved(key("a")).then((saved) => released.push(`a ${saved}`));
    await fake.tickAsync(30);
    writer.note(state("b", 4));
    void writer.saved(key("b")).then((saved) => released.push(`b ${saved}`));
    await fake.tickAsync(19);
    assert.deepEqual([store.batches, released], [[], []], "not before 50 ms after the first send");
    await fake.tickAsync(1);
    assert.deepEqual(store.batches, [2], "one batch for both");
    assert.deepEqual(released, ["a true", "b true"]);
    assert.deepEqual(store.rows.map((r) => [r.aor, r.cseq]), [["sip:a@lab.test", 1], ["sip:b@lab.test", 4]]);
  });

  it("while sends wait, only their rows go at 50 ms; the rows a takeover re-saved without a send follow with the 1 s batch", async () => {
    const { fake, store, writer } = setup(2000);
    for (let n = 0; n < 500; n++) writer.note(state(`r${n}`, 7));
    writer.note(state("r42", 8));
    void writer.saved(key("r42"));
    await fake.tickAsync(50);
    assert.deepEqual(store.batches, [1], "the REGISTER of r42 waited for its own row only");
    await fake.tickAsync(1000);
    assert.deepEqual(store.batches, [1, 499]);
  });

  it("under a steady stream of sends (one every 40 ms), the changes without a send (a 200 OK's binding end) still go once a second, in a batch of their own", async () => {
    const { fake, store, writer } = setup(2000);
    writer.note(state("granted", 1));
    for (let n = 0; n < 60; n++) {
      writer.note(state(`s${n}`, 1));
      void writer.saved(key(`s${n}`));
      await fake.tickAsync(40);
    }
    assert.equal(store.row(state("granted", 0))?.cseq, 1, "written within the stream");
    assert.ok(store.batches.includes(1) && store.batches.length > 20, `batches ${store.batches}`);
  });

  it("a change without a send still waits for the 1 s batch", async () => {
    const { fake, store, writer } = setup(10);
    writer.note(state("a", 1));
    await fake.tickAsync(999);
    assert.deepEqual(store.batches, []);
    await fake.tickAsync(1);
    assert.deepEqual(store.batches, [1]);
  });

  it("a send whose row is being written waits for that batch; one noted again meanwhile waits for the next", async () => {
    const fake = createClock(0);
    const store = new HeldStore();
    const writer = new DialogStateWriter(store, fromFakeClock(fake), memoryLogger(), { intervalMs: 1000, maxRows: 10, aheadMs: 50, aheadTimeoutMs: 1000 });
    const released: string[] = [];
    writer.note(state("a", 1));
    writer.note(state("b", 1));
    await fake.tickAsync(1000);
    assert.equal(store.held.length, 1, "the batch of a and b is being written");
    void writer.saved(key("a")).then((saved) => released.push(`a ${saved}`));
    writer.note(state("b", 2));
    void writer.saved(key("b")).then((saved) => released.push(`b ${saved}`));
    await fake.tickAsync(50);
    assert.deepEqual(released, []);
    store.held.shift()?.();
    await fake.tickAsync(0);
    assert.deepEqual(released, ["a true"], "a's CSeq 1 is saved; b's CSeq 2 is not yet");
    store.held.shift()?.();
    await fake.tickAsync(0);
    assert.deepEqual(released, ["a true", "b true"]);
    assert.equal(store.row(state("b", 0))?.cseq, 2);
  });

  it("a failed batch releases its sends (false: saved they are not), logged, the rows kept for the next batch", async () => {
    const { fake, store, logger, writer } = setup(10);
    store.failure = new Error("connection lost");
    writer.note(state("a", 3));
    const saved = writer.saved(key("a"));
    await fake.tickAsync(50);
    assert.equal(await saved, false);
    assert.match(logger.lines.find((l) => l.level === "warn")?.msg ?? "", /dialog state not saved \(1 rows kept for the next batch\); 1 REGISTERs waiting for them go on without them/);
    assert.equal(writer.pending, 1);
    store.failure = null;
    await fake.tickAsync(1000);
    assert.equal(store.row(state("a", 0))?.cseq, 3, "written with the next 1 s batch");
  });

  it("a batch that takes longer than 1 s lets its sends go then, logged; the row is written when the database answers", async () => {
    const fake = createClock(0);
    const store = new HeldStore();
    const logger = memoryLogger();
    const writer = new DialogStateWriter(store, fromFakeClock(fake), logger, { intervalMs: 1000, maxRows: 10, aheadMs: 50, aheadTimeoutMs: 1000 });
    writer.note(state("a", 3));
    let released: boolean | null = null;
    void writer.saved(key("a")).then((saved) => (released = saved));
    await fake.tickAsync(50 + 999);
    assert.equal(released, null);
    await fake.tickAsync(1);
    assert.equal(released, false);
    assert.match(logger.lines.find((l) => l.level === "warn")?.msg ?? "", /not saved within 1000 ms: 1 REGISTERs waiting for it go on without it/);
    store.held.shift()?.();
    await fake.tickAsync(0);
    assert.equal(store.row(state("a", 0))?.cseq, 3);
  });

  it("more waiting sends than one batch holds, on a database that hangs: every send goes within 1 s of its batch, none waits for the hung one", async () => {
    const fake = createClock(0);
    const store = new HeldStore();
    const writer = new DialogStateWriter(store, fromFakeClock(fake), memoryLogger(), { intervalMs: 1000, maxRows: 2, aheadMs: 50, aheadTimeoutMs: 1000 });
    const released: string[] = [];
    for (const user of ["a", "b", "c", "d", "e"]) {
      writer.note(state(user, 1));
      void writer.saved(key(user)).then((saved) => released.push(`${user} ${saved}`));
    }
    await fake.tickAsync(50);
    assert.equal(store.held.length, 1, "a and b are being written");
    await fake.tickAsync(100);
    assert.equal(store.held.length, 3, "c and d, then e, went 50 ms apart without waiting for the first batch");
    await fake.tickAsync(1000);
    assert.deepEqual(released.sort(), ["a false", "b false", "c false", "d false", "e false"]);
  });
});

describe("DialogStateWriter: deleting the rows of records that left the table", () => {
  const id = (user: string, epoch: number) => ({ aor: `sip:${user}@lab.test`, contact: `sip:${user}@127.0.0.1`, registrar: "sip:127.0.0.1", epoch });

  it("remove deletes the row with the interval's batch, drops a change still pending, and tells a send waiting for it that it was not saved", async () => {
    const { fake, store, writer } = setup(10);
    writer.note(state("a", 1));
    writer.note(state("b", 1));
    await fake.tickAsync(1000);
    writer.note(state("a", 2));
    const waiting = writer.saved(tripleKey(state("a", 2)));
    writer.remove(id("a", 0));
    assert.equal(await waiting, false);
    assert.equal(writer.pending, 1);
    await fake.tickAsync(1000);
    assert.deepEqual(store.rows.map((r) => r.aor), ["sip:b@lab.test"]);
    assert.equal(writer.pending, 0);
  });

  it("a record noted again before its deletion was written keeps its row (the triple came back)", async () => {
    const { fake, store, writer } = setup(10);
    writer.note(state("a", 1));
    await fake.tickAsync(1000);
    writer.remove(id("a", 0));
    writer.note(state("a", 1));
    await fake.tickAsync(1000);
    assert.deepEqual(store.rows.map((r) => [r.aor, r.cseq]), [["sip:a@lab.test", 1]]);
  });

  it("a failed deletion is kept for the next batch; flush writes pending deletions too; the store's epoch fence holds", async () => {
    const { fake, store, writer } = setup(10);
    writer.note({ ...state("a", 1), epoch: 3 });
    writer.note(state("b", 1));
    await fake.tickAsync(1000);
    store.failure = new Error("connection lost");
    writer.remove(id("a", 3));
    await fake.tickAsync(1000);
    assert.equal(writer.pending, 1);
    store.failure = null;
    writer.remove(id("b", 0));
    await writer.flush();
    assert.equal(store.rows.length, 0);
    writer.note({ ...state("c", 1), epoch: 5 });
    await writer.flush();
    writer.remove(id("c", 4));
    await writer.flush();
    assert.deepEqual(store.rows.map((r) => r.aor), ["sip:c@lab.test"], "a node holding the tag under a lower epoch deletes nothing");
  });
});
