/**
 * The live status page in Chromium (Debian's, `npm run peers:install`, driven by playwright-core):
 * an engine that ran for a while on the memory network and a fake clock, its management server
 * on loopback serving `/`. Checks what a person sees: the records-by-state table, one lane per
 * record in the timeline, and a search by AOR through the page's own form. Saves a screenshot as
 * reports/status-page-screenshot.png.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { MiDispatcher, RegistrantMetrics, startMiServer, statusPage, type MiServer } from "../engine/index.js";
import { harness, row, type Harness } from "../testkit/engine-harness.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SCREENSHOT = join(ROOT, "reports", "status-page-screenshot.png");
const AORS = ["sip:alice@example.org", "sip:bob@example.org", "sip:carol@example.org", "sip:dave@example.org"];

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run peers:install\` first`);

/** The little of the DOM these checks use (the project compiles without the DOM library). */
interface DomNode {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): { readonly width: number };
  readonly textContent: string | null;
}

let h: Harness;
let server: MiServer;
let browser: Browser;
let root: string;

before(async () => {
  h = harness({ rows: [...AORS.map((aor) => row(aor)), row("sip:erin@example.org", { state: 1 })], startMs: Date.UTC(2026, 11, 7, 9, 0, 0) });
  // dave's registrar never answers: his lane shows the timeouts.
  h.registrar.script = (incoming) => ((incoming.request.headers.find((hd) => hd.name === "From")?.value ?? "").includes("dave") ? "silent" : null);
  await h.engine.start();
  await h.until(3600 + 1800);
  const ring = { entries: () => h.runLog.entries(), overwritten: 0, capacity: 1_000_000 };
  const metrics = new RegistrantMetrics({ processMetrics: false });
  metrics.watchEngine(h.engine);
  server = await startMiServer(
    { port: 0 },
    {
      dispatcher: new MiDispatcher({ engine: h.engine }),
      pages: { "/": statusPage({ engine: h.engine, ring, clock: h.clock, node: "lab-1" }), "/metrics": async () => ({ status: 200, ...(await metrics.render()) }) },
    },
  );
  root = server.url.replace(/\/mi$/, "/");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await h?.engine.stop();
});

describe("the live status page in Chromium", () => {
  it("shows records by state and one lane per record; a search by AOR through the form keeps one", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const response = await page.goto(root);
    assert.equal(response?.status(), 200);
    const states = await page.$$eval("#states tbody tr", (rows) => (rows as unknown as DomNode[]).map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "").join(" ")));
    assert.deepEqual(states.sort(), ["NOT_REGISTERED_STATE 0 1", "REGISTERED_STATE 3 0", "REGISTER_TIMEOUT_STATE 1 0"]);
    const lanes = await page.$$eval("svg[data-timeline] g.lane", (groups) =>
      (groups as unknown as DomNode[]).map((g) => ({
        lane: g.getAttribute("data-lane") ?? "",
        widths: Array.from(g.querySelectorAll("g.segment > rect:first-of-type"), (rect) => rect.getBoundingClientRect().width),
      })),
    );
    assert.deepEqual(lanes.map((l) => l.lane).sort(), [...AORS, "sip:erin@example.org"].sort());
    assert.ok(lanes.every((l) => l.widths.length > 0 && l.widths.some((w) => w > 5)), JSON.stringify(lanes));
    await mkdir(join(ROOT, "reports"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.fill("#aor", "dave");
    await Promise.all([page.waitForURL(/\?aor=dave/), page.click("#search")]);
    const searched = await page.$$eval("svg[data-timeline] g.lane", (groups) => (groups as unknown as DomNode[]).map((g) => g.getAttribute("data-lane")));
    assert.deepEqual(searched, ["sip:dave@example.org"]);
    const daveStates = await page.$$eval('svg[data-timeline] g.lane g.segment', (segments) => (segments as unknown as DomNode[]).map((s) => s.getAttribute("data-state")));
    assert.ok(daveStates.includes("REGISTER_TIMEOUT_STATE"), daveStates.join(", "));
    const listed = await page.$$eval("#records tbody tr td:first-child", (cells) => (cells as unknown as DomNode[]).map((c) => c.textContent));
    assert.deepEqual(listed, ["sip:dave@example.org"]);
    assert.ok((await page.$$("table.ladder tbody tr")).length > 0, "the search shows dave's messages");
    await page.close();
  });

  it("serves /metrics beside the page", async () => {
    const page = await browser.newPage();
    const response = await page.goto(root + "metrics");
    assert.equal(response?.status(), 200);
    assert.match((await response?.text()) ?? "", /^uacreg_records\{state="REGISTERED_STATE",enabled="yes"\} 3$/m);
    await page.close();
  });
});
