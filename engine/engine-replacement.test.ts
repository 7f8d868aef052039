/**
 * D26a: after an upsert, a full reload or a reload-one, a Status/Report identifier shows the state
 * of the record that now holds its triple, and the run log tells the same change, so the timelines
 * drawn from either agree.
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryShtags } from "./cluster/memory-shtags.js";
import { REPLACEMENT_RULE, type RunLogEntry } from "./registrant/index.js";
import { readTimelineInput, type TimelineModel } from "./timeline/index.js";
import { ENGINE_HOST, harness, REGISTRAR, row, type Harness } from "../testkit/engine-harness.js";
import { srListReportsJson } from "../testkit/sr-list-reports.js";

const ALICE = "sip:alice@example.org";
const aliceId = { aor: ALICE, contact: `sip:alice@${ENGINE_HOST}:5060`, registrar: REGISTRAR };
const REPLACED = "replaced with state NOT_REGISTERED_STATE\n";

/** alice registered at second 50 (bucket 0 of 2, T=100), clock at second 51. */
async function registeredAlice(options: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness({ rows: [row(ALICE)], ...options });
  await h.engine.start();
  await h.until(51);
  assert.equal(h.engine.statusReport(aliceId).text, "REGISTERED_STATE");
  return h;
}

function reportTexts(h: Harness): string[] {
  return h.engine.statusReport(aliceId).reports.map((r) => `${r.atSec} ${r.text.trimEnd()}`);
}

function replacements(h: Harness): Array<Pick<Extract<RunLogEntry, { kind: "state" }>, "from" | "to"> & { sec: number }> {
  return h.runLog.entries().flatMap((e) => (e.kind === "state" && e.rule === REPLACEMENT_RULE ? [{ sec: Math.floor(e.atMs / 1000), from: e.from, to: e.to }] : []));
}

describe("Status/Report after a replacement (D26a)", () => {
  it("an upsert with state=1 of a REGISTERED record: -1 NOT_REGISTERED_STATE, one replaced report, one run-log change; the same upsert again adds nothing", async () => {
    const h = await registeredAlice();
    await h.engine.upsert(row(ALICE, { state: 1 }));
    const view = h.engine.statusReport(aliceId);
    assert.deepEqual([view.status, view.text], [-1, "NOT_REGISTERED_STATE"]);
    assert.deepEqual(view.reports.at(-1), { atSec: 51, text: REPLACED });
    await h.until(60);
    await h.engine.upsert(row(ALICE, { state: 1 }));
    await h.until(200);
    assert.deepEqual(reportTexts(h).slice(-2), ["50 state changed to REGISTERED_STATE", "51 replaced with state NOT_REGISTERED_STATE"]);
    assert.deepEqual(replacements(h), [{ sec: 51, from: "REGISTERED_STATE", to: "NOT_REGISTERED_STATE" }]);
    assert.equal(h.events.length, 3, "neither the replacement nor the detached unREGISTER raises an event (D26)");
    await h.engine.stop();
  });

  it("an enabled upsert of a record in an error state: the successor starts NOT_REGISTERED and the identifier says so", async () => {
    const h = harness({ rows: [row(ALICE)] });
    h.registrar.script = (incoming) => incoming.createResponse(403);
    await h.engine.start();
    await h.until(51);
    assert.equal(h.engine.statusReport(aliceId).text, "REGISTRAR_ERROR_STATE");
    h.registrar.script = null;
    await h.engine.upsert(row(ALICE, { expiry: 600 }));
    assert.deepEqual([h.engine.statusReport(aliceId).status, h.engine.statusReport(aliceId).text], [-1, "NOT_REGISTERED_STATE"]);
    assert.deepEqual(replacements(h), [{ sec: 51, from: "REGISTRAR_ERROR_STATE", to: "NOT_REGISTERED_STATE" }]);
    await h.until(151);
    assert.deepEqual(reportTexts(h).slice(-5), [
      "50 state changed to REGISTRAR_ERROR_STATE",
      "51 replaced with state NOT_REGISTERED_STATE",
      "150 state changed to REGISTERING_STATE",
      "150 state changed to AUTHENTICATING_STATE",
      "150 state changed to REGISTERED_STATE",
    ]);
    assert.equal(h.engine.statusReport(aliceId).text, "REGISTERED_STATE");
    await h.engine.stop();
  });

  it("an enabled upsert that inherits REGISTERED adds no report and no run-log change", async () => {
    const h = await registeredAlice();
    const before = reportTexts(h);
    await h.engine.upsert(row(ALICE, { expiry: 1800 }));
    assert.deepEqual(reportTexts(h), before);
    assert.equal(h.engine.statusReport(aliceId).status, 1);
    assert.deepEqual(replacements(h), []);
    await h.engine.stop();
  });

  it("a new triple gets its created report only", async () => {
    const h = harness({ rows: [] });
    await h.engine.start();
    await h.engine.upsert(row(ALICE, { state: 1 }));
    assert.deepEqual(reportTexts(h), ["0 created with state NOT_REGISTERED_STATE"]);
    await h.engine.stop();
  });

  it("a full reload disabling a REGISTERED record adds the replaced report once; later reloads of the unchanged row add nothing", async () => {
    const h = await registeredAlice();
    h.store.setRows([row(ALICE, { state: 1 })]);
    await h.engine.reload();
    await h.until(70);
    await h.engine.reload();
    await h.until(80);
    await h.engine.reload();
    assert.deepEqual(reportTexts(h).slice(-2), ["50 state changed to REGISTERED_STATE", "51 replaced with state NOT_REGISTERED_STATE"]);
    assert.deepEqual(replacements(h), [{ sec: 51, from: "REGISTERED_STATE", to: "NOT_REGISTERED_STATE" }]);
    await h.engine.stop();
  });

  it("a reload-one disabling a REGISTERED record adds the replaced report once; reloading it again adds nothing", async () => {
    const h = await registeredAlice();
    h.store.putRow(row(ALICE, { state: 1 }));
    await h.engine.reload(aliceId);
    await h.until(70);
    await h.engine.reload(aliceId);
    assert.deepEqual(reportTexts(h).slice(-1), ["51 replaced with state NOT_REGISTERED_STATE"]);
    assert.equal(h.engine.statusReport(aliceId).reports.length, 5);
    await h.engine.stop();
  });

  it("D14 an enabled upsert moving a REGISTERED record to a BACKUP tag: the identifier reads NOT_REGISTERED_STATE too", async () => {
    const tag = { name: "tag1", clusterId: 1 };
    const h = await registeredAlice({ rows: [row(ALICE, { cluster_shtag: "tag1/1" })], config: { enable_clustering: 1 }, shtags: new MemoryShtags([tag]) });
    await h.engine.upsert(row(ALICE, { cluster_shtag: "other/1" }));
    assert.equal(h.engine.statusReport(aliceId).text, "NOT_REGISTERED_STATE");
    assert.deepEqual(replacements(h), [{ sec: 51, from: "REGISTERED_STATE", to: "NOT_REGISTERED_STATE" }]);
    await h.engine.stop();
  });
});

/** A lane as `uacreg timeline` draws it: its first state, then `second STATE` for each change. */
function story(model: TimelineModel, aor: string): string[] {
  const lane = model.lanes.find((l) => l.label === aor);
  assert.ok(lane !== undefined, `no lane for ${aor}`);
  return lane.segments.map((s, i) => (i === 0 ? s.state : `${Math.floor(s.from.atMs / 1000)} ${s.state}`));
}

describe("timelines after a replacement (D26a)", () => {
  it("the timeline drawn from the run log and the one drawn from sr_list_reports agree", async () => {
    const h = await registeredAlice();
    await h.engine.upsert(row(ALICE, { state: 1 }));
    await h.until(60);
    await h.engine.upsert(row(ALICE, { state: 1 }));
    await h.until(70);
    await h.engine.upsert(row(ALICE));
    await h.until(151);
    await h.engine.reload(aliceId);
    await h.until(160);
    const fromRunLog = readTimelineInput(h.runLog.lines.join("\n"), "run log");
    const fromReports = readTimelineInput(srListReportsJson(h.engine.statusReports()), "sr_list_reports");
    assert.deepEqual(fromReports.skipped, []);
    const expected = [
      "NOT_REGISTERED_STATE",
      "50 REGISTERING_STATE",
      "50 AUTHENTICATING_STATE",
      "50 REGISTERED_STATE",
      "51 NOT_REGISTERED_STATE",
      "150 REGISTERING_STATE",
      "150 AUTHENTICATING_STATE",
      "150 REGISTERED_STATE",
    ];
    assert.deepEqual(story(fromReports.model, ALICE), expected);
    assert.deepEqual(story(fromRunLog.model, ALICE), expected);
    await h.engine.stop();
  });
});
