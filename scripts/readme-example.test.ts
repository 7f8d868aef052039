/**
 * The README's "Using the engine as a library" example, run as written: the code block is copied
 * out of README.md and run as its own process against the simulator on loopback, and alice must
 * end up registered (the event printed, the binding held).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseUsersFile, startSimulator } from "../simulator/index.js";
import { labUsersFile, REALM } from "../testkit/lab.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = "<!-- library-example:";

/** The first ```ts block after the marker comment. */
export function libraryExample(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at === -1) throw new Error("README.md has no library-example marker");
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (block?.[1] === undefined) throw new Error("no ```ts block after the library-example marker");
  return block[1];
}

test("the README's library example registers one account on real UDP", async (t) => {
  const code = libraryExample(await readFile(`${ROOT}README.md`, "utf8"));
  assert.ok(code.split("\n").length <= 40, "the example stays short");
  // Inside the repo, so that `import ... from "uacreg"` resolves through package.json's exports.
  await mkdir(`${ROOT}.tmp`, { recursive: true });
  const file = `${ROOT}.tmp/readme-example.ts`;
  await writeFile(file, code);
  const simulator = await startSimulator({ listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }], realm: REALM, users: parseUsersFile(labUsersFile()) });
  t.after(() => simulator.stop());
  const registrar = `sip:127.0.0.1:${simulator.sockets[0]?.port ?? 0}`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file, registrar], { cwd: ROOT, timeout: 20_000 });
  assert.match(stdout, /^E_REGISTRANT_REGISTERED sip:alice@example\.org$/m);
  assert.equal(simulator.registrar.bindings("sip:alice@example.org").length, 1);
});
