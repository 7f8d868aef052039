/**
 * A freshly started `uacreg simulate` (its own process, as a user starts it: cold JIT, empty heap)
 * takes a burst: SIPp registers 1,000 users with digest at 1,000 calls per second, so 2,000
 * transactions reach it within about a second. SIPp retransmits a REGISTER not answered within
 * 500 ms; the test counts those retransmissions over 5 cold starts and wants none.
 * Needs `sipp` on PATH: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freePorts, runSipp, sippAvailable, sippUsersCsv } from "./harness/sipp.js";
import { startSimulatorProcess } from "./harness/simulator-process.js";

const REALM = "burst.example";
const USERS = Array.from({ length: 1000 }, (_, i) => ({ user: `burst${i}`, password: `pw-${i}-${(i * 7919) % 10007}` }));
const COLD_STARTS = 5;

if (!sippAvailable()) throw new Error("sipp is not on PATH: run `npm run peers:install` first");

let workDir: string;
let usersFile: string;
let usersCsv: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "uacreg-burst-"));
  usersFile = join(workDir, "users.txt");
  usersCsv = join(workDir, "users.csv");
  await writeFile(usersFile, USERS.map(({ user, password }) => `${user}:${password}`).join("\n") + "\n");
  await writeFile(usersCsv, sippUsersCsv(USERS, REALM));
});
after(() => rm(workDir, { recursive: true, force: true }));

describe("a cold simulator takes a burst of 1,000 registrations with digest", () => {
  it(`answers every one within SIPp's 500 ms, so nothing is retransmitted, in ${COLD_STARTS} of ${COLD_STARTS} cold starts`, async () => {
    const tries: string[] = [];
    let retransmitted = 0;
    for (let attempt = 1; attempt <= COLD_STARTS; attempt++) {
      const [port = 0] = await freePorts(1);
      const simulator = await startSimulatorProcess(["--listen", `udp:127.0.0.1:${port}`, "--users", usersFile, "--realm", REALM]);
      let counters: { messagesIn: number; messagesOut: number };
      let stats;
      try {
        const result = await runSipp({ scenario: "register-digest.xml", target: { protocol: "udp", host: "127.0.0.1", port }, usersCsv, calls: USERS.length, rate: 1000, timeoutSec: 30, workDir, keys: { expires: "3600" } });
        stats = result.stats;
        assert.equal(result.exitCode, 0, `sipp failed (try ${attempt}): ${result.stderr}\n${result.errors}`);
      } finally {
        counters = await simulator.stop();
      }
      assert.equal(stats.successful, USERS.length, `try ${attempt}`);
      retransmitted += stats.retransmissions;
      tries.push(`try ${attempt}: ${stats.retransmissions} retransmissions, ${counters.messagesIn} requests in (${2 * USERS.length} without retransmissions)`);
    }
    console.log(tries.join("\n"));
    assert.equal(retransmitted, 0, tries.join("\n"));
  });
});
