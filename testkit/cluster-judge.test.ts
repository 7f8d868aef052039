/**
 * The cluster judge on hand-made transcripts: three nodes (127.0.0.11/.12/.13) registering AORs
 * at a registrar that grants 30 s; each case writes the transcript lines a run would produce and
 * checks what the judge finds.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ClusterJudge, refreshRule } from "./cluster-judge.js";
import { maxLateness, reportTakeovers, savedNotSent, takeovers } from "./cluster-takeover.js";
import { readRegisterExchange, type TranscriptLine } from "./register-exchanges.js";
import { TranscriptTail } from "./transcript-tail.js";

const NODES: Record<string, string> = { "udp:127.0.0.11:5070": "n1", "udp:127.0.0.12:5070": "n2", "udp:127.0.0.13:5070": "n3" };
const nodeOf = (source: string): string => NODES[source] ?? `unknown ${source}`;

interface Send {
  readonly atSec: number;
  readonly node: "n1" | "n2" | "n3";
  readonly user: string;
  readonly callId: string;
  readonly cseq: number;
  /** The registrar answers 200 with this lifetime after 10 ms; null: no answer in the transcript. */
  readonly grantedSec?: number | null;
  readonly status?: number;
  readonly branch?: string;
}

function sourceOf(node: string): string {
  return Object.keys(NODES).find((source) => NODES[source] === node) ?? "";
}

function register(send: Send): TranscriptLine {
  const source = sourceOf(send.node);
  const host = source.split(":")[1] ?? "";
  const raw = [
    "REGISTER sip:127.0.0.1:5060 SIP/2.0",
    `Via: SIP/2.0/UDP ${host}:5070;branch=${send.branch ?? `z9hG4bK${send.callId}${send.cseq}`}`,
    `From: <sip:${send.user}@lab.test>;tag=f-${send.callId}`,
    `To: <sip:${send.user}@lab.test>`,
    `Call-ID: ${send.callId}`,
    `CSeq: ${send.cseq} REGISTER`,
    `Contact: <sip:${send.user}@127.0.0.1:5070>;expires=30`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return { atMs: send.atSec * 1000, direction: "in", peer: source, raw, aor: `sip:${send.user}@lab.test` };
}

function answer(send: Send): TranscriptLine {
  const status = send.status ?? 200;
  const raw = [
    `SIP/2.0 ${status} ${status === 200 ? "OK" : "Server Error"}`,
    `Via: SIP/2.0/UDP x:5070;branch=z9hG4bK${send.callId}${send.cseq}`,
    `From: <sip:${send.user}@lab.test>;tag=f-${send.callId}`,
    `To: <sip:${send.user}@lab.test>;tag=r`,
    `Call-ID: ${send.callId}`,
    `CSeq: ${send.cseq} REGISTER`,
    ...(status === 200 ? [`Contact: <sip:${send.user}@127.0.0.1:5070>;expires=${send.grantedSec ?? 30}`] : []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  return { atMs: send.atSec * 1000 + 10, direction: "out", peer: sourceOf(send.node), raw, aor: `sip:${send.user}@lab.test` };
}

function linesOf(sends: readonly Send[]): TranscriptLine[] {
  return sends.flatMap((send) => (send.grantedSec === null ? [register(send)] : [register(send), answer(send)]));
}

function judge(sends: readonly Send[]): ClusterJudge {
  const result = new ClusterJudge(nodeOf);
  for (const line of linesOf(sends)) {
    const exchange = readRegisterExchange(line);
    if (exchange !== null) result.hear(exchange);
  }
  return result;
}

/** alice registered by n1 at 0 s, refreshed at 15 s and 30 s (granted 30 s each). */
/** Refresh at 50% of the lifetime with timer_interval 0: due 15 s after a 30 s grant. */
const HALF = refreshRule(50, 0);

const ALICE_STEADY: Send[] = [
  { atSec: 0, node: "n1", user: "alice", callId: "a1", cseq: 1 },
  { atSec: 15, node: "n1", user: "alice", callId: "a1", cseq: 2 },
  { atSec: 30, node: "n1", user: "alice", callId: "a1", cseq: 3 },
];

describe("cluster judge", () => {
  it("reads who sent each REGISTER, its Call-ID, CSeq and the lifetime granted", () => {
    const found = judge(ALICE_STEADY).registrations("sip:alice@lab.test");
    assert.deepEqual(
      found.map((r) => [r.atMs, r.node, r.callId, r.cseq, r.status, r.grantedSec]),
      [
        [0, "n1", "a1", 1, 200, 30],
        [15_000, "n1", "a1", 2, 200, 30],
        [30_000, "n1", "a1", 3, 200, 30],
      ],
    );
    assert.equal(found[0]?.fromTag, "f-a1");
  });

  it("a takeover that continues the dialog in time is neither a lapse nor a duplicate", () => {
    const result = judge([...ALICE_STEADY.slice(0, 2), { atSec: 40, node: "n2", user: "alice", callId: "a1", cseq: 3 }]);
    assert.deepEqual(result.lapses(50_000), []);
    assert.deepEqual(result.duplicateDialogs(), []);
    assert.equal(result.firstAfter("sip:alice@lab.test", 20_000)?.node, "n2");
    assert.equal(result.lastBefore("sip:alice@lab.test", 20_000)?.node, "n1");
  });

  it("a refresh after the binding ran out is a lapse, with when it expired and when it came back", () => {
    const result = judge([ALICE_STEADY[0] as Send, { atSec: 31, node: "n2", user: "alice", callId: "a1", cseq: 2 }]);
    assert.deepEqual(result.lapses(40_000), [{ aor: "sip:alice@lab.test", node: "n1", expiredAtMs: 30_010, renewedAtMs: 31_010 }]);
  });

  it("a binding never renewed before the end of the run is a lapse; one still running is not", () => {
    const result = judge([ALICE_STEADY[0] as Send]);
    assert.deepEqual(result.lapses(30_000), []);
    assert.deepEqual(result.lapses(31_000), [{ aor: "sip:alice@lab.test", node: "n1", expiredAtMs: 30_010, renewedAtMs: null }]);
  });

  it("a refused refresh does not renew: the binding lapses at the end of the last grant", () => {
    const result = judge([ALICE_STEADY[0] as Send, { atSec: 15, node: "n1", user: "alice", callId: "a1", cseq: 2, status: 500 }, { atSec: 35, node: "n1", user: "alice", callId: "a1", cseq: 3 }]);
    assert.deepEqual(
      result.lapses(40_000).map((lapse) => [lapse.expiredAtMs, lapse.renewedAtMs]),
      [[30_010, 35_010]],
    );
  });

  it("a new Call-ID where the dialog should continue is a duplicate-dialog REGISTER", () => {
    const result = judge([...ALICE_STEADY.slice(0, 2), { atSec: 20, node: "n2", user: "alice", callId: "a2", cseq: 1 }]);
    assert.deepEqual(result.duplicateDialogs(), [{ aor: "sip:alice@lab.test", kind: "new-call-id", atMs: 20_000, node: "n2", previousNode: "n1", callId: "a2", cseq: 1 }]);
  });

  it("two nodes sending the same CSeq on one dialog (both active in one epoch) is a duplicate", () => {
    const result = judge([...ALICE_STEADY.slice(0, 2), { atSec: 16, node: "n2", user: "alice", callId: "a1", cseq: 2 }]);
    assert.deepEqual(
      result.duplicateDialogs().map((d) => [d.kind, d.node, d.previousNode, d.cseq]),
      [["cseq-not-above", "n2", "n1", 2]],
    );
  });

  it("a stale node going back to a lower CSeq is a duplicate", () => {
    const result = judge([...ALICE_STEADY, { atSec: 31, node: "n3", user: "alice", callId: "a1", cseq: 2 }]);
    assert.deepEqual(
      result.duplicateDialogs().map((d) => [d.kind, d.node, d.cseq]),
      [["cseq-not-above", "n3", 2]],
    );
  });

  it("a UDP retransmission (same node, CSeq and branch) is one send, not a duplicate", () => {
    const first = ALICE_STEADY[0] as Send;
    const result = judge([{ ...first, grantedSec: null }, first]);
    assert.equal(result.registrations("sip:alice@lab.test").length, 1);
    assert.equal(result.retransmissions, 1);
    assert.deepEqual(result.duplicateDialogs(), []);
    assert.equal(result.sentBetween(0, 60_000), 1);
  });

  it("counts records never registered, and registered more than once (a second dialog or the same CSeq again)", () => {
    const result = judge([
      ...ALICE_STEADY,
      { atSec: 1, node: "n2", user: "bob", callId: "b1", cseq: 1 },
      { atSec: 2, node: "n3", user: "bob", callId: "b2", cseq: 1 },
      { atSec: 1, node: "n3", user: "carol", callId: "c1", cseq: 1, status: 500 },
      { atSec: 3, node: "n2", user: "erin", callId: "e1", cseq: 1 },
      { atSec: 4, node: "n3", user: "erin", callId: "e1", cseq: 1, branch: "other" },
      { atSec: 12, node: "n3", user: "frank", callId: "f1", cseq: 1 },
    ]);
    const aors = ["alice", "bob", "carol", "dave", "erin", "frank"].map((user) => `sip:${user}@lab.test`);
    // alice's refreshes continue her dialog: one registration. frank's 2xx comes after the window.
    assert.deepEqual(result.startCount(aors, 10_000), {
      never: ["sip:carol@lab.test", "sip:dave@lab.test", "sip:frank@lab.test"],
      moreThanOnce: ["sip:bob@lab.test", "sip:erin@lab.test"],
    });
  });

  it("tells which nodes sent for an AOR in a window", () => {
    const result = judge([...ALICE_STEADY.slice(0, 2), { atSec: 40, node: "n2", user: "alice", callId: "a1", cseq: 3 }]);
    assert.deepEqual([...result.sendersBetween("sip:alice@lab.test", 10_000, 50_000)].sort(), ["n1", "n2"]);
    assert.deepEqual([...result.sendersBetween("sip:alice@lab.test", 30_000, 50_000)], ["n2"]);
  });

  it("counts the refreshes due in a window (the burst reference) apart from those sent", () => {
    const result = judge([...ALICE_STEADY, { atSec: 31, node: "n2", user: "bob", callId: "b1", cseq: 1 }, { atSec: 32, node: "n2", user: "bob", callId: "b2", cseq: 1 }]);
    assert.equal(result.dueBetween(20_000, 50_000, HALF), 4);
    // Refresh at 50% of 30 s: alice's grants at 0, 15 and 30 s fall due at 15, 30 and 45 s, bob's at 46 and 47 s;
    // with timer_interval 2 (D1) each 2 s sooner: 13, 28, 43, 44, 45 s.
    assert.equal(result.dueBetween(14_000, 46_000, HALF), 3);
    assert.equal(result.dueBetween(14_000, 46_000, refreshRule(50, 2)), 4);
    assert.equal(result.sentBetween(20_000, 50_000, new Set(["n2"])), 2);
    assert.equal(result.sentBetween(20_000, 50_000), 3);
  });

  it("reads a transcript file while it grows, a line cut mid-write waiting for the next read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-judge-"));
    const path = join(dir, "transcript.jsonl");
    const result = new ClusterJudge(nodeOf);
    const tail = new TranscriptTail(path, (exchange) => result.hear(exchange));
    const [one, two, three, four] = linesOf(ALICE_STEADY.slice(0, 2)).map((line) => JSON.stringify(line) + "\n");
    await writeFile(path, (one ?? "") + (two ?? "") + "not json\n" + (three ?? "").slice(0, 40));
    assert.equal(await tail.read(), 3);
    assert.equal(result.registrations("sip:alice@lab.test").length, 1);
    await appendFile(path, (three ?? "").slice(40) + (four ?? ""));
    assert.equal(await tail.read(), 2);
    assert.deepEqual(
      result.registrations("sip:alice@lab.test").map((r) => [r.cseq, r.grantedSec]),
      [
        [1, 30],
        [2, 30],
      ],
    );
    assert.equal(tail.badLines, 1);
  });
});

describe("takeover report", () => {
  // n1 holds alice (due at 15.01 s) and bob (due at 16.01 s); n2 holds carol. n1 goes at 10 s.
  const BEFORE: Send[] = [
    { atSec: 0, node: "n1", user: "alice", callId: "a1", cseq: 4 },
    { atSec: 1, node: "n1", user: "bob", callId: "b1", cseq: 7 },
    { atSec: 2, node: "n2", user: "carol", callId: "c1", cseq: 1 },
  ];
  const AORS = ["alice", "bob", "carol"].map((user) => `sip:${user}@lab.test`);

  it("names each orphan's taker, checks the dialog continues, and measures lateness against max(leaving, due)", () => {
    const result = judge([...BEFORE, { atSec: 17, node: "n2", user: "alice", callId: "a1", cseq: 5 }, { atSec: 18, node: "n3", user: "bob", callId: "b1", cseq: 8 }]);
    const report = reportTakeovers(takeovers(result, AORS, "n1", 10_000, HALF), 10_000);
    assert.equal(report.orphans, 2);
    assert.deepEqual(report.waiting, []);
    assert.deepEqual(report.brokenDialog, []);
    assert.deepEqual(report.leaverSent, []);
    assert.deepEqual(report.overlapping, []);
    assert.equal(report.leaverQuietAfterMs, null);
    // bob fell due at 16.01 s and was sent at 18 s.
    assert.equal(report.maxLatenessMs, 1990);
    assert.equal(report.allRefreshedAfterMs, 8000);
  });

  it("measures lateness from when the taker held the tag, when that came after the record fell due", () => {
    const list = takeovers(judge([...BEFORE, { atSec: 18, node: "n3", user: "bob", callId: "b1", cseq: 8 }]), AORS, "n1", 10_000, HALF);
    // bob fell due at 16.01 s, sent at 18 s: 1.99 s late from the leaving, 0.5 s from n3 holding his tag at 17.5 s.
    assert.equal(maxLateness(list, () => 10_000), 1990);
    assert.equal(maxLateness(list, () => 17_500), 500);
    // A tag held before the record fell due: lateness counts from the due time.
    assert.equal(maxLateness(list, () => 12_000), 1990);
  });

  it("a takeover with a new Call-ID or a CSeq that skips is a broken dialog; one not sent yet is waiting", () => {
    const result = judge([...BEFORE, { atSec: 17, node: "n2", user: "alice", callId: "a2", cseq: 1 }]);
    const report = reportTakeovers(takeovers(result, AORS, "n1", 10_000, HALF), 10_000);
    assert.deepEqual(report.brokenDialog.map((t) => t.aor), ["sip:alice@lab.test"]);
    assert.deepEqual(report.waiting, ["sip:bob@lab.test"]);
    assert.equal(report.allRefreshedAfterMs, null);
    const skipped = judge([...BEFORE, { atSec: 17, node: "n2", user: "alice", callId: "a1", cseq: 6 }]);
    assert.equal(reportTakeovers(takeovers(skipped, AORS, "n1", 10_000, HALF), 10_000).brokenDialog.length, 1);
  });

  it("one CSeq skipped in the same dialog is a save not sent only for a refresh due before the event", () => {
    // alice's refresh fell due at 15.01 s; n2 continues her dialog at 17 s.
    const broken = (cseq: number, callId = "a1") =>
      reportTakeovers(takeovers(judge([...BEFORE, { atSec: 17, node: "n2", user: "alice", callId, cseq }]), AORS, "n1", 10_000, HALF), 10_000).brokenDialog;
    // The engine counts whole seconds: it may refresh her from 14.01 s on.
    assert.deepEqual(
      savedNotSent(broken(6), 14_011).map((t) => t.aor),
      ["sip:alice@lab.test"],
    );
    // Due after the event: n1 had no send of hers pending when it left.
    assert.deepEqual(savedNotSent(broken(6), 14_010), []);
    assert.deepEqual(savedNotSent(broken(7), 16_000), []);
    assert.deepEqual(savedNotSent(broken(6, "a2"), 16_000), []);
    assert.deepEqual(savedNotSent(broken(5), 16_000), []);
  });

  it("the node that left may send until it goes quiet; the takeover continues from its last CSeq; sending after the takeover overlaps", () => {
    const result = judge([
      ...BEFORE,
      { atSec: 15, node: "n1", user: "alice", callId: "a1", cseq: 5 },
      { atSec: 28, node: "n2", user: "alice", callId: "a1", cseq: 6 },
      { atSec: 16, node: "n1", user: "bob", callId: "b1", cseq: 8 },
      { atSec: 25, node: "n2", user: "bob", callId: "b1", cseq: 9 },
      { atSec: 26, node: "n1", user: "bob", callId: "b1", cseq: 10 },
    ]);
    const report = reportTakeovers(takeovers(result, AORS, "n1", 10_000, HALF), 10_000);
    assert.deepEqual(report.leaverSent, ["sip:alice@lab.test", "sip:bob@lab.test"]);
    assert.deepEqual(report.brokenDialog, []);
    assert.deepEqual(report.overlapping.map((t) => t.aor), ["sip:bob@lab.test"]);
    assert.equal(report.leaverQuietAfterMs, 16_000);
    // alice's last 2xx (15.01 s) fell due at 30.01 s: taken over before it, not late.
    assert.equal(report.maxLatenessMs, 0);
  });
});
