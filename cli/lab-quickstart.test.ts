/**
 * The README's "Run the engine in a lab" commands, exactly as written there (read from the
 * README, so they cannot drift), run as child processes on loopback in a scratch folder that
 * sees the repository's fixtures: the simulator in the background, db init, db import, run
 * until every account of fixtures/lab/accounts.csv is registered (read from the run log), a
 * Ctrl-C (SIGINT), then the timeline. `npx uacreg` is run as `node bin/uacreg.js`, which is
 * what npx runs.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { systemClock } from "../engine/clock.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "bin", "uacreg.js");
const WITHIN_MS = 90_000;

async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Run the engine in a lab\n")[1];
  assert.ok(section !== undefined, "README has no 'Run the engine in a lab' section");
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block !== undefined, "the section has no sh block");
  return block.split("\n").filter((line) => line.trim() !== "");
}

function start(command: string, cwd: string): { child: ChildProcess; exit: Promise<{ code: number | null; out: string; err: string }> } {
  const words = command.replace(/\s*&\s*$/, "").split(/\s+/);
  assert.deepEqual(words.slice(0, 2), ["npx", "uacreg"], `a README command that is not npx uacreg: ${command}`);
  const child = spawn(process.execPath, [BIN, ...words.slice(2)], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (data: Buffer) => (out += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (err += data.toString()));
  const exit = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on("close", (code) => resolve({ code, out, err })));
  return { child, exit };
}

async function registeredAors(runLog: string): Promise<Set<string>> {
  if (!existsSync(runLog)) return new Set();
  const lines = (await readFile(runLog, "utf8")).split("\n").filter((line) => line !== "");
  const entries = lines.map((line) => JSON.parse(line) as { kind: string; to?: string; aor: string });
  return new Set(entries.filter((e) => e.kind === "state" && e.to === "REGISTERED_STATE").map((e) => e.aor));
}

describe("README: Run the engine in a lab", () => {
  it("the commands work as pasted and every account registers", async (t) => {
    const commands = await readmeCommands();
    assert.equal(commands.length, 5);
    const [simulate, init, load, run, timeline] = commands as [string, string, string, string, string];
    const cwd = await mkdtemp(join(tmpdir(), "uacreg-lab-"));
    await symlink(join(ROOT, "fixtures"), join(cwd, "fixtures"));
    await mkdir(join(cwd, "reports"));
    const accounts = (await readFile(join(ROOT, "fixtures/lab/accounts.csv"), "utf8")).split("\n").slice(1).filter((l) => l !== "").map((l) => l.split(",")[0]);

    const simulator = start(simulate, cwd);
    t.after(() => simulator.child.kill("SIGTERM"));
    // A reader pastes the next line long after the simulator is up; the test waits for it too.
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      simulator.child.stdout?.on("data", (data: Buffer) => {
        seen += data.toString();
        if (seen.includes("uacreg simulate: listening on udp:127.0.0.1:15060")) resolve();
      });
      simulator.child.on("close", () => reject(new Error(`uacreg simulate ended: ${seen}`)));
    });
    const initialised = await start(init, cwd).exit;
    assert.equal(initialised.code, 0, initialised.err);
    const imported = await start(load, cwd).exit;
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, new RegExp(`${accounts.length} rows loaded into registrant, 0 rejected`));

    const runner = start(run, cwd);
    t.after(() => runner.child.kill("SIGKILL"));
    const runLog = join(cwd, "reports", "lab-run.jsonl");
    const deadline = systemClock.now() + WITHIN_MS;
    let registered = new Set<string>();
    while (registered.size < accounts.length) {
      if (systemClock.now() > deadline || runner.child.exitCode !== null) break;
      await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 200));
      registered = await registeredAors(runLog);
    }
    runner.child.kill("SIGINT");
    const ran = await runner.exit;
    assert.deepEqual([...registered].sort(), [...accounts].sort(), `not every account registered; run said:\n${ran.out}\n${ran.err}`);
    assert.equal(ran.code, 0, ran.err);
    assert.match(ran.out, /uacreg run: listening on udp:127\.0\.0\.1:15070; 5 records loaded, 0 rejected/);
    assert.match(ran.out, /uacreg run: stopped on SIGINT/);

    const drawn = await start(timeline, cwd).exit;
    assert.equal(drawn.code, 0, drawn.err);
    const page = await readFile(join(cwd, "reports", "lab-timeline.html"), "utf8");
    for (const aor of accounts) assert.ok(page.includes(aor ?? ""), `${aor} has a lane`);
  });
});
