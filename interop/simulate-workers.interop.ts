/**
 * `uacreg simulate --workers 2` as a user starts it: SIPp registers 1,000 accounts with digest,
 * the AORs shared out to two worker threads, and `/bindings` (gathered from both) shows every
 * account exactly once. Needs `sipp` on PATH: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freePorts, runSipp, sippAvailable, sippUsersCsv } from "./harness/sipp.js";
import { startSimulatorProcess } from "./harness/simulator-process.js";

const REALM = "workers.example";
const USERS = Array.from({ length: 1000 }, (_, i) => ({ user: `acct${i}`, password: `pw-${i}-${(i * 7919) % 10007}` }));

if (!sippAvailable()) throw new Error("sipp is not on PATH: run `npm run peers:install` first");

let workDir: string;
let usersFile: string;
let usersCsv: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "uacreg-workers-"));
  usersFile = join(workDir, "users.txt");
  usersCsv = join(workDir, "users.csv");
  await writeFile(usersFile, USERS.map(({ user, password }) => `${user}:${password}`).join("\n") + "\n");
  await writeFile(usersCsv, sippUsersCsv(USERS, REALM));
});
after(() => rm(workDir, { recursive: true, force: true }));

describe("uacreg simulate --workers 2", () => {
  it("registers 1,000 SIPp accounts with digest, and /bindings and /metrics show each of them once", async () => {
    const [port = 0, httpPort = 0] = await freePorts(2);
    const simulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${port}`, "--users", usersFile, "--realm", REALM, "--workers", "2", "--http", `127.0.0.1:${httpPort}`]);
    try {
      const result = await runSipp({ scenario: "register-digest.xml", target: { protocol: "udp", host: "127.0.0.1", port }, usersCsv, calls: USERS.length, rate: 500, timeoutSec: 60, workDir, keys: { expires: "3600" } });
      assert.equal(result.exitCode, 0, `sipp failed: ${result.stderr}\n${result.errors}`);
      assert.equal(result.stats.successful, USERS.length);
      const response = await fetch(`http://127.0.0.1:${httpPort}/bindings`);
      const { bindings } = (await response.json()) as { bindings: Array<{ aor: string }> };
      const aors = bindings.map((binding) => binding.aor).sort();
      assert.equal(aors.length, USERS.length, "one binding per account");
      assert.deepEqual(aors, USERS.map(({ user }) => `sip:${user}@${REALM}`).sort(), "every account, each once");
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      assert.match(metrics, /^uacreg_simulator_aors 1000$/m, "the metrics gather from both workers too");
    } finally {
      await simulator.stop();
    }
  });
});
