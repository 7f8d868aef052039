import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harness } from "../../testkit/engine-harness.js";
import { MiDispatcher } from "./index.js";
import { RegistrantOperationError } from "../registrant/index.js";

async function dispatcher(): Promise<{ mi: MiDispatcher; stop: () => Promise<void>; seen: string[] }> {
  const h = harness();
  await h.engine.start();
  const seen: string[] = [];
  const mi = new MiDispatcher({ engine: h.engine, observer: { request: (command, result) => void seen.push(`${command} ${result}`) } });
  return { mi, seen, stop: () => h.engine.stop() };
}

describe("JSON-RPC 2.0 framing", () => {
  it("-32700 for malformed JSON, with id null", async () => {
    const { mi, stop } = await dispatcher();
    assert.deepEqual(await mi.handle('{"jsonrpc": "2.0", "method": "reg_list", "id": 1'), { jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
    await stop();
  });

  it("-32600 for what is no request: a number, a wrong jsonrpc, a missing method, params of the wrong type, an empty batch, an object id", async () => {
    const { mi, stop } = await dispatcher();
    const code = async (body: unknown): Promise<unknown> => {
      const answer = await mi.handle(JSON.stringify(body));
      assert.ok(answer !== null && !Array.isArray(answer) && "error" in answer, JSON.stringify(answer));
      return [answer.error.code, answer.id];
    };
    assert.deepEqual(await code(1), [-32600, null]);
    assert.deepEqual(await code({ jsonrpc: "1.0", method: "reg_list", id: 7 }), [-32600, 7]);
    assert.deepEqual(await code({ jsonrpc: "2.0", id: "a" }), [-32600, "a"]);
    assert.deepEqual(await code({ jsonrpc: "2.0", method: "reg_list", params: "x", id: 3 }), [-32600, 3]);
    assert.deepEqual(await code([]), [-32600, null]);
    assert.deepEqual(await code({ jsonrpc: "2.0", method: "reg_list", id: { a: 1 } }), [-32600, null]);
    await stop();
  });

  it("a batch is answered in order, notifications left out; a batch of notifications only gets no answer", async () => {
    const { mi, stop, seen } = await dispatcher();
    const answer = await mi.handle(
      JSON.stringify([
        { jsonrpc: "2.0", method: "reg_list", id: 1 },
        { jsonrpc: "2.0", method: "reg_list" },
        { jsonrpc: "2.0", method: "nope", id: 2 },
        42,
        { jsonrpc: "2.0", method: "uac_registrant:list", params: [], id: "three" },
      ]),
    );
    assert.deepEqual(answer, [
      { jsonrpc: "2.0", result: { Records: [] }, id: 1 },
      { jsonrpc: "2.0", error: { code: -32601, message: "Method not found" }, id: 2 },
      { jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request", data: "a request must be a JSON object" }, id: null },
      { jsonrpc: "2.0", result: { Records: [] }, id: "three" },
    ]);
    assert.deepEqual(seen, ["uac_registrant:list ok", "uac_registrant:list ok", "unknown -32601", "unknown -32600", "uac_registrant:list ok"]);
    assert.equal(await mi.handle(JSON.stringify([{ jsonrpc: "2.0", method: "reg_list" }, { jsonrpc: "2.0", method: "reg_enable", params: [] }])), null);
    assert.equal(await mi.handle(JSON.stringify({ jsonrpc: "2.0", method: "reg_list" })), null);
    await stop();
  });

  it("commands run one at a time in arrival order, even when one waits on the store", async () => {
    const h = harness();
    await h.engine.start();
    const order: string[] = [];
    let release: () => void = () => {};
    const loadAll = h.store.loadAll.bind(h.store);
    h.store.loadAll = async () => {
      order.push("reload reads the table");
      await new Promise<void>((resolve) => (release = resolve));
      return loadAll();
    };
    const mi = new MiDispatcher({ engine: h.engine });
    const reload = mi.call("reg_reload").then(() => order.push("reload done"));
    const list = mi.call("reg_list").then(() => order.push("list done"));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, ["reload reads the table"], "the list waits for the reload");
    release();
    await Promise.all([reload, list]);
    assert.deepEqual(order, ["reload reads the table", "reload done", "list done"]);
    await h.engine.stop();
  });

  it("an unexpected exception in a command is -32000 and logged, and the next command still runs", async () => {
    const h = harness();
    await h.engine.start();
    const logger = h.logger;
    const engine = Object.create(h.engine) as typeof h.engine;
    engine.statusReports = () => {
      throw new TypeError("boom");
    };
    const mi = new MiDispatcher({ engine, logger });
    await assert.rejects(mi.call("sr_list_status"), (error: { rpc?: unknown }) => {
      assert.deepEqual(error.rpc, { code: -32000, message: "Server error", data: "Command handler returned null" });
      return true;
    });
    assert.ok(logger.lines.some((line) => line.level === "error" && line.msg === "MI command failed"));
    assert.deepEqual(await mi.call("uacreg:commands").then(() => "ran"), "ran");
    await h.engine.stop();
  });

  it("§9.1 upsert whose in-memory insert fails (no refusal): 503 Failed Upsert, logged, under both names", async () => {
    const h = harness();
    await h.engine.start();
    const engine = Object.create(h.engine) as typeof h.engine;
    engine.upsert = () => Promise.reject(new RangeError("table full"));
    const mi = new MiDispatcher({ engine, logger: h.logger });
    const upsert = ["sip:carol@example.org", "sip:carol@10.0.0.1", "sip:example.org", "", "", "", "", "", 3600, "", "", 0];
    for (const name of ["uac_registrant:upsert", "reg_upsert"]) {
      await assert.rejects(mi.call(name, upsert), (error: { rpc?: unknown }) => {
        assert.deepEqual(error.rpc, { code: 503, message: "Failed Upsert" });
        return true;
      });
    }
    assert.equal(h.logger.lines.filter((line) => line.level === "error" && line.msg === "MI command failed").length, 2);
    engine.upsert = () => Promise.reject(new RegistrantOperationError("invalid_params", "expiry", "must not be negative"));
    await assert.rejects(mi.call("reg_upsert", upsert), (error: { rpc?: { code: number } }) => error.rpc?.code === -32602);
    await h.engine.stop();
  });
});
