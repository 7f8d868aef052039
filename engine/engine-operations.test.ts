process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryShtags } from "./cluster/memory-shtags.js";
import { RegistrantOperationError } from "./registrant/index.js";
import { getContacts, headerValue, type SipRequest } from "./sip/index.js";
import type { IncomingRequest } from "./transaction/index.js";
import { ENGINE_HOST, harness, REGISTRAR, row, type Harness } from "../testkit/engine-harness.js";

const ALICE = "sip:alice@example.org";
const CONTACT = `sip:alice@${ENGINE_HOST}:5060`;
const aliceId = { aor: ALICE, contact: CONTACT, registrar: REGISTRAR };

function isError(code: string, param?: string) {
  return (error: unknown): boolean =>
    error instanceof RegistrantOperationError && error.code === code && (param === undefined || error.param === param);
}

function contactExpires(request: SipRequest): string | null {
  const contacts = getContacts(request);
  if (contacts.wildcard) return "*";
  return contacts.contacts[0]?.params.find(([n]) => n === "expires")?.[1] ?? null;
}

/** alice registered at second 50 (bucket 0 of 2, T=100). */
async function registeredAlice(extraRows: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness({ rows: [row(ALICE)], ...extraRows });
  await h.engine.start();
  await h.until(51);
  assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
  return h;
}

describe("list (§9.2, D21, D16)", () => {
  it("§9.2 one record: exact shape and key order, ctime strings in the process TZ, no username or password", async () => {
    const h = harness({
      rows: [
        row(ALICE, {
          proxy: "sip:proxy.example.org",
          third_party_registrant: "sip:boss@example.org",
          binding_params: ";+sip.instance=\"<urn:uuid:1>\"",
          cluster_shtag: "tag1/0",
        }),
      ],
    });
    await h.engine.start();
    assert.deepEqual(h.engine.list(aliceId), {
      Registrant: {
        AOR: ALICE,
        expires: 3600,
        state: "NOT_REGISTERED_STATE",
        enabled: "yes",
        last_register_sent: "Thu Jan  1 00:00:00 1970",
        registration_t_out: "Thu Jan  1 00:00:00 1970",
        registrar: REGISTRAR,
        binding: CONTACT,
        binding_params: ";+sip.instance=\"<urn:uuid:1>\"",
        third_party_registrant: "sip:boss@example.org",
        proxy: "sip:proxy.example.org",
        shtag: "tag1",
        cluster_id: 0,
      },
    });
    await h.until(51);
    const listed = h.engine.list(aliceId).Registrant;
    assert.deepEqual(Object.keys(listed), [
      "AOR", "expires", "state", "enabled", "last_register_sent", "registration_t_out", "registrar", "binding",
      "binding_params", "third_party_registrant", "socket", "proxy", "dst_IP", "ip", "shtag", "cluster_id",
    ]);
    assert.equal(listed.last_register_sent, "Thu Jan  1 00:00:50 1970");
    assert.equal(listed.socket, `udp:${ENGINE_HOST}:5060`);
    assert.ok(!JSON.stringify(listed).includes("wonderland"));
    await h.engine.stop();
  });

  it("§9.2 all records: buckets 0..N-1 in list order; a missing triple is not_found; a missing param is invalid_params", async () => {
    // bob hashes to bucket 1 of 2, alice and carol to bucket 0.
    const h = harness({ rows: [row("sip:bob@example.org"), row(ALICE), row("sip:carol@example.org")] });
    await h.engine.start();
    const order = h.engine.list().Records.map((r) => r.AOR);
    assert.equal(order.length, 3);
    assert.deepEqual(order.indexOf(ALICE) < order.indexOf("sip:carol@example.org"), true);
    assert.throws(() => h.engine.list({ ...aliceId, registrar: "sip:other.example.org" }), isError("not_found"));
    assert.throws(() => h.engine.list({ ...aliceId, contact: "" }), isError("invalid_params", "contact"));
    await h.engine.stop();
  });
});

describe("enable / disable / force_register (§8, §9.2)", () => {
  it("§8 disable a REGISTERED record: unREGISTER (expires=0, same dialog), challenged once, NOT_REGISTERED; state column := 1", async () => {
    const h = await registeredAlice();
    const callId = headerValue(h.registrar.received[0]!.request, "Call-ID");
    await h.engine.disable(aliceId);
    assert.deepEqual(h.store.stateWrites, [{ id: aliceId, enabled: false }]);
    await h.until(52);
    const unregisters = h.registrar.received.slice(2);
    assert.deepEqual(unregisters.map((r) => contactExpires(r.request)), ["0", "0"]);
    assert.ok(unregisters.every((r) => headerValue(r.request, "Call-ID") === callId));
    assert.deepEqual(h.events.slice(3).map((e) => e.name), ["E_REGISTRANT_UNREGISTERING", "E_REGISTRANT_AUTHENTICATING_UNREGISTER"]);
    const listed = h.engine.list(aliceId).Registrant;
    assert.equal(listed.state, "NOT_REGISTERED_STATE");
    assert.equal(listed.enabled, "no");
    assert.equal(h.store.rows[0]?.state, 1);
    await h.engine.stop();
  });

  it("§8 enable a disabled NOT_REGISTERED record: new dialog, REGISTER at once; state column := 0", async () => {
    const h = harness({ rows: [row(ALICE, { state: 1 })] });
    await h.engine.start();
    await h.until(60);
    assert.equal(h.registrar.received.length, 0, "a disabled record is not registered");
    await h.engine.enable(aliceId);
    await h.until(61);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    assert.deepEqual(h.store.stateWrites, [{ id: aliceId, enabled: true }]);
    await h.engine.enable(aliceId);
    assert.equal(h.store.stateWrites.length, 1, "§8 enabling an enabled record writes nothing");
    await h.engine.stop();
  });

  it("§9.2 force_register: TO := 0, nothing sent now, the next visit of the bucket refreshes", async () => {
    const h = await registeredAlice();
    await h.engine.forceRegister(aliceId);
    assert.equal(h.engine.list(aliceId).Registrant.registration_t_out, "Thu Jan  1 00:00:00 1970");
    assert.equal(h.registrar.received.length, 2);
    await h.until(151);
    assert.equal(h.registrar.received.length, 4, "refreshed at the visit of second 150");
    assert.equal(Math.floor(h.registrar.received[2]!.atMs / 1000), 150);
    await h.engine.stop();
  });

  it("§9.2 enable, disable and force_register of an unknown triple are not_found", async () => {
    const h = harness();
    await h.engine.start();
    for (const op of [h.engine.enable, h.engine.disable, h.engine.forceRegister, h.engine.delete]) {
      await assert.rejects(op.call(h.engine, aliceId), isError("not_found", "aor"));
    }
    await h.engine.stop();
  });
});

describe("upsert (§9.2, §9.3, D12, D26)", () => {
  it("§9.3 a new triple is appended with its SR identifier (created report); it registers at its next visit", async () => {
    const h = harness();
    await h.engine.start();
    await h.engine.upsert(row(ALICE));
    const sr = h.engine.statusReport(aliceId);
    assert.equal(sr.identifier, `aor=${ALICE};contact=${CONTACT};registrar=${REGISTRAR}`);
    assert.deepEqual(sr.reports.map((r) => r.text), ["created with state NOT_REGISTERED_STATE\n"]);
    await h.until(51);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    assert.equal(h.engine.statusReport(aliceId).status, 1);
    await h.engine.stop();
  });

  it("D12 / Q22 an invalid row is invalid_params naming the parameter: negative expiry, user part in registrar", async () => {
    const h = harness();
    await h.engine.start();
    await assert.rejects(h.engine.upsert(row(ALICE, { expiry: -5 })), isError("invalid_params", "expiry"));
    await assert.rejects(h.engine.upsert(row(ALICE, { registrar: "sip:u@example.org" })), isError("invalid_params", "registrar"));
    assert.equal(h.engine.list().Records.length, 0);
    await h.engine.stop();
  });

  it("§9.3 / D3 an enabled upsert of a REGISTERED record inherits dialog and schedule: no REGISTER, no event, new data kept", async () => {
    const h = await registeredAlice();
    const before = h.engine.list(aliceId).Registrant;
    await h.engine.upsert(row(ALICE, { expiry: 1800 }));
    const after = h.engine.list(aliceId).Registrant;
    assert.equal(after.state, "REGISTERED_STATE");
    assert.equal(after.registration_t_out, before.registration_t_out);
    assert.equal(after.expires, 1800);
    await h.until(3549);
    assert.equal(h.registrar.received.length, 2);
    assert.equal(h.events.length, 3);
    await h.until(3551);
    assert.equal(headerValue(h.registrar.received[2]!.request, "Call-ID"), headerValue(h.registrar.received[0]!.request, "Call-ID"));
    assert.equal(contactExpires(h.registrar.received[2]!.request), "1800", "W of the new data from the next refresh");
    await h.engine.stop();
  });

  it("D26 an upsert with state=1 of a REGISTERED record: detached unREGISTER (one authenticated retry), no event, no SR report of its own", async () => {
    const h = await registeredAlice();
    await h.engine.upsert(row(ALICE, { state: 1 }));
    // D26a: the replacement's own report; the detached exchange adds none after it.
    const reports = h.engine.statusReport(aliceId).reports.length;
    assert.equal(h.engine.statusReport(aliceId).reports.at(-1)?.text, "replaced with state NOT_REGISTERED_STATE\n");
    assert.equal(h.engine.detachedUnregisters, 1);
    await h.until(52);
    assert.deepEqual(h.registrar.received.slice(2).map((r) => [contactExpires(r.request), headerValue(r.request, "Authorization") !== null]), [
      ["0", false],
      ["0", true],
    ]);
    assert.equal(h.engine.detachedUnregisters, 0);
    assert.equal(h.events.length, 3, "no event for the detached exchange");
    assert.equal(h.engine.statusReport(aliceId).reports.length, reports, "no SR report");
    const listed = h.engine.list(aliceId).Registrant;
    assert.deepEqual([listed.state, listed.enabled], ["NOT_REGISTERED_STATE", "no"]);
    await h.engine.stop();
  });
});

describe("delete (§9.2, D13, D23, D26)", () => {
  it("D13 memory only (no state write), SR identifier removed; D26 the unREGISTER finishes on its own", async () => {
    const h = await registeredAlice();
    await h.engine.delete(aliceId);
    assert.throws(() => h.engine.list(aliceId), isError("not_found"));
    assert.throws(() => h.engine.statusReport(aliceId), isError("not_found"));
    assert.equal(h.engine.statusReports().length, 0);
    await h.until(52);
    assert.deepEqual(h.store.stateWrites, []);
    assert.equal(h.store.rows[0]?.state, undefined);
    assert.deepEqual(h.registrar.received.slice(2).map((r) => contactExpires(r.request)), ["0", "0"]);
    assert.equal(h.events.length, 3);
    assert.deepEqual(
      h.runLog.entries().filter((e) => e.kind === "sip-out").map((e) => e.kind === "sip-out" && e.detached),
      [false, false, true, true],
    );
    await h.engine.stop();
  });

  it("D26 a challenge gets one authenticated retry only: a second challenge ends the exchange", async () => {
    const h = await registeredAlice();
    h.registrar.script = (incoming, registrar) => registrar.challenge(incoming);
    await h.engine.delete(aliceId);
    await h.until(120);
    assert.equal(h.registrar.received.length, 4);
    assert.equal(h.engine.detachedUnregisters, 0);
    assert.ok(h.logger.lines.some((l) => l.msg === "detached unREGISTER finished" && (l.ctx as { result: string }).result === "401"));
    await h.engine.stop();
  });

  it("§9.2 delete of a record not registered sends nothing", async () => {
    const h = harness({ rows: [row(ALICE)] });
    await h.engine.start();
    await h.engine.delete(aliceId);
    await h.until(200);
    assert.equal(h.registrar.received.length, 0);
    await h.engine.stop();
  });
});

describe("reload (§9.2, D3, D12, D23, D26)", () => {
  it("D3 full reload: unchanged REGISTERED records keep Call-ID and schedule; removed and disabled ones are unREGISTERed; new rows load", async () => {
    const bob = "sip:bob@example.org";
    const carol = "sip:carol@example.org";
    const h = harness({ rows: [row(ALICE), row(bob), row(carol)] });
    await h.engine.start();
    await h.until(101);
    assert.ok(h.engine.list().Records.every((r) => r.state === "REGISTERED_STATE"));
    const before = h.engine.list(aliceId).Registrant;
    const sent = h.registrar.received.length;
    h.store.setRows([row(ALICE), row(carol, { state: 1 }), row("sip:dave@example.org"), row("sip:eve@example.org", { expiry: 10 })]);
    const report = await h.engine.reload();
    assert.equal(report.loaded, 3);
    assert.deepEqual(report.rejected.map((r) => [r.index, r.param]), [[3, "expiry"]]);
    const after = h.engine.list(aliceId).Registrant;
    assert.deepEqual(
      [after.state, after.last_register_sent, after.registration_t_out],
      [before.state, before.last_register_sent, before.registration_t_out],
      "alice inherited state and schedule",
    );
    assert.equal(after.ip, undefined, "§9.2: the destination last used is not inherited");
    assert.throws(() => h.engine.statusReport({ ...aliceId, aor: bob, contact: `sip:bob@${ENGINE_HOST}:5060` }), isError("not_found"), "D23 bob's identifier is gone");
    assert.equal(h.engine.detachedUnregisters, 2, "bob removed, carol disabled");
    await h.until(102);
    const unregistered = h.registrar.received.slice(sent).filter((r) => contactExpires(r.request) === "0").map((r) => headerValue(r.request, "To"));
    assert.deepEqual([...new Set(unregistered)].sort(), [`<${bob}>`, `<${carol}>`]);
    assert.equal(h.engine.list({ aor: carol, contact: `sip:carol@${ENGINE_HOST}:5060`, registrar: REGISTRAR }).Registrant.state, "NOT_REGISTERED_STATE");
    await h.until(3551);
    const aliceCallIds = new Set(h.registrar.received.filter((r) => headerValue(r.request, "To") === `<${ALICE}>`).map((r) => headerValue(r.request, "Call-ID")));
    assert.equal(aliceCallIds.size, 1, "alice's refresh after the reload kept her Call-ID");
    await h.engine.stop();
  });

  it("D3 full reload: a triple the table holds twice loads from its first valid row; the others are rejected and unregister nothing", async () => {
    const dave = "sip:dave@example.org";
    const h = await registeredAlice();
    const before = h.engine.list(aliceId).Registrant;
    h.store.setRows([
      row(ALICE, { expiry: 10 }),
      row(ALICE, { password: "changed" }),
      row(dave),
      row(ALICE),
      row(dave, { expiry: 7200 }),
    ]);
    const report = await h.engine.reload();
    assert.equal(report.loaded, 2);
    assert.deepEqual(
      report.rejected.map((r) => [r.index, r.param, r.reason]),
      [
        [0, "expiry", "10 must be greater than timer_interval 100"],
        [3, "aor", "the triple (aor, contact, registrar) repeats an earlier row"],
        [4, "aor", "the triple (aor, contact, registrar) repeats an earlier row"],
      ],
    );
    const after = h.engine.list(aliceId).Registrant;
    assert.deepEqual([after.state, after.registration_t_out], [before.state, before.registration_t_out], "row 1 took alice's registration");
    assert.equal(h.engine.list({ aor: dave, contact: `sip:dave@${ENGINE_HOST}:5060`, registrar: REGISTRAR }).Registrant.expires, 3600, "row 2, not row 4");
    assert.equal(h.engine.detachedUnregisters, 0);
    await h.engine.stop();
  });

  it("D3 full reload of an unchanged table keeps every record as it is, again and again", async () => {
    const bob = "sip:bob@example.org";
    const h = harness({ rows: [row(ALICE), row(bob, { state: 1 })] });
    await h.engine.start();
    await h.until(101);
    // §9.2: the destination and socket last used are not inherited; everything else is.
    const listed = () => h.engine.list().Records.map(({ socket: _socket, dst_IP: _dst, ip: _ip, ...kept }) => kept);
    const before = listed();
    const sent = h.registrar.received.length;
    for (let reload = 0; reload < 3; reload++) assert.deepEqual(await h.engine.reload(), { loaded: 2, rejected: [] });
    assert.deepEqual(listed(), before);
    await h.until(200);
    assert.equal(h.registrar.received.length, sent, "nothing sent for the reloads");
    assert.equal(h.engine.detachedUnregisters, 0);
    await h.engine.stop();
  });

  it("D3 full reload read in chunks: a record deleted or upserted while the rows arrive is looked up again when the load is installed", async () => {
    const bob = "sip:bob@example.org";
    const carol = "sip:carol@example.org";
    const h = harness({ rows: [row(ALICE), row(bob)] });
    await h.engine.start();
    await h.until(101);
    const rows = [row(ALICE), row(bob), row(carol)];
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let handedFirst: () => void = () => {};
    const firstHanded = new Promise<void>((resolve) => (handedFirst = resolve));
    // The store hands on alice first, and bob and carol only after the test went on.
    Object.assign(h.store, {
      async readAll(onRows: (chunk: typeof rows) => void): Promise<void> {
        onRows(rows.slice(0, 1));
        handedFirst();
        await paused;
        onRows(rows.slice(1));
      },
    });
    const reloading = h.engine.reload();
    await firstHanded;
    await h.engine.delete({ aor: bob, contact: `sip:bob@${ENGINE_HOST}:5060`, registrar: REGISTRAR });
    await h.engine.upsert(row(carol));
    resume();
    assert.deepEqual(await reloading, { loaded: 3, rejected: [] }, "bob is new again, carol's row takes the upserted record's place");
    assert.deepEqual(h.engine.list().Records.map((r) => [r.AOR, r.state]).sort(), [
      [ALICE, "REGISTERED_STATE"],
      [bob, "NOT_REGISTERED_STATE"],
      [carol, "NOT_REGISTERED_STATE"],
    ]);
    await h.engine.stop();
  });

  it("§9.2 / D12 reload one: no row is not_found, an invalid row is invalid_params, a valid one replaces the record", async () => {
    const h = await registeredAlice();
    await assert.rejects(h.engine.reload({ ...aliceId, aor: "sip:nobody@example.org" }), isError("not_found"));
    h.store.putRow(row(ALICE, { binding_params: "reg-id=1" }));
    await assert.rejects(h.engine.reload(aliceId), isError("invalid_params", "binding_params"));
    h.store.putRow(row(ALICE, { expiry: 600 }));
    await h.engine.reload(aliceId);
    const listed = h.engine.list(aliceId).Registrant;
    assert.deepEqual([listed.state, listed.expires], ["REGISTERED_STATE", 600]);
    await h.engine.stop();
  });

  it("reload with a failing store keeps the table and answers store_failed", async () => {
    const h = await registeredAlice();
    h.store.loadAll = () => Promise.reject(new Error("gone"));
    await assert.rejects(h.engine.reload(), isError("store_failed"));
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    await h.engine.stop();
  });
});

describe("clustering (§12, D14)", () => {
  const tagged = row(ALICE, { cluster_shtag: "tag1/1" });
  const tag = { name: "tag1", clusterId: 1 };

  it("C-CL-1 / C-CL-4 a BACKUP tag sends nothing; once ACTIVE the next visit registers", async () => {
    const shtags = new MemoryShtags();
    const h = harness({ rows: [tagged], config: { enable_clustering: 1 }, shtags });
    await h.engine.start();
    await h.until(151);
    assert.equal(h.registrar.received.length, 0);
    shtags.set(tag, true);
    await h.until(251);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    assert.equal(Math.floor(h.registrar.received[0]!.atMs / 1000), 250);
    await h.engine.stop();
  });

  it("requestsEnded waits for the requests of that tag's records only, through an authenticated retry, told by their ends (a tag's hand-over waits for them)", async () => {
    const other = { name: "tag2", clusterId: 1 };
    const shtags = new MemoryShtags([tag, other]);
    const rows = [tagged, row("sip:bob@example.org", { cluster_shtag: "tag2/1" }), row("sip:carol@example.org", { cluster_shtag: "tag2/1" })];
    const h = harness({ rows, config: { enable_clustering: 1, transaction_timeout: 300 }, shtags });
    const held: IncomingRequest[] = [];
    h.registrar.script = (incoming) => {
      held.push(incoming);
      return "silent";
    };
    await h.engine.start();
    await h.until(101);
    assert.equal(h.engine.requestsInFlight, 3);
    const ended: string[] = [];
    void h.engine.requestsEnded([tag]).then(() => ended.push("tag1/1"));
    void h.engine.requestsEnded([other]).then(() => ended.push("tag2/1"));
    void h.engine.requestsEnded([{ name: "tag1", clusterId: 2 }]).then(() => ended.push("no records"));
    await h.until(102);
    assert.deepEqual(ended, ["no records"]);
    // The challenge ends the first request, the authenticated retry is in flight: still waiting.
    h.registrar.script = (incoming) => (headerValue(incoming.request, "To")?.includes("alice") === true ? (held.push(incoming), "silent") : null);
    const [alice, ...others] = [held.find((i) => headerValue(i.request, "To")?.includes("alice") === true)!, ...held.filter((i) => !headerValue(i.request, "To")?.includes("alice"))];
    void alice.respond(h.registrar.challenge(alice));
    await h.until(103);
    assert.equal(held.length, 4, "alice's authenticated retry was sent");
    assert.deepEqual(ended, ["no records"]);
    void held[3]!.respond(h.registrar.defaultResponse(held[3]!));
    await h.until(104);
    assert.deepEqual(ended, ["no records", "tag1/1"]);
    for (const incoming of others) void incoming.respond(h.registrar.challenge(incoming));
    await h.until(105);
    assert.deepEqual(ended, ["no records", "tag1/1", "tag2/1"]);
    assert.equal(h.engine.requestsInFlight, 0);
    await h.engine.stop();
  });

  it("requestsEnded: stop() ends every wait", async () => {
    const shtags = new MemoryShtags([tag]);
    const h = harness({ rows: [tagged], config: { enable_clustering: 1, transaction_timeout: 300 }, shtags });
    h.registrar.script = () => "silent";
    await h.engine.start();
    await h.until(101);
    let ended = false;
    void h.engine.requestsEnded([tag]).then(() => (ended = true));
    await h.until(110);
    assert.equal(ended, false);
    await h.engine.stop();
    await Promise.resolve();
    assert.equal(ended, true);
  });

  it("C-CL-2 / D14 tag -> BACKUP: NOT_REGISTERED at once, no unREGISTER, no event; disable on backup sends nothing", async () => {
    const shtags = new MemoryShtags([tag]);
    const h = harness({ rows: [tagged], config: { enable_clustering: 1 }, shtags });
    await h.engine.start();
    await h.until(51);
    shtags.set(tag, false);
    assert.equal(h.engine.list(aliceId).Registrant.state, "NOT_REGISTERED_STATE");
    await h.engine.disable(aliceId);
    await h.until(400);
    assert.equal(h.registrar.received.length, 2);
    assert.equal(h.events.length, 3);
    assert.deepEqual(h.store.stateWrites, [{ id: aliceId, enabled: false }]);
    await h.engine.stop();
  });

  it("D14 / §12 an enabled upsert moving a REGISTERED record to a BACKUP tag: NOT_REGISTERED, nothing sent, never refreshed here", async () => {
    const shtags = new MemoryShtags([tag]);
    const h = harness({ rows: [tagged], config: { enable_clustering: 1 }, shtags });
    await h.engine.start();
    await h.until(51);
    assert.equal(h.engine.list(aliceId).Registrant.state, "REGISTERED_STATE");
    await h.engine.upsert(row(ALICE, { cluster_shtag: "other/1" }));
    assert.equal(h.engine.list(aliceId).Registrant.state, "NOT_REGISTERED_STATE");
    assert.equal(h.engine.detachedUnregisters, 0, "the binding is the ACTIVE node's to keep");
    await h.until(3700);
    assert.equal(h.registrar.received.length, 2);
    await h.engine.stop();
  });

  it("C-CL-3 clustering off: a record with a tag is never registered", async () => {
    const h = harness({ rows: [tagged] });
    await h.engine.start();
    await h.until(500);
    assert.equal(h.registrar.received.length, 0);
    await h.engine.stop();
  });
});
