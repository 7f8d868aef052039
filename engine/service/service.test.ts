/**
 * The service on real sockets (loopback UDP, real timers) and a SQLite table in a temp folder:
 * start-up summary, registration, SIGHUP-style reload after a `state = 1` update, a reload that
 * fails keeping the old table, the graceful stop with unREGISTERs (N10), a forced_socket that
 * names no listener, a database that never answers, and no password anywhere (D16).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { generate } from "selfsigned";
import { systemClock } from "../clock.js";
import { ConfigError, parseConfig } from "../config/index.js";
import { cryptoRandom } from "../random.js";
import type { RegistrantRow } from "../registrant/index.js";
import { openSqlite } from "../store/sqlite-connection.js";
import { DEFAULT_TABLE_NAMES, SqlRegistrantStore } from "../store/index.js";
import { Registrar } from "../../testkit/engine-harness.js";
import { getCallId, getCSeq } from "../sip/index.js";
import { createUdpTransport, StaticResolver } from "../transport/index.js";
import { ServiceError } from "./errors.js";
import { createServiceLogger } from "./logger.js";
import { startService, type ServiceHandle } from "./service.js";

const DB_PASSWORD = "db-Pa55word-never-shown";
const ROW_PASSWORDS = ["row-Secret-alice", "row-Secret-bob", "row-Secret-carol"];
const WITHIN_MS = 10_000;

interface Lab {
  readonly folder: string;
  readonly registrar: Registrar;
  readonly registrarPort: number;
  readonly dbPath: string;
  readonly output: string[];
  readonly runLog: string;
}

async function lab(t: TestContext, rows: (port: number) => RegistrantRow[]): Promise<Lab> {
  const folder = await mkdtemp(join(tmpdir(), "uacreg-service-"));
  const transport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  t.after(() => transport.close());
  const registrar = new Registrar(transport, systemClock, cryptoRandom());
  ["alice", "bob", "carol"].forEach((name, i) => registrar.users.set(name, ROW_PASSWORDS[i] ?? ""));
  const dbPath = join(folder, "lab.db");
  const store = new SqlRegistrantStore(openSqlite(dbPath), DEFAULT_TABLE_NAMES);
  await store.init();
  await store.insertRows(rows(transport.local.port));
  await store.close();
  return { folder, registrar, registrarPort: transport.local.port, dbPath, output: [], runLog: join(folder, "run.jsonl") };
}

function account(name: string, port: number, extra: Partial<RegistrantRow> = {}): RegistrantRow {
  const index = ["alice", "bob", "carol"].indexOf(name);
  return {
    aor: `sip:${name}@lab.test`,
    contact: `sip:${name}@127.0.0.1:5999`,
    registrar: `sip:127.0.0.1:${port}`,
    username: name,
    password: ROW_PASSWORDS[index] ?? null,
    expiry: 600,
    ...extra,
  };
}

async function start(t: TestContext, l: Lab, extraYaml = ""): Promise<ServiceHandle> {
  const text = `hash_size: 1\ntimer_interval: 2\ndb_url: sqlite:${l.dbPath}\nlisten: [udp:127.0.0.1:0]\nrun_log: ${l.runLog}\n${extraYaml}`;
  const config = parseConfig(text, "lab.yaml", { env: {} });
  const logger = createServiceLogger({ log: { level: "debug", format: "json" }, clock: systemClock, secrets: [], write: (line) => void l.output.push(line) });
  const service = await startService({ config, logger, resolver: new StaticResolver(), print: (line) => void l.output.push(line) });
  t.after(() => service.stop());
  return service;
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = systemClock.now() + WITHIN_MS;
  while (!check()) {
    if (systemClock.now() > deadline) assert.fail(`not within ${WITHIN_MS} ms: ${what}`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 50));
  }
}

function isUnregister(request: { headers: readonly { name: string; value: string }[] }): boolean {
  return request.headers.some((h) => (h.name === "Expires" && h.value.trim() === "0") || (h.name === "Contact" && /expires=0/.test(h.value)));
}

describe("uacreg run's service (loopback UDP, SQLite)", () => {
  it("loads the table, prints one summary, registers every record; a state = 1 update and a reload unREGISTER it; the stop unREGISTERs the rest", async (t) => {
    const l = await lab(t, (port) => [account("alice", port), account("bob", port), account("carol", port, { expiry: null })]);
    const service = await start(t, l);
    assert.equal(service.report.loaded, 3);
    const summary = l.output.filter((line) => line.startsWith("uacreg run:"));
    assert.equal(summary.length, 1);
    assert.match(summary[0] ?? "", new RegExp(`^uacreg run: listening on udp:127\\.0\\.0\\.1:\\d+; 3 records loaded, 0 rejected from sqlite:${l.dbPath.replace(/[.]/g, "\\.")} table registrant; 2 buckets, one visited every 1 s$`));
    await until("all three registered", () => service.progress().registered === 3);
    assert.deepEqual(service.progress(), { registered: 3, failed: 0, pending: 0 });

    const db = openSqlite(l.dbPath);
    await db.execute("UPDATE registrant SET state = 1 WHERE aor = ?", ["sip:bob@lab.test"]);
    await db.close();
    const unregistersBefore = l.registrar.requests((r) => isUnregister(r.request)).length;
    const report = await service.reload();
    assert.equal(report.loaded, 3);
    await until("bob unREGISTERed after the reload", () => l.registrar.requests((r) => isUnregister(r.request) && r.request.headers.some((h) => h.name === "To" && h.value.includes("bob"))).length > 0);
    assert.equal(service.engine.list({ aor: "sip:bob@lab.test", contact: "sip:bob@127.0.0.1:5999", registrar: `sip:127.0.0.1:${l.registrarPort}` }).Registrant.enabled, "no");

    const summaryOfStop = await service.stop({ unregister: true, unregisterPerSecond: 20 });
    assert.equal(summaryOfStop.unregistered, 2, "alice and carol, still registered");
    assert.equal(summaryOfStop.abandoned, 0);
    const unregisteredAors = l.registrar
      .requests((r) => isUnregister(r.request))
      .slice(unregistersBefore)
      .map((r) => r.request.headers.find((h) => h.name === "To")?.value ?? "");
    for (const name of ["alice", "bob", "carol"]) assert.ok(unregisteredAors.some((to) => to.includes(`${name}@`)), `${name} unREGISTERed`);
    const runLog = await readFile(l.runLog, "utf8");
    assert.ok(runLog.split("\n").filter((line) => line !== "").every((line) => JSON.parse(line) !== null));
    assert.match(runLog, /"to":"REGISTERED_STATE"/);
  });

  it("a reload that fails keeps the table in memory and says so", async (t) => {
    const l = await lab(t, (port) => [account("alice", port)]);
    const service = await start(t, l);
    const db = openSqlite(l.dbPath);
    await db.execute("DROP TABLE registrant");
    await db.close();
    await assert.rejects(service.reload(), /store|registrant/);
    assert.equal(service.engine.list().Records.length, 1);
    assert.ok(l.output.some((line) => line.includes("reload failed; the table in memory is unchanged")));
  });

  it("a row whose forced_socket names no listener is rejected with its reason; the others run", async (t) => {
    const l = await lab(t, (port) => [account("alice", port), account("bob", port, { forced_socket: "udp:127.0.0.1:5999" })]);
    const service = await start(t, l);
    assert.equal(service.report.loaded, 1);
    assert.equal(service.report.rejected[0]?.param, "forced_socket");
    assert.ok(l.output.includes(`uacreg run: row 2 (sip:bob@lab.test) rejected: forced_socket: ${service.report.rejected[0]?.reason ?? ""}`));
    assert.match(service.report.rejected[0]?.reason ?? "", /udp:127\.0\.0\.1:5999/);
  });

  it("persist_state: a restart continues the dialog (nothing sent for a binding still valid, then the same Call-ID and the next CSeq); no password in the table", async (t) => {
    const l = await lab(t, (port) => [account("alice", port)]);
    const first = await start(t, l, "persist_state: 1\n");
    await until("alice registered", () => first.progress().registered === 1);
    await first.stop();
    const sent = l.registrar.requests();
    const last = sent[sent.length - 1]?.request;
    assert.ok(last !== undefined);
    const db = openSqlite(l.dbPath);
    const rows = await db.query("SELECT * FROM uacreg_dialog_state");
    await db.close();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(ROW_PASSWORDS[0] ?? "?"), "no password in the dialog-state table");
    assert.ok(rows[0]?.includes(getCallId(last)) === true);

    const second = await start(t, l, "persist_state: 1\n");
    const id = { aor: "sip:alice@lab.test", contact: "sip:alice@127.0.0.1:5999", registrar: `sip:127.0.0.1:${l.registrarPort}` };
    assert.equal(second.engine.list(id).Registrant.state, "REGISTERED_STATE");
    assert.equal(l.registrar.requests().length, sent.length, "nothing sent at the restart");
    await second.engine.forceRegister(id);
    await until("alice refreshed", () => l.registrar.requests().length > sent.length);
    const next = l.registrar.requests()[sent.length]?.request;
    assert.ok(next !== undefined);
    assert.equal(getCallId(next), getCallId(last));
    assert.equal(getCSeq(next).seq, getCSeq(last).seq + 1);
  });

  it("a database that never answers: retried with back-off, each attempt logged, then a clear error; no password anywhere", async () => {
    const output: string[] = [];
    const text = `db_url: postgres://lab:\${PW}@127.0.0.1:1/test\nlisten: [udp:127.0.0.1:0]\ndb_connect: { attempts: 3, initial_delay_ms: 10, max_delay_ms: 20 }\n`;
    const config = parseConfig(text, "lab.yaml", { env: { PW: DB_PASSWORD } });
    const logger = createServiceLogger({ log: { level: "debug", format: "json" }, clock: systemClock, secrets: [DB_PASSWORD], write: (line) => void output.push(line) });
    await assert.rejects(startService({ config, logger, print: (line) => void output.push(line) }), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.code, "db_unreachable");
      assert.match(error.message, /^database postgres:\/\/lab:\*\*\*@127\.0\.0\.1:1\/test not reachable after 3 attempts: /);
      assert.ok(!error.message.includes(DB_PASSWORD));
      return true;
    });
    const retries = output.filter((line) => line.includes("not reachable (attempt"));
    assert.deepEqual(retries.map((line) => (JSON.parse(line) as { retryInMs: number }).retryInMs), [10, 20]);
    assert.ok(!output.join("").includes(DB_PASSWORD));
  });

  it("D16: no password (database or row) in the logs, the printed lines, the run log or a rejection", async (t) => {
    const l = await lab(t, (port) => [account("alice", port), account("bob", port, { registrar: "sip:user@127.0.0.1" }), account("carol", port, { expiry: -1 })]);
    const service = await start(t, l);
    await until("alice registered", () => service.progress().registered === 1);
    await service.reload();
    await service.stop({ unregister: true, unregisterPerSecond: 50 });
    const everything = [...l.output, await readFile(l.runLog, "utf8"), JSON.stringify(service.report)].join("\n");
    for (const secret of ROW_PASSWORDS) assert.ok(!everything.includes(secret), "a row password leaked");
    assert.equal(service.report.rejected.length, 2);
  });

  it("a tls listener opens with its certificate files; a file that cannot be read is named, and nothing stays open", async (t) => {
    const l = await lab(t, () => []);
    const pems = await generate([{ name: "commonName", value: "lab.test" }], { keyType: "ec", algorithm: "sha256" });
    const certificate = join(l.folder, "cert.pem");
    const key = join(l.folder, "key.pem");
    await writeFile(certificate, pems.cert);
    await writeFile(key, pems.private);
    const text = `db_url: sqlite:${l.dbPath}\nlisten:\n  - udp:127.0.0.1:0\n  - { socket: tls:127.0.0.1:0, certificate: ${certificate}, private_key: ${key} }\n`;
    const withTls = await startService({ config: parseConfig(text, "tls.yaml", { env: {} }), logger: createServiceLogger({ log: { level: "warn", format: "json" }, clock: systemClock, secrets: [], write: (line) => void l.output.push(line) }), print: (line) => void l.output.push(line) });
    t.after(() => withTls.stop());
    assert.deepEqual(withTls.sockets.map((s) => s.protocol), ["udp", "tls"]);
    assert.match(l.output.at(-1) ?? "", /^uacreg run: listening on udp:127\.0\.0\.1:\d+, tls:127\.0\.0\.1:\d+; 0 records loaded/);
    const missing = `db_url: sqlite:${l.dbPath}\nlisten:\n  - udp:127.0.0.1:0\n  - { socket: tls:127.0.0.1:0, certificate: ${join(l.folder, "nope.pem")}, private_key: ${key} }\n`;
    await assert.rejects(startService({ config: parseConfig(missing, "tls.yaml", { env: {} }), logger: createServiceLogger({ log: { level: "warn", format: "json" }, clock: systemClock, secrets: [], write: (line) => void l.output.push(line) }) }), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.code, "tls_files_unreadable");
      assert.equal(error.fault, "local");
      assert.match(error.message, /^listen tls:127\.0\.0\.1:0: certificate .*nope\.pem: no such file$/);
      return true;
    });
  });

  it("a configuration error is a ConfigError before anything is opened", () => {
    assert.throws(() => parseConfig("listen: [udp:127.0.0.1:0]\ndb_url: postgres://u:${NOPE}@h/db\n", "lab.yaml", { env: {} }), ConfigError);
  });
});

describe("uacreg run's operating side (mi, events, metrics, status page sections)", () => {
  it("serves reg_list over JSON-RPC, /metrics and / when the config has an mi section, and writes the events of its jsonl sink", async (t) => {
    const l = await lab(t, (port) => [account("alice", port)]);
    const eventsFile = join(l.folder, "events.jsonl");
    const service = await start(t, l, `mi: { port: 0 }\nevents:\n  node: lab-1\n  sinks: [{ type: jsonl, path: ${eventsFile} }]\n`);
    assert.ok(service.miUrl !== null, "the management interface runs");
    assert.match(l.output.join("\n"), /management interface at http:\/\/127\.0\.0\.1:\d+\/mi/);
    await until("alice registered", () => service.engine.list().Records.every((r) => r.state === "REGISTERED_STATE"));
    const answer = (await (await fetch(service.miUrl, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", method: "reg_list", id: 1 }) })).json()) as { result: { Records: Array<{ AOR: string; state: string }> } };
    assert.deepEqual(answer.result.Records.map((r) => [r.AOR, r.state]), [["sip:alice@lab.test", "REGISTERED_STATE"]]);
    const base = service.miUrl.replace(/\/mi$/, "");
    assert.match(await (await fetch(`${base}/metrics`)).text(), /^uacreg_records\{state="REGISTERED_STATE",enabled="yes"\} 1$/m);
    assert.match(await (await fetch(`${base}/`)).text(), /sip:alice@lab\.test/);
    await until("the REGISTERED event written", () => readFileSyncOrEmpty(eventsFile).includes("E_REGISTRANT_REGISTERED"));
    const event = JSON.parse(readFileSyncOrEmpty(eventsFile).trim().split("\n")[0] ?? "{}") as { node?: string; params?: { aor?: string } };
    assert.deepEqual([event.node, event.params?.aor], ["lab-1", "sip:alice@lab.test"]);
    assert.doesNotMatch(readFileSyncOrEmpty(eventsFile) + l.output.join("\n"), new RegExp(ROW_PASSWORDS[0] ?? "-"));
  });

  it("runs no HTTP server without an mi section", async (t) => {
    const l = await lab(t, (port) => [account("alice", port)]);
    const service = await start(t, l);
    assert.equal(service.miUrl, null);
  });

  it("refuses an mi section that listens off loopback without a token, naming the key", () => {
    assert.throws(
      () => parseConfig("listen: [udp:127.0.0.1:0]\nmi: { host: 0.0.0.0 }\n", "lab.yaml", { env: {} }),
      (error: unknown) => error instanceof ConfigError && /lab\.yaml:2:\d+: \/mi\/token: is required to listen on 0\.0\.0\.0/.test(error.message),
    );
  });
});

function readFileSyncOrEmpty(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}
