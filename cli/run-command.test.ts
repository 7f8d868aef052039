/**
 * `uacreg run` with a broken configuration, as a child process: each case exits 2 (the
 * configuration must change) or 1 (the world did not cooperate) with exactly one line on stderr
 * that says what, and never prints the database password (D16).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createSocket } from "node:dgram";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));
const PASSWORD = "cli-Db-Secret-7";

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function uacreg(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

const folder = await mkdtemp(join(tmpdir(), "uacreg-run-cli-"));

async function configFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function runWith(name: string, text: string, extraArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  return uacreg(["run", "--config", await configFile(name, text), ...extraArgs], env);
}

function oneLine(outcome: Outcome): string {
  const lines = outcome.stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${outcome.stderr}`);
  assert.ok(!outcome.stderr.includes(PASSWORD) && !outcome.stdout.includes(PASSWORD), "the password was printed");
  return lines[0] ?? "";
}

describe("uacreg run with a broken configuration", () => {
  it("exits 2 or 1 with one clear line for each way the configuration can be wrong", async () => {
    const sqlite = `sqlite:${join(folder, "lab.db")}`;
    const busy = createSocket("udp4");
    await new Promise<void>((resolve) => busy.bind(0, "127.0.0.1", resolve));
    const busyPort = busy.address().port;
    const initialised = await uacreg(["db", "init", sqlite]);
    assert.equal(initialised.code, 0, initialised.stderr);
    const rowFile = join(folder, "rows.csv");
    await writeFile(rowFile, "aor,binding_URI,registrar,forced_socket\nsip:a@lab.test,sip:a@127.0.0.1:5070,sip:127.0.0.1:5060,udp:127.0.0.1:5999\n");
    // Without --config the listeners are unknown, so the row goes in; uacreg run then rejects it.
    assert.equal((await uacreg(["db", "import", sqlite, rowFile])).code, 0);

    const [unknownKey, wrongType, missingEnv, badListen, forcedSocket, unreachable, inUse, badRate] = await Promise.all([
      runWith("unknown.yaml", "listen: [udp:127.0.0.1:0]\nhash_sise: 2\n"),
      runWith("type.yaml", "listen: [udp:127.0.0.1:0]\ntimer_interval: ten\n"),
      runWith("env.yaml", "listen: [udp:127.0.0.1:0]\ndb_url: postgres://lab:${UACREG_TEST_UNSET_PW}@127.0.0.1/test\n"),
      runWith("listen.yaml", "listen: [udp:localhost:5060]\n"),
      runWith("forced.yaml", `listen: [udp:127.0.0.1:0]\ndb_url: ${sqlite}\n`, ["--strict"]),
      runWith("db.yaml", `listen: [udp:127.0.0.1:0]\ndb_url: postgres://lab:\${PW}@127.0.0.1:1/test\ndb_connect: { attempts: 2, initial_delay_ms: 10 }\n`, [], { PW: PASSWORD }),
      runWith("busy.yaml", `listen: [udp:127.0.0.1:${busyPort}]\ndb_url: ${sqlite}\n`),
      runWith("rate.yaml", `listen: [udp:127.0.0.1:0]\ndb_url: ${sqlite}\n`, ["--unregister-rate", "fast"]),
    ]);
    busy.close();

    assert.equal(unknownKey.code, 2);
    assert.match(oneLine(unknownKey), /^uacreg run: .*unknown\.yaml:2:12: \/hash_sise: unknown field "hash_sise"/);
    assert.equal(wrongType.code, 2);
    assert.match(oneLine(wrongType), /^uacreg run: .*type\.yaml:2:17: \/timer_interval: must be a whole number, got string "ten"$/);
    assert.equal(missingEnv.code, 2);
    assert.match(oneLine(missingEnv), /^uacreg run: .*env\.yaml:2:9: \/db_url: environment variable UACREG_TEST_UNSET_PW is not set$/);
    assert.equal(badListen.code, 2);
    assert.match(oneLine(badListen), /^uacreg run: .*listen\.yaml:1:10: \/listen\/0: socket name "udp:localhost:5060": host "localhost" is not an IP address/);
    assert.equal(forcedSocket.code, 2);
    assert.match(forcedSocket.stdout, /uacreg run: row 1 \(sip:a@lab\.test\) rejected: forced_socket: .*udp:127\.0\.0\.1:5999/);
    assert.equal(oneLine(forcedSocket), "uacreg run: 1 row rejected at start-up (--strict)");
    assert.equal(unreachable.code, 1);
    assert.match(oneLine(unreachable), /^uacreg run: database postgres:\/\/lab:\*\*\*@127\.0\.0\.1:1\/test not reachable after 2 attempts: /);
    assert.equal(inUse.code, 1);
    assert.match(oneLine(inUse), new RegExp(`^uacreg run: listen udp:127\\.0\\.0\\.1:${busyPort}: `));
    assert.equal(badRate.code, 2);
    assert.equal(oneLine(badRate), 'uacreg run: --unregister-rate: must be a whole number from 1, got "fast"');
  });

  it("config check prints the resolved configuration with the password masked, and every problem of a broken one", async () => {
    const path = await configFile("check.yaml", "listen: [udp:127.0.0.1:5070]\ndb_url: mysql://root:${PW}@127.0.0.1:3306/test\n");
    const valid = await uacreg(["config", "check", "--config", path], { PW: PASSWORD });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, /^db_url: mysql:\/\/root:\*\*\*@127\.0\.0\.1:3306\/test$/m);
    assert.ok(!valid.stdout.includes(PASSWORD));
    const broken = await uacreg(["config", "check", "--config", await configFile("broken.yaml", "listen: []\nhash_size: 30\nfoo: 1\n")]);
    assert.equal(broken.code, 2);
    assert.equal(broken.stderr.split("\n").filter((l) => l !== "").length, 2);
  });
});
