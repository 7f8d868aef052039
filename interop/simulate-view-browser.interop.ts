/**
 * The simulator's read-only HTTP view in Chromium (Debian's, `npm run peers:install`, driven by
 * playwright-core): after real registrations over UDP, the `/transcript` ladder page draws one
 * arrow per message with the refusal marked and every arrow really laid out, `/bindings` and
 * `/metrics` read as a browser gets them. Saves reports/simulator-ladder-screenshot.png.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { parseUsersFile, startSimulator, type SimulatorHandle } from "../simulator/index.js";
import { labUsersFile, REALM } from "../testkit/lab.js";
import { testRegistrant } from "../testkit/socket-registrant.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run peers:install\` first`);

/** The little of the DOM these checks use (the project compiles without the DOM library). */
interface DomNode {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  getBoundingClientRect(): { readonly width: number };
  readonly textContent: string | null;
}

let simulator: SimulatorHandle;
let browser: Browser;
let base: string;

before(async () => {
  simulator = await startSimulator({ listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }], realm: REALM, users: parseUsersFile(labUsersFile()), http: { host: "127.0.0.1", port: 0 } });
  base = `http://127.0.0.1:${simulator.http?.port}`;
  const client = await testRegistrant(simulator.sockets[0]!);
  try {
    assert.equal((await client.register("alice", "wonderland", 600)).status, 200);
    assert.equal((await client.register("bob", "wrong", 600)).status, 403);
  } finally {
    await client.close();
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await simulator?.stop();
});

describe("the simulator's HTTP view in Chromium", () => {
  it("/transcript draws a ladder: one laid-out arrow per message, the 403 marked with its reason", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/transcript`);
    const arrows = await page.$$eval("svg g.msg", (groups) =>
      (groups as unknown as DomNode[]).map((group) => ({
        classes: group.getAttribute("class") ?? "",
        label: group.querySelector("text.label")?.textContent ?? "",
        width: group.querySelector("line")?.getBoundingClientRect().width ?? 0,
      })),
    );
    assert.equal(arrows.length, 8);
    assert.ok(arrows.every((arrow) => arrow.width >= 100), `an arrow not laid out: ${arrows.map((a) => a.width).join(", ")}`);
    const refusals = arrows.filter((arrow) => arrow.classes.includes("refusal"));
    assert.ok(refusals.some((arrow) => /403 Forbidden .* sip:bob@example\.org — wrong digest response from user "bob"/.test(arrow.label)), refusals.map((a) => a.label).join("\n"));
    await mkdir(join(ROOT, "reports"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "reports", "simulator-ladder-screenshot.png"), fullPage: true });
    await page.close();
  });

  it("/bindings and /metrics read in the browser", async () => {
    const page = await browser.newPage();
    const bindings = await page.goto(`${base}/bindings`);
    const json = (await bindings?.json()) as { bindings: Array<{ aor: string; expiresSec: number }> };
    assert.deepEqual(json.bindings.map((binding) => binding.aor), ["sip:alice@example.org"]);
    assert.ok((json.bindings[0]?.expiresSec ?? 0) > 590);
    await page.goto(`${base}/metrics`);
    const text = await page.$eval("body", (body) => (body as unknown as DomNode).textContent ?? "");
    assert.match(text, /uacreg_simulator_requests_total\{method="REGISTER",outcome="403"\} 1/);
    assert.match(text, /uacreg_simulator_aors 1/);
    await page.close();
  });
});
