/**
 * Interop: SIPp, a registrant we did not write, registers with digest against the simulator as
 * `uacreg simulate` runs it (in-process here, so the bindings can be read from the handle).
 * Needs `sipp` on PATH: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type SocketName } from "../engine/index.js";
import { loadScriptFile, startSimulator, UserTable, type SimulatorHandle } from "../simulator/index.js";
import { runSipp, sippAvailable, sippUsersCsv } from "./harness/sipp.js";

const REALM = "interop.example";
const USERS = Array.from({ length: 20 }, (_, i) => ({ user: `user${String(i).padStart(2, "0")}`, password: `secret ${i}#x` }));
const FORBIDDEN_SCRIPT = fileURLToPath(new URL("../fixtures/scripts/403-forbidden.yaml", import.meta.url));
const EXPIRES_SEC = 1800;

if (!sippAvailable()) throw new Error("sipp is not on PATH: run `npm run peers:install` first");

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "uacreg-interop-"));
});
after(() => rm(workDir, { recursive: true, force: true }));

const usersTable = () => UserTable.fromEntries(USERS.map(({ user, password }) => ({ realm: REALM, username: user, password })));

async function csv(name: string, users: typeof USERS): Promise<string> {
  const path = join(workDir, name);
  await writeFile(path, sippUsersCsv(users, REALM));
  return path;
}

function socketOf(simulator: SimulatorHandle, protocol: "udp" | "tcp"): SocketName {
  const socket = simulator.sockets.find((s) => s.protocol === protocol);
  assert.ok(socket !== undefined, `no ${protocol} socket`);
  return socket;
}

describe("SIPp registers with digest against uacreg simulate", () => {
  let simulator: SimulatorHandle;
  before(async () => {
    simulator = await startSimulator({
      listen: [
        { protocol: "udp", host: "127.0.0.1", port: 0 },
        { protocol: "tcp", host: "127.0.0.1", port: 0 },
      ],
      realm: REALM,
      users: usersTable(),
      transcriptCapacity: 0,
    });
  });
  after(() => simulator.stop());

  const cases = [
    { protocol: "udp", users: USERS.slice(0, 10) },
    { protocol: "tcp", users: USERS.slice(10) },
  ] as const;

  for (const { protocol, users } of cases) {
    it(`over ${protocol}: every user gets exactly the binding SIPp asked for`, async () => {
      const result = await runSipp({
        scenario: "register-digest.xml",
        target: socketOf(simulator, protocol),
        usersCsv: await csv(`${protocol}.csv`, users),
        calls: users.length,
        rate: 20,
        timeoutSec: 20,
        workDir,
        keys: { expires: String(EXPIRES_SEC) },
        traceMessages: true,
      });
      assert.equal(result.exitCode, 0, `sipp failed: ${result.stderr}\n${result.errors}`);
      assert.equal(result.stats.successful, users.length);
      assert.equal(result.stats.failed, 0);
      assert.equal((result.messages.match(/^SIP\/2\.0 401 /gm) ?? []).length, users.length, "one challenge per user");
      const sippPort = /^Via: SIP\/2\.0\/(?:UDP|TCP) 127\.0\.0\.1:(\d+);/m.exec(result.messages)?.[1];
      assert.ok(sippPort !== undefined, "SIPp's port from its Via");
      for (const { user } of users) {
        const bindings = simulator.registrar.bindings(`sip:${user}@${REALM}`);
        assert.equal(bindings.length, 1, `${user}: ${JSON.stringify(bindings)}`);
        const [binding] = bindings;
        assert.equal(binding?.contact, `<sip:${user}@127.0.0.1:${sippPort};transport=${protocol.toUpperCase()}>`);
        assert.ok((binding?.expiresSec ?? 0) > EXPIRES_SEC - 30 && (binding?.expiresSec ?? 0) <= EXPIRES_SEC, `${user} expires in ${binding?.expiresSec}`);
        assert.equal(binding?.cseq, 2);
      }
      const otherProtocol = cases.find((c) => c.protocol !== protocol)?.users ?? [];
      for (const { user } of otherProtocol) {
        for (const binding of simulator.registrar.bindings(`sip:${user}@${REALM}`)) assert.doesNotMatch(binding.contact, new RegExp(`transport=${protocol}`, "i"));
      }
    });
  }
});

describe("SIPp sees a scripted 403", () => {
  it("gets 403 Forbidden after answering the challenge, and no binding is left", async () => {
    const simulator = await startSimulator({
      listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }],
      realm: REALM,
      users: usersTable(),
      script: await loadScriptFile(FORBIDDEN_SCRIPT),
    });
    try {
      const users = USERS.slice(0, 3);
      const result = await runSipp({
        scenario: "register-forbidden.xml",
        target: socketOf(simulator, "udp"),
        usersCsv: await csv("forbidden.csv", users),
        calls: users.length,
        rate: 10,
        timeoutSec: 20,
        workDir,
        traceMessages: true,
      });
      assert.equal(result.exitCode, 0, `sipp failed: ${result.stderr}\n${result.errors}`);
      assert.equal(result.stats.successful, users.length);
      assert.equal((result.messages.match(/^SIP\/2\.0 403 Forbidden/gm) ?? []).length, users.length);
      assert.equal((result.messages.match(/^Authorization: Digest /gm) ?? []).length, users.length, "SIPp answered each challenge first");
      assert.deepEqual(simulator.registrar.bindings(), []);
    } finally {
      await simulator.stop();
    }
  });
});
