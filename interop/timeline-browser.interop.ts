/**
 * Browser check of the timeline pages: Chromium (Debian's, `npm run peers:install`), driven by
 * playwright-core, opens the pages the suite writes for a few scenarios and reads the drawn SVG
 * through the DOM: one lane per registrant, the state segments in order, the SIP markers, and
 * segments that the browser really laid out (non-zero width). Saves a screenshot of one page as
 * reports/timeline-screenshot.png.
 *
 * The scenarios run in their own Cucumber process with a configuration of their own, writing into
 * a temporary folder, so reports/ (the suite's run, which CI's closing line reads) is untouched.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { scenarioSlug } from "../features/runner/suite-results.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SCREENSHOT = join(ROOT, "reports", "timeline-screenshot.png");
/** The suite's Cucumber profile (cucumber.mjs): its features and support files. A .mjs file has no types, hence the cast. */
const SUITE_PROFILE = ((await import(new URL("../cucumber.mjs", import.meta.url).href)) as { default: { readonly paths: readonly string[]; readonly import: readonly string[] } }).default;

const SCENARIOS = {
  challenged: { feature: "events", name: "A challenged registration goes through REGISTERING, AUTHENTICATING, REGISTERED" },
  buckets: { feature: "buckets", name: "The guide's example: timer_interval 8 and hash_size 2 give 4 buckets, one every 2 seconds" },
  timeout: { feature: "failure-retry", name: "A timed-out record reports REGISTER_TIMEOUT_STATE until its retry" },
} as const;

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run peers:install\` first`);

let workDir: string;
let browser: Browser;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "uacreg-timelines-"));
  await runScenarios(workDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Cucumber with only these scenarios, its timelines going to `dir`, no report formats. */
async function runScenarios(dir: string): Promise<void> {
  const config = join(dir, "cucumber.json");
  const names = Object.values(SCENARIOS).map(({ name }) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const profile = { paths: SUITE_PROFILE.paths, import: SUITE_PROFILE.import, name: names, format: [], worldParameters: { reportsDir: dir } };
  await writeFile(config, JSON.stringify({ default: profile }));
  // Cucumber reads --config relative to the working folder, even an absolute path.
  await promisify(execFile)(join(ROOT, "node_modules/.bin/cucumber-js"), ["--config", relative(ROOT, config)], { cwd: ROOT });
}

async function pageOf(scenario: keyof typeof SCENARIOS): Promise<Page> {
  const { feature, name } = SCENARIOS[scenario];
  const folder = join(workDir, "timelines", feature);
  const file = (await readdir(folder)).find((candidate) => candidate.startsWith(`${scenarioSlug(name)}-`));
  assert.ok(file !== undefined, `no timeline page for "${name}" in ${folder}`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(pathToFileURL(join(folder, file)).href);
  return page;
}

interface DrawnLane {
  readonly lane: string;
  readonly states: string[];
  readonly markers: string[];
  /** Widths of the segments' rectangles as the browser laid them out. */
  readonly widths: number[];
}

/** The little of the DOM these checks use (the project compiles without the DOM library). */
interface DomNode {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): { readonly width: number; readonly left: number };
  readonly textContent: string | null;
}

function drawnLanes(page: Page): Promise<DrawnLane[]> {
  return page.$$eval("svg[data-timeline] g.lane", (elements) =>
    (elements as unknown as DomNode[]).map((lane) => ({
      lane: lane.getAttribute("data-lane") ?? "",
      states: Array.from(lane.querySelectorAll("g.segment"), (segment) => segment.getAttribute("data-state") ?? ""),
      markers: Array.from(lane.querySelectorAll("g.marker:not([data-marker=event])"), (marker) => marker.getAttribute("data-label") ?? ""),
      widths: Array.from(lane.querySelectorAll("g.segment > rect:first-of-type"), (rect) => rect.getBoundingClientRect().width),
    })),
  );
}

describe("timeline pages in Chromium", () => {
  it("a challenged registration: one lane, NOT_REGISTERED -> REGISTERING -> AUTHENTICATING -> REGISTERED, REGISTER/401/REGISTER +auth/200", async () => {
    const page = await pageOf("challenged");
    const lanes = await drawnLanes(page);
    assert.deepEqual(
      lanes.map(({ lane, states, markers }) => ({ lane, states, markers })),
      [
        {
          lane: "sip:alice@example.org",
          states: ["NOT_REGISTERED_STATE", "REGISTERING_STATE", "AUTHENTICATING_STATE", "REGISTERED_STATE"],
          markers: ["REGISTER", "401", "REGISTER +auth", "200"],
        },
      ],
    );
    assert.ok(lanes[0]!.widths.every((width) => width >= 10), `a segment too thin to see: ${lanes[0]!.widths.join(", ")}`);
    const ladder = await page.$$eval("table.ladder tbody tr", (rows) => (rows as unknown as DomNode[]).map((row) => row.querySelector("td.arrow")?.textContent ?? ""));
    assert.equal(ladder.length, 4);
    assert.match(ladder[1]!, /401 Unauthorized/);
    await mkdir(join(ROOT, "reports"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  });

  it("four accounts in four buckets: one lane each, each registered at its own visit", async () => {
    const page = await pageOf("buckets");
    const lanes = await drawnLanes(page);
    assert.deepEqual(
      lanes.map(({ lane }) => lane),
      ["sip:bob@example.org", "sip:alice@example.org", "sip:dave@example.org", "sip:carol@example.org"],
    );
    for (const { states, markers } of lanes) {
      assert.deepEqual(states, ["NOT_REGISTERED_STATE", "REGISTERING_STATE", "REGISTERED_STATE"]);
      assert.deepEqual(markers, ["REGISTER", "200"]);
    }
    // carol's bucket is visited first (second 2), bob's last (second 8): their REGISTERED segments start in that order.
    const starts = await page.$$eval("g.lane", (groups) => (groups as unknown as DomNode[]).map((lane) => lane.querySelector('g.segment[data-state="REGISTERED_STATE"] rect')?.getBoundingClientRect().left ?? -1));
    const [bob, alice, dave, carol] = starts as [number, number, number, number];
    assert.ok(carol < dave && dave < alice && alice < bob, `REGISTERED starts: ${starts.join(", ")}`);
    await page.close();
  });

  it("a registrar that never answers: REGISTER, then timeout, then REGISTER_TIMEOUT_STATE", async () => {
    const page = await pageOf("timeout");
    const lanes = await drawnLanes(page);
    assert.equal(lanes.length, 1);
    assert.deepEqual(lanes[0]!.states, ["NOT_REGISTERED_STATE", "REGISTERING_STATE", "REGISTER_TIMEOUT_STATE"]);
    assert.deepEqual(lanes[0]!.markers, ["REGISTER", "timeout"]);
    await page.close();
  });
});
