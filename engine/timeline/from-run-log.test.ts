import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunLogEntry } from "../registrant/index.js";
import { timelineFromRunLog } from "./from-run-log.js";

const ALICE = { aor: "sip:alice@example.org", contact: "sip:alice@10.0.0.1:5060", registrar: "sip:example.org" };
const BOB = { aor: "sip:bob@example.org", contact: "sip:bob@10.0.0.1:5060", registrar: "sip:example.org" };
const T0 = 1_000_000;

/** A challenged registration of alice at second 50: the engine's own order of entries. */
function challenged(subject = ALICE, atMs = T0 + 50_000): RunLogEntry[] {
  const sip = { callId: "c1", detached: false };
  return [
    { ...subject, atMs, kind: "state", from: "NOT_REGISTERED_STATE", to: "REGISTERING_STATE", rule: "visit-register" },
    { ...subject, atMs, kind: "event", name: "E_REGISTRANT_REGISTERING" },
    { ...subject, atMs, kind: "sip-out", request: "register", ...sip, cseq: 1, credentials: false, destination: "udp:10.0.0.2:5060" },
    { ...subject, atMs: atMs + 2, kind: "sip-in", ...sip, cseq: 1, outcome: "response", status: 401 },
    { ...subject, atMs: atMs + 2, kind: "state", from: "REGISTERING_STATE", to: "AUTHENTICATING_STATE", rule: "auth-register" },
    { ...subject, atMs: atMs + 2, kind: "sip-out", request: "register", ...sip, cseq: 2, credentials: true, destination: "udp:10.0.0.2:5060" },
    { ...subject, atMs: atMs + 4, kind: "sip-in", ...sip, cseq: 2, outcome: "response", status: 200 },
    { ...subject, atMs: atMs + 4, kind: "state", from: "AUTHENTICATING_STATE", to: "REGISTERED_STATE", rule: "2xx-registered" },
  ];
}

describe("timeline model from a run log", () => {
  it("gives a record one lane whose states follow the log, the first one assumed from the first change", () => {
    const model = timelineFromRunLog(challenged(), { axis: "simulated", startMs: T0, endMs: T0 + 100_000 });
    assert.equal(model.lanes.length, 1);
    const lane = model.lanes[0]!;
    assert.equal(lane.label, ALICE.aor);
    assert.deepEqual(
      lane.segments.map((s) => [s.state, s.from.atMs - T0, s.to.atMs - T0, s.assumed]),
      [
        ["NOT_REGISTERED_STATE", 0, 50_000, true],
        ["REGISTERING_STATE", 50_000, 50_002, false],
        ["AUTHENTICATING_STATE", 50_002, 50_004, false],
        ["REGISTERED_STATE", 50_004, 100_000, false],
      ],
    );
    assert.match(model.notes.join(" "), /the hatched stretch before a lane's first state change is that change's "from" state/);
  });

  it("marks requests, answers and events, in order, with what a reader needs", () => {
    const lane = timelineFromRunLog(challenged(), { axis: "simulated", startMs: T0 }).lanes[0]!;
    assert.deepEqual(
      lane.markers.map((m) => [m.kind, m.label]),
      [
        ["event", "E_REGISTRANT_REGISTERING"],
        ["request", "REGISTER"],
        ["response", "401"],
        ["request", "REGISTER +auth"],
        ["response", "200"],
      ],
    );
    assert.equal(lane.markers[3]!.detail, "REGISTER +auth CSeq 2 to udp:10.0.0.2:5060");
  });

  it("keeps things of the same millisecond in log order (the 401 before the REGISTER it causes)", () => {
    const lane = timelineFromRunLog(challenged(), { axis: "simulated", startMs: T0 }).lanes[0]!;
    const [answer, retry] = [lane.markers[2]!, lane.markers[3]!];
    assert.equal(answer.at.atMs, retry.at.atMs);
    assert.ok(answer.at.seq < retry.at.seq);
  });

  it("ends at the last entry when no end is given, and starts no later than the first entry", () => {
    const model = timelineFromRunLog(challenged(), { axis: "wall", startMs: T0 + 60_000 });
    assert.equal(model.start.atMs, T0 + 50_000);
    assert.equal(model.end.atMs, T0 + 50_004);
  });

  it("gives each record its own lane, the records asked for first and in that order, even without entries", () => {
    const carol = { ...ALICE, aor: "sip:carol@example.org", contact: "sip:carol@10.0.0.1:5060" };
    const model = timelineFromRunLog([...challenged(ALICE), ...challenged(BOB, T0 + 60_000)], { axis: "simulated", startMs: T0, records: [carol, BOB] });
    assert.deepEqual(
      model.lanes.map((lane) => lane.label),
      [carol.aor, BOB.aor, ALICE.aor],
    );
    assert.deepEqual(
      model.lanes[0]!.segments.map((s) => [s.state, s.assumed]),
      [["NOT_REGISTERED_STATE", true]],
    );
  });

  it("derives the ladder from the SIP entries when no transcript is given", () => {
    const timeout: RunLogEntry = { ...BOB, atMs: T0 + 30_000, kind: "sip-in", callId: "b", cseq: 1, outcome: "timeout", status: null, detached: false };
    const ladder = timelineFromRunLog([...challenged(), timeout], { axis: "wall" }).ladder;
    assert.deepEqual(
      ladder.map((m) => [m.toServer, m.summary, m.missing]),
      [
        [true, "REGISTER CSeq 1", false],
        [false, "401 CSeq 1", false],
        [true, "REGISTER CSeq 2 with credentials", false],
        [false, "200 CSeq 2", false],
        [false, "no answer (timeout) CSeq 1", true],
      ],
    );
    assert.equal(ladder[1]!.server, "udp:10.0.0.2:5060");
  });
});
