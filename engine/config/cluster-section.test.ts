/** The `cluster` section: defaults, and every refusal naming its key and reason. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfigFile, parseConfig, showConfig } from "./index.js";

const BASE = "listen: [udp:127.0.0.1:5070]\nenable_clustering: 1\ndb_url: postgres://u@127.0.0.1/test\n";

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, "lab.yaml", { env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message.split("\n");
  }
  assert.fail("the configuration was accepted");
}

describe("cluster section", () => {
  it("fills in the defaults, and config check shows them in a form that loads again", () => {
    const config = parseConfig(`${BASE}cluster: { node: n1 }\n`, "lab.yaml", { env: {} });
    assert.deepEqual({ ...config.cluster, preferred: [...(config.cluster?.preferred ?? [])] }, {
      node: "n1",
      leaseTtlMs: 10_000,
      renewIntervalMs: 2_000,
      safetyMarginMs: 1_000,
      tags: null,
      preferred: [],
      leaseTable: "uacreg_lease",
      nodeTable: "uacreg_node",
    });
    const again = parseConfig(showConfig(config), "shown.yaml", { env: {} });
    assert.equal(again.cluster?.node, "n1");
  });

  it("reads listed tags and preferred nodes as name/cluster_id", () => {
    const config = parseConfig(`${BASE}cluster: { node: n1, tags: [a/1, " b / 2"], preferred: { a/1: n2 } }\n`, "lab.yaml", { env: {} });
    assert.deepEqual(config.cluster?.tags, [{ name: "a", clusterId: 1 }, { name: "b", clusterId: 2 }]);
    assert.deepEqual([...(config.cluster?.preferred ?? [])], [["a/1", "n2"]]);
  });

  it("refuses sqlite (or no db_url) with an error at db_url saying why", () => {
    const problems = problemsOf("listen: [udp:127.0.0.1:5070]\nenable_clustering: 1\ncluster: { node: n1 }\n");
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /\/db_url: .*database server all its nodes share.*sqlite/);
    assert.match(problemsOf(`listen: [udp:127.0.0.1:5070]\nenable_clustering: 1\ndb_url: sqlite:./x.db\ncluster: { node: n1 }\n`).join("\n"), /lab.yaml:3:\d+: \/db_url: /);
  });

  it("refuses a cluster section without enable_clustering: 1", () => {
    assert.match(problemsOf("listen: [udp:127.0.0.1:5070]\ndb_url: mysql://u@h/d\ncluster: { node: n1 }\n").join("\n"), /\/cluster: .*enable_clustering: 1/);
  });

  it("refuses a renewal that could not come before the safety deadline, a bad tag, node or table name", () => {
    const problems = problemsOf(`${BASE}cluster: { node: "n 1", lease_ttl: 3, renew_interval: 2, tags: [nocluster, x/0], preferred: { a/1: "bad node" }, lease_table: "x;drop" }\n`).join("\n");
    assert.match(problems, /\/cluster\/node: .*not a node name/);
    assert.match(problems, /\/cluster\/renew_interval: 2 s leaves no time to renew/);
    assert.match(problems, /\/cluster\/tags\/0: "nocluster": must be name\/cluster_id/);
    assert.match(problems, /\/cluster\/tags\/1: .*cluster id from 1/);
    assert.match(problems, /\/cluster\/preferred\/a\/1: "bad node" is not a node name/);
    assert.match(problems, /\/cluster\/lease_table: .*not a plain SQL name/);
  });
});

describe("fixtures/lab/cluster-node.yaml", () => {
  it("loads with the node's environment", async () => {
    const config = await loadConfigFile(new URL("../../fixtures/lab/cluster-node.yaml", import.meta.url).pathname, { env: { NODE: "node1", SIP_ADDR: "127.0.0.1", DB_PASSWORD: "x" } });
    assert.equal(config.cluster?.node, "node1");
    assert.equal(config.engine.enable_clustering, 1);
  });
});
