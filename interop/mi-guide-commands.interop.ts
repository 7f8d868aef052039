/**
 * The admin guide's MI examples (§1.5), in the form `uacreg mi ...`, each run as the installed
 * command (a process of its own) against a live `uacreg run` (another process, on SQLite, with
 * its management server on loopback as its configuration's `mi` section says). Checks the
 * documented result shapes and what each command did to the registration at the registrar.
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { callMi, createUdpTransport, cryptoRandom, systemClock, type ListedRecord, type Transport } from "../engine/index.js";
import { Registrar } from "../testkit/engine-harness.js";
import { runUacreg, startUacreg, type CommandRun, type RunningUacreg } from "../testkit/run-uacreg.js";

const WAIT_MS = 10_000;

let dir: string;
let registrarSide: Transport;
let registrar: Registrar;
let run: RunningUacreg;
let miUrl: string;
let alice: [string, string, string];

function uacreg(...args: string[]): Promise<CommandRun> {
  return runUacreg(["mi", "--url", miUrl, ...args]);
}

async function result(...args: string[]): Promise<unknown> {
  const ran = await uacreg(...args);
  assert.equal(ran.code, 0, `uacreg mi ${args.join(" ")}: ${ran.stderr}`);
  return JSON.parse(ran.stdout);
}

/** The running service's records, asked over its management interface (polling stays in this process). */
async function records(): Promise<ListedRecord[]> {
  const answer = await callMi("reg_list", [], { url: miUrl, token: null });
  assert.equal(answer.kind, "result");
  return (answer.result as { Records: ListedRecord[] }).Records;
}

async function waitFor(what: string, condition: (listed: ListedRecord[]) => boolean): Promise<void> {
  const deadline = systemClock.now() + WAIT_MS;
  while (!condition(await records())) {
    if (systemClock.now() > deadline) assert.fail(`${what}: not within ${WAIT_MS} ms; uacreg run said:\n${run.output()}`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 50));
  }
}

const stateOf = (listed: ListedRecord[], aor: string): string | undefined => listed.find((r) => r.AOR === aor)?.state;

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.on("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "uacreg-mi-guide-"));
  registrarSide = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  registrar = new Registrar(registrarSide, systemClock, cryptoRandom());
  registrar.users.set("alice", "wonderland");
  registrar.users.set("bob", "builder");
  const enginePort = await freeUdpPort();
  alice = ["sip:alice@opensips.org", `sip:alice@127.0.0.1:${enginePort}`, `sip:127.0.0.1:${registrarSide.local.port}`];
  const db = `sqlite:${join(dir, "registrant.db")}`;
  await writeFile(join(dir, "accounts.csv"), `aor,binding_URI,registrar,username,password,expiry,state\n${alice.join(",")},alice,wonderland,3600,0\n`);
  for (const step of [["db", "init", db], ["db", "import", db, join(dir, "accounts.csv")]]) {
    const ran = await runUacreg(step);
    assert.equal(ran.code, 0, `uacreg ${step.join(" ")}: ${ran.stderr}`);
  }
  const config = join(dir, "uacreg.yaml");
  await writeFile(config, `hash_size: 1\ntimer_interval: 2\ndb_url: ${db}\nlisten:\n  - udp:127.0.0.1:${enginePort}\nlog:\n  format: json\nmi:\n  port: 0\n`);
  run = startUacreg(["run", "--config", config]);
  miUrl = (await run.waitForOutput(/management interface at (http:\/\/\S+?)(?:;|\s|$)/m))[1]!;
  await waitFor("alice registered", (listed) => stateOf(listed, alice[0]) === "REGISTERED_STATE");
});

after(async () => {
  const code = await run?.stop("SIGTERM");
  await registrarSide?.close();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0, `uacreg run did not stop cleanly:\n${run?.output()}`);
});

describe("the admin guide's MI commands as uacreg mi, against a live uacreg run", () => {
  it("reg_list: Records with the documented keys, no credentials", async () => {
    const all = (await result("reg_list")) as { Records: Record<string, unknown>[] };
    assert.equal(all.Records.length, 1);
    assert.deepEqual(Object.keys(all.Records[0]!), ["AOR", "expires", "state", "enabled", "last_register_sent", "registration_t_out", "registrar", "binding", "socket", "dst_IP", "ip"]);
    assert.deepEqual([all.Records[0]!.state, all.Records[0]!.enabled, all.Records[0]!.dst_IP, all.Records[0]!.ip], ["REGISTERED_STATE", "yes", "IPv4", "127.0.0.1"]);
    assert.match(String(all.Records[0]!.last_register_sent), /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    assert.ok(!JSON.stringify(all).includes("wonderland"));
  });

  it("reg_list <aor> <contact> <registrar>: the one Registrant", async () => {
    const one = (await result("reg_list", ...alice)) as { Registrant: { AOR: string; binding: string } };
    assert.deepEqual([one.Registrant.AOR, one.Registrant.binding], [alice[0], alice[1]]);
  });

  it("reg_disable then reg_enable: unREGISTER at once, then REGISTER at once", async () => {
    assert.deepEqual(await result("reg_disable", ...alice), "OK");
    await waitFor("alice unregistered", (listed) => stateOf(listed, alice[0]) === "NOT_REGISTERED_STATE");
    assert.deepEqual(await result("reg_enable", ...alice), "OK");
    await waitFor("alice registered again", (listed) => stateOf(listed, alice[0]) === "REGISTERED_STATE");
  });

  it("reg_force_register: the next visit refreshes", async () => {
    const before = registrar.count;
    assert.deepEqual(await result("reg_force_register", ...alice), "OK");
    await waitFor("a refresh REGISTER", (listed) => registrar.count > before && stateOf(listed, alice[0]) === "REGISTERED_STATE");
  });

  it("reg_reload and reg_reload <aor> <contact> <registrar>: OK, alice keeps her registration", async () => {
    assert.deepEqual(await result("reg_reload"), "OK");
    assert.deepEqual(await result("reg_reload", ...alice), "OK");
    assert.equal(stateOf(await records(), alice[0]), "REGISTERED_STATE");
  });

  it("reg_upsert (all twelve params) then reg_delete: bob registers, then is removed", async () => {
    const bob = ["sip:bob@opensips.org", alice[1].replace("alice", "bob"), alice[2]] as const;
    assert.deepEqual(await result("reg_upsert", ...bob, "", "", "bob", "builder", "", "3600", "", "", "0"), "OK");
    await waitFor("bob registered", (listed) => stateOf(listed, bob[0]) === "REGISTERED_STATE");
    const listed = await uacreg("reg_list");
    assert.ok(!listed.stdout.includes("builder"), "the password is never shown");
    assert.deepEqual(await result("reg_delete", ...bob), "OK");
    assert.equal(stateOf(await records(), bob[0]), undefined);
  });

  it("sr_list_reports uac_registrant: alice's reports", async () => {
    const reports = (await result("sr_list_reports", "uac_registrant")) as { Name: string; Reports: { Log: string }[] }[];
    const mine = reports.find((r) => r.Name === `aor=${alice[0]};contact=${alice[1]};registrar=${alice[2]}`);
    assert.ok(mine?.Reports.some((r) => r.Log === "state changed to REGISTERED_STATE\n"));
  });

  it("an error row: exit 1 with the message", async () => {
    const ran = await uacreg("reg_enable", alice[0], alice[1], "sip:elsewhere.org");
    assert.deepEqual([ran.code, ran.stdout], [1, ""]);
    assert.match(ran.stderr, /No such registrant \(code 404\)/);
  });
});
