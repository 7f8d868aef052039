import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { readTimelineInput, TimelineInputError } from "./read-input.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/timeline/${name}`, import.meta.url), "utf8");
const SUBJECT = '"aor":"sip:a@x","contact":"sip:a@1.2.3.4","registrar":"sip:x"';
const STATE = `{"atMs":1000,${SUBJECT},"kind":"state","from":"NOT_REGISTERED_STATE","to":"REGISTERING_STATE","rule":"visit-register"}`;

describe("timeline input: run log (JSON lines)", () => {
  it("reads the sample run log: one lane per record, wall-clock axis", () => {
    const read = readTimelineInput(fixture("run-log.jsonl"), "run-log.jsonl");
    assert.equal(read.source, "run-log");
    assert.equal(read.model.axis, "wall");
    assert.deepEqual(
      read.model.lanes.map((lane) => lane.label),
      ["sip:alice@example.org", "sip:bob@example.org"],
    );
    assert.equal(read.skipped.length, 0);
    assert.ok(read.model.lanes[1]!.segments.some((s) => s.state === "WRONG_CREDENTIALS_STATE"));
  });

  it("skips a bad line with its number and reason, and keeps the rest", () => {
    const text = [STATE, "not json", `{"atMs":"soon",${SUBJECT},"kind":"event","name":"E"}`, "", `{"atMs":2000,${SUBJECT},"kind":"teleport"}`, `{"atMs":3000,${SUBJECT},"kind":"sip-in","callId":"c","cseq":1,"outcome":"response","status":99,"detached":false}`].join("\n");
    const read = readTimelineInput(text, "log");
    assert.equal(read.read, 1);
    assert.deepEqual(
      read.skipped.map((s) => s.where),
      ["line 2", "line 3", "line 5", "line 6"],
    );
    assert.match(read.skipped[0]!.reason, /^not JSON/);
    assert.match(read.skipped[1]!.reason, /^atMs: must be Unix time in milliseconds .* got "soon"$/);
    assert.match(read.skipped[2]!.reason, /^kind: must be state, event, sip-out or sip-in, got "teleport"$/);
    assert.match(read.skipped[3]!.reason, /^status: a response needs a status code 100-699, got 99$/);
  });

  it("reads a one-line run log (a whole-file JSON object that is not sr_list_reports)", () => {
    assert.equal(readTimelineInput(STATE, "log").source, "run-log");
  });

  it("refuses a file with no usable line, saying why", () => {
    assert.throws(() => readTimelineInput("", "empty.jsonl"), (error: unknown) => error instanceof TimelineInputError && /empty.jsonl: no usable run-log line \(the file is empty\)/.test(error.message));
    assert.throws(() => readTimelineInput("garbage\n", "g.jsonl"), /g.jsonl: no usable run-log line \(1 skipped; line 1: not JSON/);
  });
});

describe("timeline input: sr_list_reports JSON", () => {
  it("reads the sample: a list of {Name, Reports}, states only, lanes labelled by AOR", () => {
    const read = readTimelineInput(fixture("sr-list-reports.json"), "sr.json");
    assert.equal(read.source, "status-reports");
    assert.deepEqual(
      read.model.lanes.map((lane) => lane.label),
      ["sip:alice@example.org", "sip:bob@example.org"],
    );
    assert.equal(read.model.ladder.length, 0);
    assert.equal(read.model.lanes[0]!.segments[0]!.state, "NOT_REGISTERED_STATE");
    assert.ok(read.model.notes.some((note) => note.includes("older ones are gone for sip:bob@example.org")));
  });

  it("reads the same wrapped in groups, as sr_list_reports prints it for several groups", () => {
    const wrapped = JSON.stringify([{ Group: "uac_registrant", Identifiers: [{ Name: "aor=sip:a@x;contact=sip:a@h;registrar=sip:x", Reports: [{ Timestamp: 10, Date: "d", Log: "created with state NOT_REGISTERED_STATE\n" }, { Timestamp: 12, Date: "d", Log: "state changed to REGISTERED_STATE\n" }] }] }]);
    const read = readTimelineInput(wrapped, "sr.json");
    assert.deepEqual(
      read.model.lanes[0]!.segments.map((s) => s.state),
      ["NOT_REGISTERED_STATE", "REGISTERED_STATE"],
    );
  });

  it("reads uacreg's `replaced with state X` (D26a) as a change to X at its second, not as a cut history", () => {
    const reports = [
      { Timestamp: 10, Date: "d", Log: "created with state NOT_REGISTERED_STATE\n" },
      { Timestamp: 12, Date: "d", Log: "state changed to REGISTERED_STATE\n" },
      { Timestamp: 15, Date: "d", Log: "replaced with state NOT_REGISTERED_STATE\n" },
    ];
    const read = readTimelineInput(JSON.stringify([{ Name: "aor=sip:a@x;contact=sip:a@h;registrar=sip:x", Reports: reports }]), "sr.json");
    assert.deepEqual(read.skipped, []);
    assert.deepEqual(
      read.model.lanes[0]!.segments.map((s) => [s.from.atMs / 1000, s.state]),
      [[10, "NOT_REGISTERED_STATE"], [12, "REGISTERED_STATE"], [15, "NOT_REGISTERED_STATE"]],
    );
    const cut = readTimelineInput(JSON.stringify([{ Name: "id", Reports: reports.slice(2) }]), "sr.json");
    assert.ok(cut.model.notes.some((note) => note.includes("older ones are gone for id")), "a history that starts with a replacement was cut");
  });

  it("skips reports it cannot read, naming where and why, and keeps the rest", () => {
    const text = JSON.stringify([
      { Name: "id", Reports: [{ Timestamp: "noon", Log: "state changed to REGISTERED_STATE" }, { Timestamp: 5, Log: "reloaded" }, { Timestamp: 6, Log: "state changed to REGISTERED_STATE\n" }] },
      { Reports: [] },
    ]);
    const read = readTimelineInput(text, "sr.json");
    assert.equal(read.read, 1);
    assert.deepEqual(
      read.skipped.map((s) => `${s.where}: ${s.reason}`),
      [
        '[0].Reports[0]: Timestamp: must be Unix time in whole seconds, got "noon"',
        '[0].Reports[1]: Log: not a uac_registrant state report ("created with state X", "state changed to X" or "replaced with state X"), got "reloaded"',
        "[1]: Name: must be a non-empty string, got nothing",
      ],
    );
  });

  it("refuses a list that is neither, and broken JSON that starts like a list", () => {
    assert.throws(() => readTimelineInput("[1, 2]", "x.json"), /x.json: looks like sr_list_reports JSON but is not: a list whose items have no Name\/Reports or Identifiers/);
    assert.throws(() => readTimelineInput('[{"Name": ', "x.json"), /x.json: looks like sr_list_reports JSON but is not: /);
  });
});
