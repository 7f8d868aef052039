/**
 * `uacreg mi` against the management interface over real HTTP on loopback: the admin guide's
 * example commands, errors, the bearer token and the HTTP edges. The engine runs on the memory
 * network and a fake clock; the HTTP server and the client are the real ones.
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MiConfigError, MiDispatcher, miUrlOf, startMiServer, type MiServer } from "../engine/index.js";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE_HOST, harness, REGISTRAR, row, type Harness } from "../testkit/engine-harness.js";
import { runMi, type MiCommandOptions } from "./mi-command.js";
import { runUacreg } from "../testkit/run-uacreg.js";

const ALICE = "sip:alice@example.org";
const CONTACT = `sip:alice@${ENGINE_HOST}:5060`;
const TOKEN = "s3cret-token-of-the-lab";

interface Ran {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function mi(server: MiServer, command: string, args: string[] = [], options: Partial<MiCommandOptions> = {}): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMi(command, args, { url: server.url, pretty: false, ...options }, { out: (t) => void out.push(t), error: (t) => void err.push(t) });
  return { code, out, err };
}

function resultOf(ran: Ran): unknown {
  assert.equal(ran.code, 0, ran.err.join("\n"));
  assert.equal(ran.out.length, 1);
  return JSON.parse(ran.out[0]!);
}

let h: Harness;
let server: MiServer;

before(async () => {
  h = harness({ rows: [row(ALICE), row("sip:bob@example.org", { state: 1 })] });
  await h.engine.start();
  await h.until(51);
  server = await startMiServer({ port: 0 }, { dispatcher: new MiDispatcher({ engine: h.engine }) });
});

after(async () => {
  await server.close();
  await h.engine.stop();
});

describe("uacreg mi: the admin guide's commands over HTTP", () => {
  it("listens on 127.0.0.1 and /mi by default", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mi$/);
  });

  it("reg_list: all records; with aor, contact and registrar the one record", async () => {
    const all = resultOf(await mi(server, "reg_list")) as { Records: { AOR: string }[] };
    assert.deepEqual(all.Records.map((r) => r.AOR).sort(), [ALICE, "sip:bob@example.org"]);
    const one = resultOf(await mi(server, "reg_list", [ALICE, CONTACT, REGISTRAR])) as { Registrant: { AOR: string; state: string } };
    assert.deepEqual([one.Registrant.AOR, one.Registrant.state], [ALICE, "REGISTERED_STATE"]);
    assert.deepEqual(resultOf(await mi(server, "uac_registrant:list", [`aor=${ALICE}`, `contact=${CONTACT}`, `registrar=${REGISTRAR}`])), one);
  });

  it("reg_reload, reg_enable, reg_disable, reg_force_register, reg_upsert, reg_delete answer OK", async () => {
    const bob = ["sip:bob@example.org", `sip:bob@${ENGINE_HOST}:5060`, REGISTRAR];
    for (const [command, args] of [
      ["reg_reload", []],
      ["reg_reload", bob],
      ["reg_enable", bob],
      ["reg_force_register", bob],
      ["reg_disable", bob],
      ["reg_upsert", ["sip:carol@example.org", `sip:carol@${ENGINE_HOST}:5060`, REGISTRAR, "", "", "carol", "carols-password", "", "1800", "", "", "0"]],
      ["reg_delete", ["sip:carol@example.org", `sip:carol@${ENGINE_HOST}:5060`, REGISTRAR]],
    ] as const) {
      const ran = await mi(server, command, [...args]);
      assert.deepEqual([ran.code, ran.out, ran.err], [0, ['"OK"'], []], `${command} ${args.join(" ")}`);
    }
    const listed = resultOf(await mi(server, "reg_list")) as { Records: unknown[] };
    assert.ok(!JSON.stringify(listed).includes("carols-password") && !JSON.stringify(listed).includes("wonderland"));
  });

  it("sr_list_reports uac_registrant: the identifiers' reports", async () => {
    const reports = resultOf(await mi(server, "sr_list_reports", ["uac_registrant"])) as { Name: string; Reports: { Log: string }[] }[];
    const alice = reports.find((r) => r.Name.startsWith(`aor=${ALICE};`));
    assert.ok(alice?.Reports.some((r) => r.Log === "state changed to REGISTERED_STATE\n"));
  });

  it("pretty JSON for a terminal, one line otherwise", async () => {
    const pretty = await mi(server, "reg_list", [ALICE, CONTACT, REGISTRAR], { pretty: true });
    assert.ok(pretty.out[0]!.includes('\n  "Registrant": {\n    "AOR": "sip:alice@example.org",'));
    const raw = await mi(server, "reg_list", [ALICE, CONTACT, REGISTRAR]);
    assert.ok(!raw.out[0]!.includes("\n"));
    assert.deepEqual(JSON.parse(pretty.out[0]!), JSON.parse(raw.out[0]!));
  });

  it("a JSON-RPC error: exit 1 with its message, data and code on stderr", async () => {
    const tooFew = await mi(server, "reg_enable", [ALICE]);
    assert.deepEqual([tooFew.code, tooFew.out, tooFew.err], [1, [], ["uacreg mi reg_enable: Invalid params: Too few or too many parameters (code -32602)"]]);
    const missing = await mi(server, "reg_disable", [ALICE, CONTACT, "sip:nowhere.example.org"]);
    assert.deepEqual([missing.code, missing.err], [1, ["uacreg mi reg_disable: No such registrant (code 404)"]]);
    const unknown = await mi(server, "reg_nothing");
    assert.deepEqual([unknown.code, unknown.err], [1, ["uacreg mi reg_nothing: Method not found (code -32601)"]]);
  });

  it("no server: exit 2 saying which URL could not be reached", async () => {
    const closed = await startMiServer({ port: 0 }, { dispatcher: new MiDispatcher({ engine: h.engine }) });
    await closed.close();
    const ran = await mi(closed, "reg_list");
    assert.equal(ran.code, 2);
    assert.match(ran.err[0]!, new RegExp(`cannot reach ${closed.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("the installed command: raw JSON on a pipe, exit 0; exit 1 on an error", async () => {
    const ok = await runUacreg(["mi", "--url", server.url, "reg_list", ALICE, CONTACT, REGISTRAR]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { Registrant: { AOR: string } }).Registrant.AOR, ALICE);
    assert.equal(ok.stdout.trimEnd().split("\n").length, 1);
    const failed = await runUacreg(["mi", "--url", server.url, "reg_enable"]);
    assert.deepEqual([failed.code, failed.stdout], [1, ""]);
    assert.match(failed.stderr, /Too few or too many parameters/);
  });
});

describe("management interface HTTP rules", () => {
  it("with a token, a request without it or with a wrong one gets 401 with nothing about the records; the right one passes", async () => {
    const guarded = await startMiServer({ port: 0, token: TOKEN }, { dispatcher: new MiDispatcher({ engine: h.engine }), pages: { "/metrics": () => ({ status: 200, contentType: "text/plain", body: "x 1\n" }) } });
    try {
      for (const token of [null, "wrong-token-of-the-same-len", `${TOKEN}x`]) {
        const ran = await mi(guarded, "reg_list", [], { token });
        assert.deepEqual([ran.code, ran.out], [2, []]);
        assert.match(ran.err[0]!, /refused the request \(401\)/);
      }
      const raw = await fetch(guarded.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "reg_list", id: 1 }) });
      const body = await raw.text();
      assert.equal(raw.status, 401);
      assert.equal(raw.headers.get("www-authenticate"), 'Bearer realm="uacreg"');
      assert.ok(!body.includes("sip:") && !body.includes("Records"), body);
      assert.equal((await fetch(guarded.url.replace(/\/mi$/, "/metrics"))).status, 401, "every page needs the token");
      const ok = await mi(guarded, "reg_list", [], { token: TOKEN });
      assert.equal(ok.code, 0);
    } finally {
      await guarded.close();
    }
  });

  it("--config: the mi section of run's configuration file, read as run reads it (${NAME} too), gives the URL and the token", async () => {
    const guarded = await startMiServer({ port: 0, token: TOKEN }, { dispatcher: new MiDispatcher({ engine: h.engine }) });
    const dir = await mkdtemp(join(tmpdir(), "uacreg-mi-"));
    try {
      const config = join(dir, "uacreg.yaml");
      const listen = "listen:\n  - udp:127.0.0.1:5060\n";
      await writeFile(config, `${listen}mi:\n  host: 0.0.0.0\n  port: ${guarded.port}\n  path: /mi\n  token: \${MI_TOKEN}\n`);
      assert.equal(miUrlOf({ host: "0.0.0.0", port: guarded.port }), guarded.url, "a wildcard address is reached on loopback");
      const ok = await runUacreg(["mi", "--config", config, "reg_list", ALICE, CONTACT, REGISTRAR], { MI_TOKEN: TOKEN });
      assert.equal(ok.code, 0, ok.stderr);
      const unset = await runUacreg(["mi", "--config", config, "reg_list"], { MI_TOKEN: "" });
      assert.equal(unset.code, 2);
      assert.match(unset.stderr, /mi\/token/);
      await writeFile(config, `${listen}mi:\n  port: eighty\n`);
      const bad = await runUacreg(["mi", "--config", config, "reg_list"]);
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr.trim(), `uacreg mi: ${config}:4:9: /mi/port: must be a whole number, got string "eighty"`);
    } finally {
      await guarded.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to listen on a non-loopback address without a token, naming mi.token", async () => {
    await assert.rejects(startMiServer({ host: "0.0.0.0", port: 0 }, { dispatcher: new MiDispatcher({ engine: h.engine }) }), (error: unknown) => {
      assert.ok(error instanceof MiConfigError);
      assert.equal(error.option, "token");
      assert.match(error.message, /^mi\.token: is required to listen on 0\.0\.0\.0/);
      return true;
    });
  });

  it("a body over the limit is 413; GET on /mi is 405; another path is 404; a notification gets 204; the path is configurable", async () => {
    const small = await startMiServer({ port: 0, maxBodyBytes: 256, path: "/json" }, { dispatcher: new MiDispatcher({ engine: h.engine }) });
    try {
      assert.match(small.url, /\/json$/);
      const big = await fetch(small.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "reg_list", id: 1, params: ["x".repeat(300), "y", "z"] }) });
      assert.equal(big.status, 413);
      assert.equal((await fetch(small.url)).status, 405);
      assert.equal((await fetch(small.url.replace(/\/json$/, "/mi"), { method: "POST", body: "{}" })).status, 404);
      const notification = await fetch(small.url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "reg_list" }) });
      assert.equal(notification.status, 204);
      const ran = await mi(small, "reg_list");
      assert.equal(ran.code, 0);
    } finally {
      await small.close();
    }
  });
});

