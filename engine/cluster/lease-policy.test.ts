import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideLeases, fairShare, safetyDeadline, type HeldLease, type LeaseRow, type PolicyInput } from "./lease-policy.js";

const TAGS = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, "0")}/1`);

function row(tag: string, fields: Partial<LeaseRow> = {}): LeaseRow {
  return { tag, owner: null, epoch: 0, live: false, wantedBy: null, ageMs: null, ...fields };
}

function input(fields: Partial<PolicyInput> & { rows?: LeaseRow[]; live?: string[] }): PolicyInput {
  const rows = fields.rows ?? TAGS.map((tag) => row(tag));
  return {
    node: "a",
    tags: TAGS,
    held: new Map(),
    nowMs: 1_000,
    preferred: new Map(),
    ...fields,
    snapshot: { leases: rows, nodes: (fields.live ?? ["a", "b", "c"]).map((node) => ({ node, live: true, heartbeatAgeMs: 0 })) },
  };
}

const kinds = (actions: ReturnType<typeof decideLeases>, kind: string): string[] => actions.filter((a) => a.kind === kind).map((a) => a.tag);

describe("lease policy", () => {
  it("the safety deadline is the renew's send time + TTL - margin; the share is ceil(tags / live nodes)", () => {
    assert.equal(safetyDeadline(5_000, 10_000, 1_000), 14_000);
    assert.equal(fairShare(30, 3), 10);
    assert.equal(fairShare(31, 3), 11);
    assert.equal(fairShare(30, 0), 30);
  });

  it("a node takes free tags up to its share, each at the epoch it saw", () => {
    const actions = decideLeases(input({ rows: TAGS.map((tag) => row(tag, { epoch: 4 })) }));
    assert.equal(kinds(actions, "acquire").length, 10);
    assert.ok(actions.every((a) => a.kind === "acquire" && a.seenEpoch === 4));
  });

  it("nodes starting together reach for different free tags first", () => {
    const first = (node: string): string[] => kinds(decideLeases(input({ node })), "acquire");
    assert.notDeepEqual(first("a"), first("b"));
  });

  it("a live lease of another node is never taken, however loaded that node is", () => {
    const rows = TAGS.map((tag) => row(tag, { owner: "b", epoch: 1, live: true, ageMs: 5 }));
    assert.deepEqual(decideLeases(input({ rows })), []);
  });

  it("an expired lease of another node is taken (failover)", () => {
    const rows = TAGS.map((tag, i) => row(tag, { owner: "b", epoch: 3, live: i >= 2 }));
    const actions = decideLeases(input({ rows, live: ["a"] }));
    assert.deepEqual(kinds(actions, "acquire").sort(), [TAGS[0], TAGS[1]]);
  });

  it("an over-loaded node releases its surplus when a node joins, and takes nothing", () => {
    const held = new Map<string, HeldLease>(TAGS.slice(0, 15).map((tag) => [tag, { epoch: 1, deadlineMs: 9_000 }]));
    const rows = TAGS.map((tag, i) => row(tag, i < 15 ? { owner: "a", epoch: 1, live: true } : { owner: "b", epoch: 1, live: true }));
    const actions = decideLeases(input({ rows, held }));
    assert.equal(kinds(actions, "release").length, 5);
    assert.ok(actions.every((a) => a.kind === "release" && a.reason === "balance" && a.epoch === 1));
  });

  it("a held lease past its safety deadline is lost, whatever the table says", () => {
    const held = new Map<string, HeldLease>([[TAGS[0]!, { epoch: 1, deadlineMs: 1_000 }]]);
    const rows = TAGS.map((tag, i) => row(tag, i === 0 ? { owner: "a", epoch: 1, live: true } : {}));
    assert.deepEqual(decideLeases(input({ rows, held, live: ["a"] }))[0], { kind: "lose", tag: TAGS[0], reason: "deadline" });
  });

  it("a held lease whose row names another owner or epoch is lost", () => {
    const held = new Map<string, HeldLease>([[TAGS[0]!, { epoch: 1, deadlineMs: 9_000 }]]);
    const rows = TAGS.map((tag, i) => row(tag, i === 0 ? { owner: "b", epoch: 2, live: true } : { owner: "b", epoch: 1, live: true }));
    assert.deepEqual(decideLeases(input({ rows, held })), [{ kind: "lose", tag: TAGS[0], reason: "taken" }]);
  });

  it("set_active: the holder releases a tag wanted by a live node; that node takes it beyond its share, no one else does", () => {
    const tag = TAGS[0]!;
    const held = new Map<string, HeldLease>([[tag, { epoch: 2, deadlineMs: 9_000 }]]);
    const wanted = TAGS.map((t) => row(t, t === tag ? { owner: "a", epoch: 2, live: true, wantedBy: "b" } : { owner: "c", epoch: 1, live: true }));
    assert.deepEqual(decideLeases(input({ rows: wanted, held })), [{ kind: "release", tag, epoch: 2, reason: "requested" }]);
    const freed = TAGS.map((t) => row(t, t === tag ? { epoch: 2, wantedBy: "b" } : { owner: "c", epoch: 1, live: true }));
    assert.deepEqual(decideLeases(input({ rows: freed, node: "a" })), []);
    const full = new Map<string, HeldLease>(TAGS.slice(1, 11).map((t) => [t, { epoch: 1, deadlineMs: 9_000 }]));
    const rowsB = TAGS.map((t, i) => row(t, t === tag ? { epoch: 2, wantedBy: "b" } : { owner: i <= 10 ? "b" : "c", epoch: 1, live: true }));
    assert.deepEqual(kinds(decideLeases(input({ rows: rowsB, node: "b", held: full })), "acquire"), [tag]);
  });

  it("a wish of a node that is not alive is ignored", () => {
    const rows = TAGS.map((t, i) => row(t, i === 0 ? { wantedBy: "gone" } : { owner: "b", epoch: 1, live: true }));
    assert.deepEqual(kinds(decideLeases(input({ rows })), "acquire"), [TAGS[0]]);
  });

  it("preferred: the holder releases the tag while its preferred node is alive", () => {
    const tag = TAGS[0]!;
    const held = new Map<string, HeldLease>([[tag, { epoch: 1, deadlineMs: 9_000 }]]);
    const rows = TAGS.map((t) => row(t, t === tag ? { owner: "a", epoch: 1, live: true } : { owner: "c", epoch: 1, live: true }));
    const preferred = new Map([[tag, "b"]]);
    assert.deepEqual(decideLeases(input({ rows, held, preferred })), [{ kind: "release", tag, epoch: 1, reason: "preferred" }]);
    assert.deepEqual(decideLeases(input({ rows, held, preferred, live: ["a", "c"] })), []);
  });
});
