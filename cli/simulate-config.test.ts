/**
 * `uacreg simulate --config`: several registrars from one YAML file, each checked as its
 * command-line twin would be, with errors naming the file, the registrar and the field.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CliOptionError, readSimulatePlans } from "./simulate-options.js";

describe("simulator config files", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "uacreg-config-"));
    await writeFile(join(dir, "users.txt"), "user1:one\nuser2:two\n");
    await writeFile(join(dir, "refuse.yaml"), "rules:\n  - for: user1\n    steps: [ { respond: { code: 403 } } ]\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const config = async (text: string): Promise<string> => {
    const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(path, text);
    return path;
  };

  it("reads a primary and a secondary, paths relative to the file", async () => {
    const path = await config(`
description: failover lab
registrars:
  - name: primary
    listen: [udp:127.0.0.1:5060, tcp:127.0.0.1:5060]
    users: users.txt
    realm: lab.example
  - name: secondary
    listen: [udp:127.0.0.1:5062]
    users: users.txt
    realm: lab.example
    script: refuse.yaml
    aorMatching: strict
    minExpiresSec: 60
`);
    const plans = await readSimulatePlans({ config: path, listen: [], quiet: true });
    assert.deepEqual(plans.map((plan) => plan.name), ["primary", "secondary"]);
    assert.equal(plans[0]?.options.listen.length, 2);
    assert.deepEqual(plans[1]?.options.users?.usernames("lab.example"), ["user1", "user2"]);
    assert.equal(plans[1]?.options.script?.rules.length, 1);
    assert.equal(plans[1]?.options.aorMatching, "strict");
    assert.equal(plans[1]?.options.minExpiresSec, 60);
    assert.equal(plans[1]?.options.quiet, true, "command-line switches apply to every registrar");
  });

  const refused = async (text: string, args: object, message: RegExp): Promise<void> => {
    const path = await config(text);
    await assert.rejects(readSimulatePlans({ config: path, ...args }), (error) => {
      assert.ok(error instanceof CliOptionError, String(error));
      assert.equal(error.option, "--config");
      assert.match(error.message, message);
      return true;
    });
  };

  it("names the line and field the schema refuses", () =>
    refused("registrars:\n  - name: a\n    listen: [udp:127.0.0.1:0]\n    minExpiresSec: soon\n", {}, /:4:\d+: \/registrars\/0\/minExpiresSec: must be a whole number/));
  it("refuses two registrars of one name", () =>
    refused("registrars:\n  - { name: a, listen: [udp:127.0.0.1:0] }\n  - { name: a, listen: [udp:127.0.0.1:0] }\n", {}, /\/registrars\/1\/name: "a" is already the name of registrar 0/));
  it("names the registrar whose option cannot work", () =>
    refused("registrars:\n  - { name: ok, listen: [udp:127.0.0.1:0] }\n  - { name: broken, listen: [udp:localhost:0] }\n", {}, /registrar 1 \(broken\): --listen: .*localhost/));
  it("names a file a registrar cannot read", () =>
    refused("registrars:\n  - { name: a, listen: [udp:127.0.0.1:0], users: missing.txt }\n", {}, /registrar 0 \(a\): --users: cannot read .*missing\.txt: no such file/));
  it("refuses per-registrar options beside --config", () =>
    refused("registrars:\n  - { name: a, listen: [udp:127.0.0.1:0] }\n", { listen: ["udp:127.0.0.1:0"] }, /--listen cannot be given with it/));
  it("says when the file is missing", async () => {
    await assert.rejects(readSimulatePlans({ config: join(dir, "none.yaml") }), /--config: cannot read .*none\.yaml: no such file/);
  });
});

describe("the shipped failover lab", () => {
  it("fixtures/simulator/failover-lab.yaml reads as two registrars, the primary with its carrier script", async () => {
    const path = new URL("../fixtures/simulator/failover-lab.yaml", import.meta.url).pathname;
    const plans = await readSimulatePlans({ config: path });
    assert.deepEqual(plans.map((plan) => [plan.name, plan.options.listen.map((s) => `${s.protocol}:${s.port}`)]), [
      ["primary", ["udp:5060", "tcp:5060"]],
      ["secondary", ["udp:5062", "tcp:5062"]],
    ]);
    assert.deepEqual(plans[0]?.options.script?.carrier?.restartAtMs, [120_000]);
    assert.deepEqual(plans[1]?.options.users?.usernames("example.org"), ["alice", "bob"]);
  });
});
