process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENGINE_HOST, harness, REGISTRAR, row, type Harness } from "../../testkit/engine-harness.js";
import { readTimelineInput } from "../timeline/index.js";
import { MiDispatcher, type JsonRpcResponse } from "./index.js";

const ALICE = "sip:alice@example.org";
const CONTACT = `sip:alice@${ENGINE_HOST}:5060`;
const TRIPLE = [ALICE, CONTACT, REGISTRAR];
const PASSWORD = "wonderland";

/** alice registered at second 50 (bucket 0 of 2, T=100), and a dispatcher over the engine. */
async function running(rows = [row(ALICE)]): Promise<{ h: Harness; mi: MiDispatcher }> {
  const h = harness({ rows });
  await h.engine.start();
  await h.until(51);
  return { h, mi: new MiDispatcher({ engine: h.engine, logger: h.logger }) };
}

async function rpc(mi: MiDispatcher, method: string, params?: unknown): Promise<JsonRpcResponse> {
  const answer = await mi.handle(JSON.stringify({ jsonrpc: "2.0", method, id: 1, ...(params === undefined ? {} : { params }) }));
  assert.ok(answer !== null && !Array.isArray(answer));
  return answer;
}

function errorOf(answer: JsonRpcResponse): unknown {
  assert.ok("error" in answer, `expected an error, got ${JSON.stringify(answer)}`);
  return answer.error;
}

function resultOf(answer: JsonRpcResponse): unknown {
  assert.ok("result" in answer, `expected a result, got ${JSON.stringify(answer)}`);
  return answer.result;
}

const named = (values: readonly unknown[], names = ["aor", "contact", "registrar"]): Record<string, unknown> =>
  Object.fromEntries(names.map((name, i) => [name, values[i]]));

const UPSERT_NAMES = ["aor", "contact", "registrar", "proxy", "third_party_registrant", "username", "password", "binding_params", "expiry", "forced_socket", "cluster_shtag", "state"];

describe("MI list (§9.2, D20, D16)", () => {
  it("reg_list and uac_registrant:list answer alike: all records, and one record by positional or named triple, keys in OpenSIPS order", async () => {
    const { h, mi } = await running();
    const all = resultOf(await rpc(mi, "reg_list"));
    assert.deepEqual(all, resultOf(await rpc(mi, "uac_registrant:list")));
    assert.deepEqual(all, { Records: h.engine.list().Records });
    const one = resultOf(await rpc(mi, "reg_list", TRIPLE)) as { Registrant: Record<string, unknown> };
    assert.deepEqual(one, resultOf(await rpc(mi, "uac_registrant:list", named(TRIPLE))));
    assert.deepEqual(Object.keys(one.Registrant), ["AOR", "expires", "state", "enabled", "last_register_sent", "registration_t_out", "registrar", "binding", "socket", "dst_IP", "ip"]);
    assert.equal(one.Registrant.state, "REGISTERED_STATE");
    assert.equal(one.Registrant.last_register_sent, "Thu Jan  1 00:00:50 1970");
    assert.ok(!JSON.stringify(all).includes(PASSWORD));
    assert.ok(!JSON.stringify(all).includes("username"));
    await h.engine.stop();
  });

  it("§9.1 string params take JSON numbers as decimal text (a numeric AOR simply is not found)", async () => {
    const { h, mi } = await running();
    assert.deepEqual(errorOf(await rpc(mi, "reg_list", [42, CONTACT, REGISTRAR])), { code: 404, message: "No such registrant" });
    await h.engine.stop();
  });
});

describe("MI errors (§9.1 rows, D12)", () => {
  it("parameter count matching no recipe: -32602 Too few or too many parameters (positional and named)", async () => {
    const { h, mi } = await running();
    const expected = { code: -32602, message: "Invalid params", data: "Too few or too many parameters" };
    assert.deepEqual(errorOf(await rpc(mi, "reg_list", [ALICE])), expected);
    assert.deepEqual(errorOf(await rpc(mi, "reg_enable", [])), expected);
    assert.deepEqual(errorOf(await rpc(mi, "reg_enable", { aor: ALICE, contact: CONTACT })), expected);
    assert.deepEqual(errorOf(await rpc(mi, "reg_upsert", TRIPLE)), expected);
    await h.engine.stop();
  });

  it("named params of the right count with wrong names: -32602 Named parameters do not match", async () => {
    const { h, mi } = await running();
    assert.deepEqual(errorOf(await rpc(mi, "reg_disable", { aor: ALICE, binding: CONTACT, registrar: REGISTRAR })), {
      code: -32602,
      message: "Invalid params",
      data: "Named parameters do not match",
    });
    await h.engine.stop();
  });

  it("a param of a non string/number type, or a non-numeric string for an int: -32602 Bad type for parameter '<name>'", async () => {
    const { h, mi } = await running();
    assert.deepEqual(errorOf(await rpc(mi, "reg_enable", [ALICE, { uri: CONTACT }, REGISTRAR])), {
      code: -32602,
      message: "Invalid params",
      data: "Bad type for parameter 'contact'",
    });
    assert.deepEqual((errorOf(await rpc(mi, "reg_enable", [ALICE, CONTACT, null])) as { data: string }).data, "Bad type for parameter 'registrar'");
    const values = [ALICE, CONTACT, REGISTRAR, "", "", "alice", PASSWORD, "", "soon", "", "", 0];
    assert.deepEqual((errorOf(await rpc(mi, "reg_upsert", values)) as { data: string }).data, "Bad type for parameter 'expiry'");
    const fractional = [ALICE, CONTACT, REGISTRAR, "", "", "alice", PASSWORD, "", 3600, "", "", 0.5];
    assert.deepEqual((errorOf(await rpc(mi, "reg_upsert", fractional)) as { data: string }).data, "Bad type for parameter 'state'");
    await h.engine.stop();
  });

  it("record not found: 404 No such registrant, for list-one, enable, disable, force_register and delete, under both names", async () => {
    const { h, mi } = await running();
    const unknown = [ALICE, CONTACT, "sip:other.example.org"];
    for (const cmd of ["list", "enable", "disable", "force_register", "delete"]) {
      for (const method of [`reg_${cmd}`, `uac_registrant:${cmd}`]) {
        assert.deepEqual(errorOf(await rpc(mi, method, unknown)), { code: 404, message: "No such registrant" }, method);
      }
    }
    await h.engine.stop();
  });

  it("reload-one of a triple without a DB row: 404 No such registrant in database; of an invalid row: -32602 naming the column (D12)", async () => {
    const { h, mi } = await running();
    assert.deepEqual(errorOf(await rpc(mi, "reg_reload", [ALICE, CONTACT, "sip:other.example.org"])), { code: 404, message: "No such registrant in database" });
    h.store.putRow(row(ALICE, { expiry: -1 }));
    assert.deepEqual(errorOf(await rpc(mi, "reg_reload", TRIPLE)), { code: -32602, message: "Invalid params", data: "expiry: must not be negative, got -1" });
    await h.engine.stop();
  });

  it("upsert validation failures: -32602 naming the parameter and the reason, never the password (D12, D16)", async () => {
    const { h, mi } = await running();
    const base = [ALICE, CONTACT, REGISTRAR, "", "", "alice", PASSWORD, "", 3600, "", "", 0];
    const withValue = (index: number, value: unknown): unknown[] => base.map((v, i) => (i === index ? value : v));
    const negative = errorOf(await rpc(mi, "reg_upsert", withValue(8, -5))) as { code: number; data: string };
    assert.deepEqual([negative.code, negative.data.split(":")[0]], [-32602, "expiry"]);
    const userInRegistrar = errorOf(await rpc(mi, "uac_registrant:upsert", withValue(2, "sip:u@example.org"))) as { data: string };
    assert.equal(userInRegistrar.data.split(":")[0], "registrar");
    const badSocket = errorOf(await rpc(mi, "reg_upsert", withValue(9, "udp:192.0.2.9:5060"))) as { data: string };
    assert.equal(badSocket.data.split(":")[0], "forced_socket");
    for (const answer of [negative, userInRegistrar, badSocket]) assert.ok(!JSON.stringify(answer).includes(PASSWORD));
    await h.engine.stop();
  });

  it("handler failure (the store fails on reload): -32000 Server error / Command handler returned null", async () => {
    const { h, mi } = await running();
    h.store.loadAll = () => Promise.reject(new Error("connection to db lost"));
    assert.deepEqual(errorOf(await rpc(mi, "reg_reload")), { code: -32000, message: "Server error", data: "Command handler returned null" });
    assert.equal(h.engine.list().Records.length, 1, "the records in memory are untouched");
    await h.engine.stop();
  });

  it("an unknown method: -32601", async () => {
    const { h, mi } = await running();
    assert.deepEqual(errorOf(await rpc(mi, "reg_frobnicate")), { code: -32601, message: "Method not found" });
    await h.engine.stop();
  });
});

describe("MI operations answer OK and act (§8, §9.2)", () => {
  it("disable, enable, force_register, upsert (named and with numeric strings), reload and delete answer OK", async () => {
    const { h, mi } = await running();
    assert.equal(resultOf(await rpc(mi, "reg_disable", TRIPLE)), "OK");
    assert.equal(h.engine.list({ aor: ALICE, contact: CONTACT, registrar: REGISTRAR }).Registrant.enabled, "no");
    assert.equal(resultOf(await rpc(mi, "uac_registrant:enable", named(TRIPLE))), "OK");
    assert.equal(resultOf(await rpc(mi, "reg_force_register", TRIPLE)), "OK");
    const bob = ["sip:bob@example.org", `sip:bob@${ENGINE_HOST}:5060`, REGISTRAR, "", "", "bob", "hunter2", "", "1800", "", "", "1"];
    const upsert = await rpc(mi, "reg_upsert", named(bob, UPSERT_NAMES));
    assert.equal(resultOf(upsert), "OK");
    assert.ok(!JSON.stringify(upsert).includes("hunter2"));
    const listedBob = resultOf(await rpc(mi, "reg_list", bob.slice(0, 3))) as { Registrant: { expires: number; enabled: string } };
    assert.deepEqual([listedBob.Registrant.expires, listedBob.Registrant.enabled], [1800, "no"]);
    assert.equal(resultOf(await rpc(mi, "reg_reload", TRIPLE)), "OK");
    assert.equal(resultOf(await rpc(mi, "reg_reload")), "OK");
    assert.equal(h.engine.list().Records.length, 1, "a full reload drops bob, who is not in the table");
    assert.equal(resultOf(await rpc(mi, "uac_registrant:delete", TRIPLE)), "OK");
    assert.equal(h.engine.list().Records.length, 0);
    await h.engine.stop();
  });
});

describe("MI Status/Report (§11)", () => {
  it("sr_list_status, sr_list_reports and sr_list_identifiers for the uac_registrant group, by group and by identifier in any case", async () => {
    const { h, mi } = await running();
    const identifier = `aor=${ALICE};contact=${CONTACT};registrar=${REGISTRAR}`;
    assert.deepEqual(resultOf(await rpc(mi, "sr_list_status", ["uac_registrant"])), [{ Name: identifier, Readiness: true, Status: 1, Details: "REGISTERED_STATE" }]);
    assert.deepEqual(resultOf(await rpc(mi, "sr_list_identifiers")), [{ Group: "uac_registrant", Identifiers: [{ Name: identifier }] }]);
    const reports = resultOf(await rpc(mi, "sr_list_reports", ["uac_registrant", identifier.toUpperCase()])) as { Reports: unknown[] }[];
    assert.deepEqual(reports[0]?.Reports.slice(0, 2), [
      { Timestamp: 0, Date: "Thu Jan  1 00:00:00 1970", Log: "created with state NOT_REGISTERED_STATE\n" },
      { Timestamp: 50, Date: "Thu Jan  1 00:00:50 1970", Log: "state changed to REGISTERING_STATE\n" },
    ]);
    assert.deepEqual(errorOf(await rpc(mi, "sr_list_status", ["dialog"])), { code: 404, message: "Group not found" });
    assert.deepEqual(errorOf(await rpc(mi, "sr_list_reports", ["uac_registrant", "aor=sip:nobody"])), { code: 404, message: "Identifier not found" });
    await h.engine.stop();
  });

  it("uacreg timeline reads sr_list_reports output back into one lane per identifier", async () => {
    const { h, mi } = await running([row(ALICE), row("sip:bob@example.org")]);
    const all = resultOf(await rpc(mi, "sr_list_reports"));
    const read = readTimelineInput(JSON.stringify(all), "reports.json");
    assert.equal(read.source, "status-reports");
    assert.equal(read.model.lanes.length, 2);
    assert.deepEqual(read.skipped, []);
    await h.engine.stop();
  });
});

describe("MI discovery", () => {
  it("uacreg:commands lists every command with its aliases and parameters; which gives a command's recipes", async () => {
    const { h, mi } = await running();
    const { Commands } = resultOf(await rpc(mi, "uacreg:commands")) as { Commands: { name: string; aliases: string[]; recipes: { name: string; type: string }[][] }[] };
    const names = Commands.flatMap((c) => [c.name, ...c.aliases]);
    for (const cmd of ["list", "reload", "enable", "disable", "force_register", "upsert", "delete"]) {
      assert.ok(names.includes(`reg_${cmd}`) && names.includes(`uac_registrant:${cmd}`), cmd);
    }
    for (const cmd of ["sr_list_status", "sr_list_reports", "sr_list_identifiers", "uacreg:commands", "which"]) assert.ok(names.includes(cmd), cmd);
    const upsert = Commands.find((c) => c.name === "uac_registrant:upsert");
    assert.deepEqual(upsert?.recipes[0]?.map((p) => p.name), UPSERT_NAMES);
    assert.deepEqual(upsert?.recipes[0]?.filter((p) => p.type === "int").map((p) => p.name), ["expiry", "state"]);
    assert.deepEqual(resultOf(await rpc(mi, "which", ["reg_list"])), [[], ["aor", "contact", "registrar"]]);
    await h.engine.stop();
  });
});
