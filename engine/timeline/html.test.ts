import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harness, row } from "../../testkit/engine-harness.js";
import type { RunLogEntry } from "../registrant/index.js";
import { timelineFromRunLog } from "./from-run-log.js";
import { timelineFromStatusReports } from "./from-status-reports.js";
import { renderTimelineHtml } from "./html.js";
import { renderTimelineSvg } from "./svg.js";

const HOSTILE = { aor: 'sip:<script>alert("x")</script>@example.org', contact: "sip:a@10.0.0.1&x=1", registrar: "sip:example.org" };
const entries: RunLogEntry[] = [
  { ...HOSTILE, atMs: 1000, kind: "state", from: "NOT_REGISTERED_STATE", to: "REGISTERING_STATE", rule: "visit-register" },
  { ...HOSTILE, atMs: 1000, kind: "sip-out", request: "register", callId: "c", cseq: 1, credentials: false, destination: "udp:10.0.0.2:5060", detached: false },
  { ...HOSTILE, atMs: 1001, kind: "sip-in", callId: "c", cseq: 1, outcome: "response", status: 403, detached: false },
  { ...HOSTILE, atMs: 1001, kind: "state", from: "REGISTERING_STATE", to: "REGISTRAR_ERROR_STATE", rule: "error-registrar" },
];

describe("timeline SVG and page", () => {
  it("gives each lane, segment and marker data-* attributes that a test can read", () => {
    const svg = renderTimelineSvg(timelineFromRunLog(entries, { axis: "simulated", startMs: 0, endMs: 5000 }));
    assert.equal(svg.match(/<g class="lane"/g)?.length, 1);
    assert.deepEqual(
      [...svg.matchAll(/data-state="([A-Z_]+)"/g)].map((m) => m[1]),
      ["NOT_REGISTERED_STATE", "REGISTERING_STATE", "REGISTRAR_ERROR_STATE"],
    );
    assert.deepEqual(
      [...svg.matchAll(/data-marker="([a-z-]+)" data-label="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`),
      ["request REGISTER", "response 403"],
    );
  });

  it("escapes what came from outside (AOR, contact) in the picture and the page", () => {
    const html = renderTimelineHtml(timelineFromRunLog(entries, { axis: "wall" }), { title: "<b>run</b>", facts: ["a & b"] });
    assert.ok(!html.includes("<script>"), "no raw <script> from the AOR");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)"));
    assert.ok(html.includes("&lt;b&gt;run&lt;/b&gt;"));
    assert.ok(html.includes("sip:a@10.0.0.1&amp;x=1"));
  });

  it("is self-contained: no script, stylesheet or image from elsewhere", () => {
    const html = renderTimelineHtml(timelineFromRunLog(entries, { axis: "wall" }), { title: "run" });
    assert.doesNotMatch(html, /<script|<link|src=|@import|url\(http/i);
  });

  it("draws a states-only timeline from Status/Report history, with no marker", () => {
    const model = timelineFromStatusReports([
      { name: "aor=sip:alice@example.org;contact=sip:alice@10.0.0.1;registrar=sip:example.org", reports: [{ atSec: 100, state: "NOT_REGISTERED_STATE", created: true }, { atSec: 150, state: "REGISTERED_STATE", created: false }] },
    ]);
    const svg = renderTimelineSvg(model);
    assert.match(svg, /data-lane="sip:alice@example.org"/);
    assert.equal(svg.match(/data-marker=/g), null);
    assert.deepEqual(
      model.lanes[0]!.segments.map((s) => [s.state, s.from.atMs, s.to.atMs]),
      [
        ["NOT_REGISTERED_STATE", 100_000, 150_000],
        ["REGISTERED_STATE", 150_000, 150_000],
      ],
    );
  });

  it("never shows a password: the page of a real challenged run holds none (D16)", async () => {
    const h = harness({ rows: [row("sip:alice@example.org")] });
    await h.engine.start();
    await h.until(60);
    const html = renderTimelineHtml(timelineFromRunLog(h.runLog.entries(), { axis: "simulated", startMs: 0, endMs: h.clock.now() }), { title: "alice" });
    await h.engine.stop();
    assert.match(html, /data-state="REGISTERED_STATE"/);
    assert.ok(!html.includes("wonderland"));
  });
});
