import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harness, row, type Harness } from "../../testkit/engine-harness.js";
import { statusPage } from "./status-page.js";

const START = Date.UTC(2026, 11, 7, 10, 0, 0);

async function lab(rows = [row("sip:alice@example.org"), row("sip:bob@example.org"), row("sip:carol@example.org", { state: 1 })]): Promise<Harness> {
  const h = harness({ rows, startMs: START });
  await h.engine.start();
  return h;
}

function pageOf(h: Harness, query = "", options = {}): { status: number; body: string } {
  const ring = { entries: () => h.runLog.entries(), overwritten: 0, capacity: 1_000_000 };
  const answer = statusPage({ engine: h.engine, ring, clock: h.clock, node: "lab-1" }, options)(new URL(`http://x/${query}`));
  assert.ok(!(answer instanceof Promise));
  return answer;
}

const lanes = (body: string): string[] => [...body.matchAll(/<g class="lane" data-lane="([^"]*)"/g)].map((m) => m[1]!);
const statesOf = (body: string, aor: string): string[] => {
  const lane = body.split('<g class="lane" ').find((part) => part.startsWith(`data-lane="${aor}"`)) ?? "";
  return [...lane.matchAll(/<g class="segment" data-state="([A-Z_]+)"/g)].map((m) => m[1]!);
};

describe("status page", () => {
  it("records by state, and the last hour: one lane per record, quiet ones in the state they are in", async () => {
    const h = await lab();
    await h.until(3 * 3600);
    const { status, body } = pageOf(h);
    assert.equal(status, 200);
    assert.match(body, /<title>uacreg status — lab-1 — timeline<\/title>/);
    assert.match(body, /<tr data-state="REGISTERED_STATE"><td>REGISTERED_STATE<\/td><td class="n">2<\/td><td class="n">0<\/td><\/tr>/);
    assert.match(body, /<tr data-state="NOT_REGISTERED_STATE"><td>NOT_REGISTERED_STATE<\/td><td class="n">0<\/td><td class="n">1<\/td><\/tr>/);
    assert.deepEqual(lanes(body).sort(), ["sip:alice@example.org", "sip:bob@example.org", "sip:carol@example.org"]);
    assert.deepEqual(statesOf(body, "sip:carol@example.org"), ["NOT_REGISTERED_STATE"], "carol (disabled) never acted: drawn in her state");
    assert.ok(statesOf(body, "sip:alice@example.org").includes("REGISTERED_STATE"));
    assert.ok(!body.includes('table class="ladder"'), "no message ladder without a search");
    assert.ok(!body.includes("wonderland"));
    await h.engine.stop();
  });

  it("?aor= keeps the matching records, lists them, and shows their messages; ?from=&to= draws that stretch", async () => {
    const h = await lab();
    await h.until(3 * 3600);
    const searched = pageOf(h, "?aor=ALICE&from=");
    assert.deepEqual(lanes(searched.body), ["sip:alice@example.org"]);
    assert.match(searched.body, /<h2>Matching records \(1\)<\/h2>/);
    assert.match(searched.body, /<input name="aor" id="aor" value="ALICE"/);
    assert.match(searched.body, /table class="ladder"/);
    const first = pageOf(h, `?aor=bob&from=${START}&to=2026-12-07T10:02:00Z`);
    assert.deepEqual(statesOf(first.body, "sip:bob@example.org"), ["NOT_REGISTERED_STATE", "REGISTERING_STATE", "AUTHENTICATING_STATE", "REGISTERED_STATE"]);
    assert.match(first.body, /Timeline from 2026-12-07T10:00:00\.000Z to 2026-12-07T10:02:00\.000Z/);
    await h.engine.stop();
  });

  it("a bad time is a 400 naming the option; lanes beyond the bound are left out with a note", async () => {
    const h = await lab([row("sip:alice@example.org"), row("sip:bob@example.org"), row("sip:carol@example.org"), row("sip:dave@example.org")]);
    await h.until(120);
    const bad = pageOf(h, "?from=yesterday");
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Bad query: from yesterday: not a time/);
    const bounded = pageOf(h, "", { maxLanes: 2 });
    assert.equal(lanes(bounded.body).length, 2);
    assert.match(bounded.body, /2 more records not drawn \(at most 2 lanes\): search by AOR to see them\./);
    await h.engine.stop();
  });
});
