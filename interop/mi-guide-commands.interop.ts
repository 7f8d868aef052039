/**
 * The admin guide's MI examples (§1.5), in the form `uacreg mi ...`, each run as the installed
 * command (a process of its own) against an engine on real UDP sockets and real timers, with its
 * management server on loopback built by the service's `prepareManagement`. Checks the
 * documented result shapes and what each command did to the registration.
 *
 * Until `uacreg run` wires the same parts into one process, the engine runs in this test's
 * process; the requests still cross real HTTP from a separate client process.
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createEngine,
  createUdpTransport,
  cryptoRandom,
  MemoryRegistrantStore,
  prepareManagement,
  StaticResolver,
  systemClock,
  type Management,
  type MiServer,
  type RegistrantEngine,
  type Transport,
} from "../engine/index.js";
import { Registrar } from "../testkit/engine-harness.js";
import { runUacreg, type CommandRun } from "../testkit/run-uacreg.js";

const WAIT_MS = 10_000;

let registrarSide: Transport;
let registrar: Registrar;
let engine: RegistrantEngine;
let management: Management;
let server: MiServer;
let alice: [string, string, string];

function uacreg(...args: string[]): Promise<CommandRun> {
  return runUacreg(["mi", "--url", server.url, ...args]);
}

async function result(...args: string[]): Promise<unknown> {
  const ran = await uacreg(...args);
  assert.equal(ran.code, 0, `uacreg mi ${args.join(" ")}: ${ran.stderr}`);
  return JSON.parse(ran.stdout);
}

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = systemClock.now() + WAIT_MS;
  while (!condition()) {
    if (systemClock.now() > deadline) assert.fail(`${what}: not within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const stateOf = (): string => engine.list({ aor: alice[0], contact: alice[1], registrar: alice[2] }).Registrant.state;

before(async () => {
  registrarSide = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  registrar = new Registrar(registrarSide, systemClock, cryptoRandom());
  registrar.users.set("alice", "wonderland");
  registrar.users.set("bob", "builder");
  const engineSide = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  alice = ["sip:alice@opensips.org", `sip:alice@127.0.0.1:${engineSide.local.port}`, `sip:opensips.org:${registrarSide.local.port}`];
  const store = new MemoryRegistrantStore([{ aor: alice[0], contact: alice[1], registrar: alice[2], username: "alice", password: "wonderland", expiry: 3600 }]);
  management = prepareManagement({ mi: { port: 0 }, metrics: { processMetrics: false } }, { clock: systemClock, random: cryptoRandom(), logger: { debug() {}, info() {}, warn() {}, error() {} } });
  engine = createEngine(
    { hash_size: 1, timer_interval: 2 },
    { clock: systemClock, transports: [engineSide], resolver: new StaticResolver({ "opensips.org": ["127.0.0.1"] }), store, random: cryptoRandom(), ...management.engineDeps },
  );
  const served = await management.serve(engine);
  assert.ok(served !== null);
  server = served;
  await engine.start();
  await waitFor("alice registered", () => stateOf() === "REGISTERED_STATE");
});

after(async () => {
  await management?.close();
  await engine?.stop();
  await registrarSide?.close();
});

describe("the admin guide's MI commands as uacreg mi, against a live engine", () => {
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
    await waitFor("alice unregistered", () => stateOf() === "NOT_REGISTERED_STATE");
    assert.deepEqual(await result("reg_enable", ...alice), "OK");
    await waitFor("alice registered again", () => stateOf() === "REGISTERED_STATE");
  });

  it("reg_force_register: the next visit refreshes", async () => {
    const before = registrar.count;
    assert.deepEqual(await result("reg_force_register", ...alice), "OK");
    await waitFor("a refresh REGISTER", () => registrar.count > before && stateOf() === "REGISTERED_STATE");
  });

  it("reg_reload and reg_reload <aor> <contact> <registrar>: OK, alice keeps her registration", async () => {
    assert.deepEqual(await result("reg_reload"), "OK");
    assert.deepEqual(await result("reg_reload", ...alice), "OK");
    assert.equal(stateOf(), "REGISTERED_STATE");
  });

  it("reg_upsert (all twelve params) then reg_delete: bob registers, then is removed", async () => {
    const bob = ["sip:bob@opensips.org", alice[1].replace("alice", "bob"), alice[2]] as const;
    assert.deepEqual(await result("reg_upsert", ...bob, "", "", "bob", "builder", "", "3600", "", "", "0"), "OK");
    await waitFor("bob registered", () => engine.list().Records.some((r) => r.AOR === bob[0] && r.state === "REGISTERED_STATE"));
    const listed = await uacreg("reg_list");
    assert.ok(!listed.stdout.includes("builder"), "the password is never shown");
    assert.deepEqual(await result("reg_delete", ...bob), "OK");
    assert.ok(!engine.list().Records.some((r) => r.AOR === bob[0]));
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
