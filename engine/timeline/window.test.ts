import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunLogEntry } from "../registrant/index.js";
import { timelineFromRunLog } from "./from-run-log.js";
import { timelineFromStatusReports, type IdentifierReports } from "./from-status-reports.js";
import { windowRunLog, windowStatusReports, WHOLE_RUN } from "./window.js";

const ALICE = { aor: "sip:alice@example.org", contact: "sip:alice@10.0.0.1:5060", registrar: "sip:example.org" };
const TRUNK = { aor: "sip:Trunk-7@carrier.example", contact: "sip:trunk7@10.0.0.1:5060", registrar: "sip:carrier.example" };
const T0 = 1_000_000;

function state(subject: typeof ALICE, atMs: number, from: string, to: string): RunLogEntry {
  return { ...subject, atMs, kind: "state", from, to, rule: "test" };
}

function sent(subject: typeof ALICE, atMs: number): RunLogEntry {
  return { ...subject, atMs, kind: "sip-out", request: "register", callId: "c", cseq: 1, detached: false, credentials: false, destination: "udp:10.0.0.2:5060" };
}

/** alice registers at 10 s and refreshes at 100 s; the trunk fails at 20 s and registers at 200 s. */
const LOG: RunLogEntry[] = [
  sent(ALICE, T0 + 10_000),
  state(ALICE, T0 + 10_000, "NOT_REGISTERED_STATE", "REGISTERING_STATE"),
  state(ALICE, T0 + 10_002, "REGISTERING_STATE", "REGISTERED_STATE"),
  sent(TRUNK, T0 + 20_000),
  state(TRUNK, T0 + 20_000, "NOT_REGISTERED_STATE", "REGISTERING_STATE"),
  state(TRUNK, T0 + 20_005, "REGISTERING_STATE", "REGISTRAR_ERROR_STATE"),
  sent(ALICE, T0 + 100_000),
  sent(TRUNK, T0 + 200_000),
  state(TRUNK, T0 + 200_000, "REGISTRAR_ERROR_STATE", "REGISTERING_STATE"),
  state(TRUNK, T0 + 200_003, "REGISTERING_STATE", "REGISTERED_STATE"),
];

describe("part of a run log (uacreg timeline --aor --from --to)", () => {
  it("the whole run is the log as it is", () => {
    const whole = windowRunLog(LOG, WHOLE_RUN);
    assert.deepEqual(whole.entries, LOG);
    assert.equal(whole.initialStates.size, 0);
    assert.deepEqual(whole.earlierRecords, []);
  });

  it("--aor keeps the records whose AOR contains the text, in any case", () => {
    const { entries } = windowRunLog(LOG, { ...WHOLE_RUN, aors: ["trunk-7"] });
    assert.deepEqual(new Set(entries.map((entry) => entry.aor)), new Set([TRUNK.aor]));
    assert.equal(entries.length, 6);
    assert.equal(windowRunLog(LOG, { ...WHOLE_RUN, aors: ["nobody", "ALICE"] }).entries.length, 4);
  });

  it("--from and --to keep what happened between them, both ends included", () => {
    const { entries } = windowRunLog(LOG, { aors: [], fromMs: T0 + 20_000, toMs: T0 + 100_000 });
    assert.deepEqual(entries.map((entry) => entry.atMs - T0), [20_000, 20_000, 20_005, 100_000]);
  });

  it("a lane starts in the state its record was in when the window opens, not in an assumed one", () => {
    const window = { aors: [], fromMs: T0 + 150_000, toMs: null };
    const shown = windowRunLog(LOG, window);
    assert.deepEqual(Object.fromEntries([...shown.initialStates].map(([key, value]) => [key.split("\n")[0], value])), {
      [ALICE.aor]: "REGISTERED_STATE",
      [TRUNK.aor]: "REGISTRAR_ERROR_STATE",
    });
    const model = timelineFromRunLog(shown.entries, { axis: "wall", startMs: T0 + 150_000, records: shown.earlierRecords, initialStates: shown.initialStates });
    const lanes = Object.fromEntries(model.lanes.map((lane) => [lane.label, lane.segments.map((s) => [s.state, s.from.atMs - T0, s.assumed])]));
    // Nothing on this page is assumed, so the page does not explain assumed stretches.
    assert.deepEqual(model.notes, []);
    // alice is quiet in the window but keeps her lane, REGISTERED throughout.
    assert.deepEqual(lanes[ALICE.aor], [["REGISTERED_STATE", 150_000, false]]);
    assert.deepEqual(lanes[TRUNK.aor], [
      ["REGISTRAR_ERROR_STATE", 150_000, false],
      ["REGISTERING_STATE", 200_000, false],
      ["REGISTERED_STATE", 200_003, false],
    ]);
  });
});

describe("part of a Status/Report history", () => {
  const identifiers: IdentifierReports[] = [
    {
      name: `aor=${TRUNK.aor};contact=${TRUNK.contact};registrar=${TRUNK.registrar}`,
      reports: [
        { atSec: 100, state: "NOT_REGISTERED_STATE", created: true },
        { atSec: 120, state: "REGISTERING_STATE", created: false },
        { atSec: 121, state: "REGISTERED_STATE", created: false },
        { atSec: 500, state: "REGISTER_TIMEOUT_STATE", created: false },
      ],
    },
    { name: `aor=${ALICE.aor};contact=${ALICE.contact};registrar=${ALICE.registrar}`, reports: [{ atSec: 100, state: "NOT_REGISTERED_STATE", created: true }] },
  ];

  it("keeps the identifiers whose AOR matches, and moves the last report before the window to its start", () => {
    const shown = windowStatusReports(identifiers, { aors: ["trunk"], fromMs: 200_000, toMs: 600_000 });
    assert.equal(shown.length, 1);
    assert.deepEqual(
      shown[0]!.reports.map((report) => [report.atSec, report.state]),
      [
        [200, "REGISTERED_STATE"],
        [500, "REGISTER_TIMEOUT_STATE"],
      ],
    );
    // The moved report is not mistaken for history OpenSIPS dropped (its 20-report cap).
    assert.equal(timelineFromStatusReports(shown).notes.some((note) => note.includes("older ones are gone")), false);
  });

  it("--aor looks at the identifier's AOR only, not at its contact or registrar", () => {
    assert.deepEqual(windowStatusReports(identifiers, { aors: ["carrier.example"], fromMs: null, toMs: null }).map((identifier) => identifier.name), [identifiers[0]!.name]);
    // Both identifiers' contacts are on 10.0.0.1 and alice's registrar is example.org: no AOR holds either.
    assert.deepEqual(windowStatusReports(identifiers, { aors: ["10.0.0.1"], fromMs: null, toMs: null }), []);
    assert.deepEqual(windowStatusReports(identifiers, { aors: ["registrar="], fromMs: null, toMs: null }), []);
  });

  it("drops what comes after --to, and identifiers with nothing left", () => {
    const shown = windowStatusReports(identifiers, { aors: [], fromMs: null, toMs: 110_000 });
    assert.deepEqual(shown.map((identifier) => identifier.reports.length), [1, 1]);
    assert.deepEqual(windowStatusReports(identifiers, { aors: [], fromMs: null, toMs: 50_000 }), []);
  });
});
