/**
 * Saved dialogs in the engine (N11, N12), under fake time with the in-memory dialog-state table:
 * what is saved and when (batched, never a password, under the tag's epoch, nothing without
 * it), and that a takeover sends nothing for the tag's records until their
 * saved dialogs are read. The Cucumber feature saved-dialogs.feature shows the behaviour end to end.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryShtags } from "./cluster/memory-shtags.js";
import { bucketOf, type DialogState, type DialogStateRemoval, type DialogStateRow, type DialogStateStore, type Shtag, type ShtagChange, type ShtagSource } from "./registrant/index.js";
import { getCallId, getCSeq, headerValue } from "./sip/index.js";
import { MemoryDialogStateStore } from "./store/memory-dialog-state-store.js";
import { ENGINE_HOST, harness, REGISTRAR, row } from "../testkit/engine-harness.js";

const ALICE = "sip:alice@example.org";
const aliceId = { aor: ALICE, contact: `sip:alice@${ENGINE_HOST}:5060`, registrar: REGISTRAR };
const TAG: Shtag = { name: "tag1", clusterId: 1 };

/** MemoryShtags with the fencing epoch a lease source gives (ShtagSource.epochOf). */
function withEpochs(tags: MemoryShtags, epochOf: (tag: Shtag) => number | null): ShtagSource {
  return {
    isActive: (tag) => tags.isActive(tag),
    subscribe: (listener: (change: ShtagChange) => void) => tags.subscribe(listener),
    epochOf,
  };
}

/** A dialog-state table whose reads wait until the test lets them finish (a slow database). */
class SlowReads implements DialogStateStore {
  readonly #inner: MemoryDialogStateStore;
  readonly #waiting: Array<(failure: Error | null) => void> = [];

  constructor(inner: MemoryDialogStateStore) {
    this.#inner = inner;
  }

  /** Lets the oldest read still waiting finish, or fail with `failure`. */
  release(failure: Error | null = null): void {
    this.#waiting.shift()?.(failure);
  }

  prepare(): Promise<void> {
    return this.#inner.prepare();
  }

  loadAll(): Promise<DialogStateRow[]> {
    return this.#inner.loadAll();
  }

  async loadShtag(shtag: string): Promise<DialogStateRow[]> {
    const failure = await new Promise<Error | null>((resolve) => this.#waiting.push(resolve));
    if (failure !== null) throw failure;
    return this.#inner.loadShtag(shtag);
  }

  save(states: readonly DialogState[]): Promise<void> {
    return this.#inner.save(states);
  }

  remove(removals: readonly DialogStateRemoval[]): Promise<void> {
    return this.#inner.remove(removals);
  }
}

describe("saving dialogs (N11, N12)", () => {
  it("each REGISTER leaves only once the row with its CSeq is saved (write-ahead); the 200 OK's binding end is saved a second later; never a password", async () => {
    const dialogs = new MemoryDialogStateStore();
    const h = harness({ rows: [row(ALICE)], dialogStates: dialogs });
    await h.engine.start();
    await h.until(50.04);
    assert.equal(h.registrar.received.length, 0, "the first REGISTER waits for its row (50 ms gathering other sends)");
    await h.until(50.5);
    assert.equal(h.registrar.received.length, 2, "challenged, then answered");
    assert.deepEqual(dialogs.batches, [1, 1], "one row before each REGISTER");
    const last = h.registrar.received[1]!.request;
    const fromTag = /;tag=(\w+)/.exec(headerValue(last, "From") ?? "")?.[1];
    assert.deepEqual(dialogs.rows, [{ ...aliceId, callId: getCallId(last), fromTag, cseq: 2, expiresSec: 3600, bindingExpiresMs: null, shtag: null, epoch: 0 }]);
    await h.until(52);
    assert.deepEqual(dialogs.batches, [1, 1, 1]);
    // The 200 OK came on second 50 and granted 3600 s.
    assert.deepEqual(dialogs.rows, [{ ...aliceId, callId: getCallId(last), fromTag, cseq: 2, expiresSec: 3600, bindingExpiresMs: 3_650_000, shtag: null, epoch: 0 }]);
    assert.doesNotMatch(JSON.stringify(dialogs.rows), /wonderland/);
    await h.engine.stop();
  });

  it("a dialog-state table that fails: each REGISTER goes anyway after its failed write, logged (registrations never stop for the database)", async () => {
    const dialogs = new MemoryDialogStateStore();
    dialogs.failure = new Error("connection lost");
    const h = harness({ rows: [row(ALICE)], dialogStates: dialogs });
    await h.engine.start();
    await h.until(50.5);
    assert.deepEqual(h.registrar.received.map((r) => getCSeq(r.request).seq), [1, 2]);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    assert.ok(h.logger.lines.some((line) => line.level === "warn" && /REGISTERs waiting for them go on without them/.test(line.msg)));
    dialogs.failure = null;
    await h.until(52);
    assert.equal(dialogs.rows[0]?.cseq, 2, "written once the database answers again");
    await h.engine.stop();
  });

  it("a record whose tag is held as a lease holds its REGISTER while its row cannot be written, and sends once it is (the next holder must find every CSeq sent)", async () => {
    const tags = new MemoryShtags([TAG]);
    const dialogs = new MemoryDialogStateStore();
    dialogs.failure = new Error("connection lost");
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: withEpochs(tags, () => 7), dialogStates: dialogs });
    await h.engine.start();
    await h.until(55);
    assert.equal(h.registrar.received.length, 0, "held: the row with CSeq 1 is not saved");
    dialogs.failure = null;
    await h.until(56);
    assert.deepEqual(h.registrar.received.map((r) => getCSeq(r.request).seq), [1, 2]);
    assert.equal(dialogs.rows[0]?.cseq, 2);
    await h.engine.stop();
  });

  it("a held REGISTER whose tag goes BACKUP meanwhile is never sent", async () => {
    const tags = new MemoryShtags([TAG]);
    const dialogs = new MemoryDialogStateStore();
    dialogs.failure = new Error("connection lost");
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: withEpochs(tags, () => 7), dialogStates: dialogs });
    await h.engine.start();
    await h.until(52);
    tags.set(TAG, false);
    dialogs.failure = null;
    await h.until(80);
    assert.equal(h.registrar.received.length, 0);
    assert.equal(h.engine.list(aliceId).Registrant.state, "NOT_REGISTERED_STATE");
    await h.engine.stop();
  });

  it("records of a tag are saved under this node's epoch for it; a tag not held (epoch null) saves nothing", async () => {
    const tags = new MemoryShtags([TAG]);
    let epoch: number | null = 7;
    const dialogs = new MemoryDialogStateStore();
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: withEpochs(tags, () => epoch), dialogStates: dialogs });
    await h.engine.start();
    await h.until(52);
    assert.deepEqual([dialogs.rows[0]?.shtag, dialogs.rows[0]?.epoch, dialogs.rows[0]?.cseq], ["tag1/1", 7, 2]);
    epoch = null;
    await h.engine.forceRegister(aliceId);
    await h.until(153);
    assert.equal(h.registrar.received.length, 4, "refreshed at the visit of second 150");
    assert.equal(dialogs.rows[0]?.cseq, 2, "not saved without the tag's epoch");
    await h.engine.stop();
  });
});

describe("continuing saved dialogs (N11, N12)", () => {
  it("a takeover sends nothing for the tag's records until their saved dialogs are read, then refreshes only when due", async () => {
    const tags = new MemoryShtags();
    const inner = new MemoryDialogStateStore();
    const slow = new SlowReads(inner);
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: tags, dialogStates: slow });
    await h.engine.start();
    inner.putRow({ ...aliceId, callId: "saved-call-id", fromTag: "abcde", cseq: 4, expiresSec: 3600, bindingExpiresMs: h.clock.now() + 3000_000, shtag: "tag1/1", epoch: 3 });
    await h.until(40);
    tags.set(TAG, true);
    await h.until(160);
    assert.equal(h.registrar.received.length, 0, "the visits of seconds 50 and 150 passed alice by while her dialog was being read");
    assert.equal(h.engine.list(aliceId).Registrant.state, "NOT_REGISTERED_STATE");
    slow.release();
    await h.until(161);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    await h.until(2850);
    assert.equal(h.registrar.received.length, 0, "no REGISTER before the refresh point (second 2900)");
    await h.until(2952);
    const first = h.registrar.received[0]!.request;
    assert.deepEqual([getCallId(first), getCSeq(first).seq], ["saved-call-id", 5]);
    await h.engine.stop();
  });

  it("a takeover sends the records whose saved refresh is due right after the read, spread over a second, without startup_spread; the others wait for their refresh point", async () => {
    const tags = new MemoryShtags();
    const inner = new MemoryDialogStateStore();
    const slow = new SlowReads(inner);
    const BOB = "sip:bob@example.org";
    const CAROL = "sip:carol@example.org";
    const rows = [ALICE, BOB, CAROL].map((aor) => row(aor, { cluster_shtag: "tag1/1" }));
    const h = harness({ rows, config: { enable_clustering: 1, startup_spread: 60 }, shtags: tags, dialogStates: slow });
    await h.engine.start();
    const saved = (aor: string, callId: string, bindingExpiresMs: number | null) =>
      inner.putRow({ aor, contact: `sip:${aor.slice(4, aor.indexOf("@"))}@${ENGINE_HOST}:5060`, registrar: REGISTRAR, callId, fromTag: "abcde", cseq: 4, expiresSec: 3600, bindingExpiresMs, shtag: "tag1/1", epoch: 3 });
    saved(ALICE, "alice-expired", 0);
    saved(BOB, "bob-gone", null);
    saved(CAROL, "carol-valid", h.clock.now() + 3000_000);
    await h.until(40);
    tags.set(TAG, true);
    await h.until(160);
    assert.equal(h.registrar.received.length, 0, "nothing before the read ends");
    const readAt = h.clock.now();
    slow.release();
    await h.until(162);
    const firsts = new Map<string, number>();
    for (const r of h.registrar.received) if (!firsts.has(getCallId(r.request))) firsts.set(getCallId(r.request), r.atMs - readAt);
    assert.deepEqual([...firsts.keys()].sort(), ["alice-expired", "bob-gone"], "only the due records, in their saved dialogs");
    assert.ok([...firsts.values()].every((ms) => ms >= 0 && ms < 1100), `sent within the spread (a second) and the write-ahead, not at the visit of second 250 nor up to 60 s later: ${[...firsts.values()]}`);
    assert.deepEqual(h.registrar.received.filter((r) => getCallId(r.request) !== "carol-valid").map((r) => getCSeq(r.request).seq).sort(), [5, 5, 6, 6]);
    await h.until(2850);
    assert.equal(h.registrar.received.filter((r) => getCallId(r.request) === "carol-valid").length, 0, "carol refreshes at her refresh point only");
    await h.engine.stop();
  });

  it("a bucket visit during the spread passes the waiting due records by: each goes as a refresh within the second, none is held back by startup_spread", async () => {
    const tags = new MemoryShtags();
    const inner = new MemoryDialogStateStore();
    const slow = new SlowReads(inner);
    // 8 buckets visited one a second: bucket 7 at second 168, while the spread of a read ending at 167.9 has reached only its first records.
    const config = { enable_clustering: 1, startup_spread: 60, timer_interval: 8, hash_size: 3 };
    const aors = Array.from({ length: 40 }, (_, i) => `sip:u${i}@example.org`);
    assert.ok(aors.some((aor) => bucketOf(aor, 8) === 7), "a record in the bucket visited in mid-spread");
    const h = harness({ rows: aors.map((aor) => row(aor, { cluster_shtag: "tag1/1" })), config, shtags: tags, dialogStates: slow });
    await h.engine.start();
    for (const aor of aors) {
      inner.putRow({ aor, contact: `sip:${aor.slice(4, aor.indexOf("@"))}@${ENGINE_HOST}:5060`, registrar: REGISTRAR, callId: `${aor.slice(4, aor.indexOf("@"))}-saved`, fromTag: "abcde", cseq: 4, expiresSec: 3600, bindingExpiresMs: 0, shtag: "tag1/1", epoch: 3 });
    }
    await h.until(40);
    tags.set(TAG, true);
    await h.until(167.9);
    const readAt = h.clock.now();
    slow.release();
    await h.until(240);
    const firsts = new Map<string, number>();
    for (const r of h.registrar.received) if (!firsts.has(getCallId(r.request))) firsts.set(getCallId(r.request), r.atMs - readAt);
    assert.equal(firsts.size, aors.length, "every record, in its saved dialog");
    const late = [...firsts].filter(([, ms]) => ms > 1100);
    assert.deepEqual(late, [], "sent within the spread (a second) and the write-ahead, none spread over startup_spread by the visit of second 168");
    await h.engine.stop();
  });

  it("ACTIVE, BACKUP, ACTIVE again while the first read is slow: the end of the first read (failed here) does not let the records send before the second", async () => {
    const tags = new MemoryShtags();
    const inner = new MemoryDialogStateStore();
    const slow = new SlowReads(inner);
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: tags, dialogStates: slow });
    await h.engine.start();
    inner.putRow({ ...aliceId, callId: "saved-call-id", fromTag: "abcde", cseq: 4, expiresSec: 3600, bindingExpiresMs: h.clock.now() + 3000_000, shtag: "tag1/1", epoch: 3 });
    tags.set(TAG, true);
    tags.set(TAG, false);
    tags.set(TAG, true);
    slow.release(new Error("connection reset"));
    await h.until(60);
    assert.equal(h.registrar.received.length, 0, "the visit of second 50 passed alice by: her second read is still going on");
    slow.release();
    await h.until(61);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    await h.engine.stop();
  });

  it("a dialog-state table that cannot be read: logged, and every record starts with a new dialog", async () => {
    const dialogs = new MemoryDialogStateStore();
    const failing: DialogStateStore = { ...bind(dialogs), loadAll: () => Promise.reject(new Error("connection refused")) };
    const h = harness({ rows: [row(ALICE)], dialogStates: failing });
    const report = await h.engine.start();
    assert.equal(report.loaded, 1);
    assert.ok(h.logger.lines.some((line) => line.level === "error" && line.msg.startsWith("saved dialogs could not be read")));
    await h.until(51);
    assert.equal(getCSeq(h.registrar.received[0]!.request).seq, 1);
    await h.engine.stop();
  });

  it("a stopped engine has saved every change: stop flushes without waiting for the next batch", async () => {
    const dialogs = new MemoryDialogStateStore();
    const h = harness({ rows: [row(ALICE)], dialogStates: dialogs });
    await h.engine.start();
    await h.until(50.5);
    assert.equal(dialogs.rows[0]?.bindingExpiresMs, null, "the 200 OK's binding end waits for the next batch");
    await h.engine.stop();
    assert.deepEqual([dialogs.rows[0]?.cseq, dialogs.rows[0]?.bindingExpiresMs], [2, 3_650_000]);
  });
});

describe("deleting the saved dialogs of records that left the table (by the owner, epoch-fenced)", () => {
  const BOB = "sip:bob@example.org";
  const bobId = { aor: BOB, contact: `sip:bob@${ENGINE_HOST}:5060`, registrar: REGISTRAR };
  const savedRow = (id: typeof aliceId, shtag: string | null, epoch: number) => ({ ...id, callId: `${id.aor.slice(4, 7)}-call`, fromTag: "abcde", cseq: 4, expiresSec: 3600, bindingExpiresMs: null, shtag, epoch });
  const aors = (dialogs: MemoryDialogStateStore) => dialogs.rows.map((r) => r.aor).sort();

  it("reg_delete and a full reload without the row delete the record's saved dialog with the next batch; the others stay", async () => {
    const dialogs = new MemoryDialogStateStore();
    const h = harness({ rows: [row(ALICE), row(BOB)], dialogStates: dialogs });
    await h.engine.start();
    await h.until(102);
    assert.deepEqual(aors(dialogs), [ALICE, BOB]);
    await h.engine.delete(bobId);
    await h.until(104);
    assert.deepEqual(aors(dialogs), [ALICE]);
    h.store.removeRow(aliceId);
    await h.engine.reload();
    await h.until(106);
    assert.deepEqual(aors(dialogs), []);
    await h.engine.stop();
  });

  it("only the node that holds the record's tag deletes, under its epoch: a node without the tag, or with an older epoch than the row's, leaves it", async () => {
    const tags = new MemoryShtags([TAG]);
    let epoch: number | null = 7;
    const dialogs = new MemoryDialogStateStore();
    const rows = [row(ALICE, { cluster_shtag: "tag1/1" }), row(BOB, { cluster_shtag: "tag1/1" })];
    const h = harness({ rows, config: { enable_clustering: 1 }, shtags: withEpochs(tags, () => epoch), dialogStates: dialogs });
    await h.engine.start();
    await h.until(102);
    assert.deepEqual(dialogs.rows.map((r) => r.epoch), [7, 7]);
    epoch = null;
    await h.engine.delete(aliceId);
    await h.until(104);
    assert.deepEqual(aors(dialogs), [ALICE, BOB], "not held here: the owner deletes it");
    epoch = 6;
    await h.engine.delete(bobId);
    await h.until(106);
    assert.deepEqual(aors(dialogs), [ALICE, BOB], "an epoch below the row's deletes nothing");
    await h.engine.stop();
  });

  it("rows of records no longer in the table: deleted at start (no tag) and by the node that takes their tag over, under its epoch", async () => {
    const tags = new MemoryShtags();
    const dialogs = new MemoryDialogStateStore();
    const gone = { ...bobId, aor: "sip:gone@example.org", contact: `sip:gone@${ENGINE_HOST}:5060` };
    const goneTagged = { ...bobId, aor: "sip:gone2@example.org", contact: `sip:gone2@${ENGINE_HOST}:5060` };
    const goneOtherTag = { ...bobId, aor: "sip:gone3@example.org", contact: `sip:gone3@${ENGINE_HOST}:5060` };
    dialogs.putRow(savedRow(aliceId, "tag1/1", 3));
    dialogs.putRow(savedRow(gone, null, 0));
    dialogs.putRow(savedRow(goneTagged, "tag1/1", 3));
    dialogs.putRow(savedRow(goneOtherTag, "tag2/1", 3));
    const h = harness({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: withEpochs(tags, () => 4), dialogStates: dialogs });
    await h.engine.start();
    await h.until(2);
    assert.deepEqual(aors(dialogs), [ALICE, goneTagged.aor, goneOtherTag.aor], "at start only the untagged orphan: the tagged ones belong to their tags' holders");
    tags.set(TAG, true);
    await h.until(4);
    assert.deepEqual(aors(dialogs), [ALICE, goneOtherTag.aor], "the taker of tag1/1 deleted its orphan, not tag2/1's");
    assert.deepEqual([dialogs.row(aliceId)?.epoch, dialogs.row(aliceId)?.callId], [4, "ali-call"], "alice continues, saved again under epoch 4");
    await h.engine.stop();
  });
});

function bind(store: MemoryDialogStateStore): DialogStateStore {
  return {
    prepare: () => store.prepare(),
    loadAll: () => store.loadAll(),
    loadShtag: (shtag) => store.loadShtag(shtag),
    save: (states) => store.save(states),
    remove: (removals) => store.remove(removals),
  };
}
