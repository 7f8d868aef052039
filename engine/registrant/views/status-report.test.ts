import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addStateReport,
  createStatusLog,
  renderReports,
  reportReplacement,
  sameSrIdentifier,
  SR_GROUP,
  srIdentifier,
  srStatus,
  statusState,
} from "./status-report.js";
import { REGISTRANT_STATES } from "../policy/states.js";

describe("Status/Report (spec §11, D23)", () => {
  const id = { aor: "sip:alice@example.com", contact: "sip:alice@10.0.0.5", registrar: "sip:reg.example.com" };

  it("C-SR-1 §11 the group and the identifier text", () => {
    assert.equal(SR_GROUP, "uac_registrant");
    assert.equal(srIdentifier(id), "aor=sip:alice@example.com;contact=sip:alice@10.0.0.5;registrar=sip:reg.example.com");
    assert.ok(sameSrIdentifier(srIdentifier(id), srIdentifier(id).toUpperCase()));
  });

  it("C-SR-2 §11 status 1 only for REGISTERED_STATE, -1 otherwise", () => {
    for (const state of REGISTRANT_STATES) assert.equal(srStatus(state), state === "REGISTERED_STATE" ? 1 : -1, state);
  });

  it("C-SR-2 §11 a new identifier: NOT_REGISTERED_STATE and the created report", () => {
    const log = createStatusLog(1000);
    assert.equal(statusState(log), "NOT_REGISTERED_STATE");
    assert.deepEqual(renderReports(log), [{ atSec: 1000, text: "created with state NOT_REGISTERED_STATE\n" }]);
  });

  it("C-SR-2 §11 each state change adds 'state changed to X' with its time", () => {
    const log = createStatusLog(1000);
    addStateReport(log, "REGISTERING_STATE", 1001);
    addStateReport(log, "REGISTERED_STATE", 1002);
    assert.equal(statusState(log), "REGISTERED_STATE");
    assert.deepEqual(renderReports(log), [
      { atSec: 1000, text: "created with state NOT_REGISTERED_STATE\n" },
      { atSec: 1001, text: "state changed to REGISTERING_STATE\n" },
      { atSec: 1002, text: "state changed to REGISTERED_STATE\n" },
    ]);
  });

  it("C-SR-3 §11 only the last 20 reports are kept, oldest first", () => {
    const log = createStatusLog(0);
    for (let i = 1; i <= 45; i++) addStateReport(log, i % 2 === 0 ? "REGISTERED_STATE" : "REGISTERING_STATE", 1_700_000_000 + i);
    const reports = renderReports(log);
    assert.equal(reports.length, 20);
    assert.equal(log.length, 21, "allocated once (20 reports and their count), never grown");
    assert.deepEqual(reports[0], { atSec: 1_700_000_026, text: "state changed to REGISTERED_STATE\n" });
    assert.deepEqual(reports[19], { atSec: 1_700_000_045, text: "state changed to REGISTERING_STATE\n" });
    assert.equal(statusState(log), "REGISTERING_STATE");
    assert.ok(reports.every((r, i) => i === 0 || r.atSec === reports[i - 1]!.atSec + 1));
  });

  it("§11 exactly 20 reports: nothing dropped yet", () => {
    const log = createStatusLog(5);
    for (let i = 0; i < 19; i++) addStateReport(log, "INTERNAL_ERROR_STATE", 6 + i);
    assert.equal(renderReports(log)[0]!.text, "created with state NOT_REGISTERED_STATE\n");
    addStateReport(log, "REGISTERED_STATE", 99);
    assert.equal(renderReports(log)[0]!.text, "state changed to INTERNAL_ERROR_STATE\n");
    assert.equal(renderReports(log)[19]!.atSec, 99);
  });

  it("D26a a replacement of a record that does not read NOT_REGISTERED_STATE: -1, the replaced report, the state it read", () => {
    for (const state of REGISTRANT_STATES.slice(1)) {
      const log = createStatusLog(1000);
      addStateReport(log, state, 1001);
      assert.equal(reportReplacement(log, 1002), state, state);
      assert.equal(statusState(log), "NOT_REGISTERED_STATE");
      assert.equal(srStatus(statusState(log)), -1);
      assert.deepEqual(renderReports(log).at(-1), { atSec: 1002, text: "replaced with state NOT_REGISTERED_STATE\n" });
      assert.equal(renderReports(log).length, 3);
    }
  });

  it("D26a an identifier that reads NOT_REGISTERED_STATE already gets nothing: new, replaced before, or unregistered", () => {
    const created = createStatusLog(1000);
    assert.equal(reportReplacement(created, 1001), null);
    assert.deepEqual(renderReports(created), [{ atSec: 1000, text: "created with state NOT_REGISTERED_STATE\n" }]);
    const replaced = createStatusLog(1000);
    addStateReport(replaced, "REGISTERED_STATE", 1001);
    reportReplacement(replaced, 1002);
    for (const atSec of [1003, 1004, 1005]) assert.equal(reportReplacement(replaced, atSec), null);
    assert.equal(renderReports(replaced).length, 3);
    const unregistered = createStatusLog(1000);
    addStateReport(unregistered, "NOT_REGISTERED_STATE", 1001);
    assert.equal(reportReplacement(unregistered, 1002), null);
    assert.equal(renderReports(unregistered).length, 2);
  });

  it("D26a the replaced report takes its place in the ring of 20 and a later state change follows it", () => {
    const log = createStatusLog(0);
    for (let i = 1; i <= 19; i++) addStateReport(log, "REGISTERED_STATE", i);
    reportReplacement(log, 20);
    addStateReport(log, "REGISTERING_STATE", 21);
    const reports = renderReports(log);
    assert.equal(reports.length, 20);
    assert.deepEqual(reports.slice(-2), [
      { atSec: 20, text: "replaced with state NOT_REGISTERED_STATE\n" },
      { atSec: 21, text: "state changed to REGISTERING_STATE\n" },
    ]);
    assert.equal(statusState(log), "REGISTERING_STATE");
  });
});
