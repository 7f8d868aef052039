/** The cluster's MI commands over a real lease keeper on an in-memory lease database, on fake time. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { harness } from "../../testkit/engine-harness.js";
import { MemoryLeaseDatabase } from "../../testkit/memory-lease-table.js";
import { LeaseShtags } from "../cluster/index.js";
import { fromFakeClock, silentLogger } from "../index.js";
import { clusterCommands, createCatalog, MiDispatcher } from "./index.js";

const TAGS = [
  { name: "east", clusterId: 1 },
  { name: "west", clusterId: 1 },
];

function cluster() {
  const fake = createClock(1_700_000_000_000);
  const clock = fromFakeClock(fake);
  const db = new MemoryLeaseDatabase(() => fake.now);
  let cut = false;
  const node = (name: string) =>
    new LeaseShtags(
      { node: name, leaseTtlMs: 10_000, renewIntervalMs: 2_000, safetyMarginMs: 1_000, tags: TAGS, preferred: new Map(), leaseTable: "l", nodeTable: "n" },
      { clock, connect: async () => db.connect(() => (cut ? "cut" : "none")), logger: silentLogger, rowTags: () => [] },
    );
  const mi = (shtags: LeaseShtags) => new MiDispatcher({ engine: harness({ rows: [] }).engine, catalog: createCatalog(clusterCommands(shtags)) });
  return { fake, node, mi, cutDatabase: () => (cut = true) };
}

async function call(mi: MiDispatcher, method: string, params?: unknown): Promise<unknown> {
  const answer = await mi.handle(JSON.stringify({ jsonrpc: "2.0", method, id: 1, ...(params === undefined ? {} : { params }) }));
  assert.ok(answer !== null && !Array.isArray(answer));
  return "result" in answer ? { result: answer.result } : { error: answer.error };
}

describe("MI: clusterer_list_shtags, clusterer_shtag_set_active, uacreg:cluster_status", () => {
  it("list_shtags answers OpenSIPS's shape: Tag, Cluster, State active/backup", async () => {
    const { fake, node, mi } = cluster();
    const a = node("a");
    const b = node("b");
    await a.start();
    await b.start();
    await fake.tickAsync(6_000);
    const listA = (await call(mi(a), "clusterer_list_shtags")) as { result: { Tag: string; Cluster: number; State: string }[] };
    assert.deepEqual(listA.result.map((e) => [e.Tag, e.Cluster]), [["east", 1], ["west", 1]]);
    const states = (x: { result: { State: string }[] }) => x.result.map((e) => e.State);
    const listB = (await call(mi(b), "clusterer_list_shtags")) as { result: { State: string }[] };
    assert.deepEqual([...states(listA), ...states(listB)].sort(), ["active", "active", "backup", "backup"]);
  });

  it("set_active moves the tag here without two active nodes; bad params get OpenSIPS's errors", async () => {
    const { fake, node, mi } = cluster();
    const a = node("a");
    const b = node("b");
    await a.start();
    await b.start();
    await fake.tickAsync(6_000);
    const tag = TAGS.find((t) => a.isActive(t))!;
    assert.deepEqual(await call(mi(b), "clusterer_shtag_set_active", { tag: `${tag.name}/1` }), { result: "OK" });
    for (let i = 0; i < 20; i++) {
      await fake.tickAsync(250);
      assert.ok(!(a.isActive(tag) && b.isActive(tag)));
    }
    assert.equal(b.isActive(tag), true);
    assert.deepEqual(await call(mi(b), "clusterer_shtag_set_active", ["east"]), { error: { code: 400, message: "Bad tag format <name/cluster_id>" } });
    assert.deepEqual(await call(mi(b), "clusterer_shtag_set_active", ["east/x"]), { error: { code: 400, message: "Bad cluster ID in tag" } });
    assert.deepEqual(await call(mi(b), "clusterer_shtag_set_active", ["east/9"]), { error: { code: 404, message: "Cluster ID not found" } });
  });

  it("cluster_status shows nodes, owners, epochs and lease ages; a database that does not answer is a 500", async () => {
    const { fake, node, mi, cutDatabase } = cluster();
    const a = node("a");
    await a.start();
    await fake.tickAsync(4_000);
    const { result } = (await call(mi(a), "uacreg:cluster_status")) as { result: { node: string; nodes: unknown[]; tags: { tag: string; owner: string; epoch: number; lease_age_ms: number; active_here: boolean }[] } };
    assert.equal(result.node, "a");
    assert.deepEqual(result.nodes, [{ node: "a", live: true, heartbeat_age_ms: 0, tags_held: 2 }]);
    assert.deepEqual(result.tags.map((t) => [t.tag, t.owner, t.epoch, t.lease_age_ms, t.active_here]), [["east/1", "a", 1, 4_000, true], ["west/1", "a", 1, 4_000, true]]);
    cutDatabase();
    assert.deepEqual(await call(mi(a), "uacreg:cluster_status"), { error: { code: 500, message: "the lease database does not answer" } });
  });
});
