/**
 * persist_state (N11) through `uacreg run`'s service on the real PostgreSQL and MariaDB, each in a
 * schema or database of its own and with a dialog-state table of its own name: a record
 * registers (challenged by the in-process registrar on loopback UDP), the service stops (saving
 * the dialog), starts again and continues it: REGISTERED at once with nothing sent, and its next
 * REGISTER in the same dialog with the next CSeq. The saved row holds no password. And a
 * dialog-state connection that goes silent for good (its socket black-holed, as in a database
 * fail-over behind a virtual IP) is replaced: the rows are saved again on a new connection.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import {
  createServiceLogger,
  createUdpTransport,
  cryptoRandom,
  getCallId,
  getCSeq,
  openStore,
  parseConfig,
  startService,
  StaticResolver,
  systemClock,
  DEFAULT_TABLE_NAMES,
  type ServiceHandle,
} from "../engine/index.js";
import { Registrar } from "../testkit/engine-harness.js";
import { startTcpProxy } from "../testkit/tcp-proxy.js";
import { ensureMariadb, ensurePostgres, MARIADB_URL, mariadbDatabaseUrl, mariadbQuery, POSTGRES_URL, postgresQuery, postgresSchemaUrl, uniqueName } from "./db-servers.js";

const PASSWORD = "row-Secret-alice-interop";
const WITHIN_MS = 10_000;
const cleanups: Array<() => Promise<void>> = [];

before(async () => {
  await ensurePostgres();
  await ensureMariadb();
});
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = systemClock.now() + WITHIN_MS;
  while (!check()) {
    if (systemClock.now() > deadline) assert.fail(`not within ${WITHIN_MS} ms: ${what}`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 50));
  }
}

/** A challenging registrar on loopback UDP and alice's row in the registrant table of `dbUrl`. */
async function aliceLab(t: TestContext, dbUrl: string) {
  const transport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
  t.after(() => transport.close());
  const registrar = new Registrar(transport, systemClock, cryptoRandom());
  registrar.users.set("alice", PASSWORD);
  const id = { aor: "sip:alice@lab.test", contact: "sip:alice@127.0.0.1:5999", registrar: `sip:127.0.0.1:${transport.local.port}` };
  const store = await openStore(dbUrl, DEFAULT_TABLE_NAMES);
  await store.init();
  await store.insertRows([{ ...id, username: "alice", password: PASSWORD, expiry: 600 }]);
  return { registrar, id, store };
}

async function continuesAcrossRestart(t: TestContext, dbUrl: string, table: string): Promise<void> {
  const { registrar, id, store } = await aliceLab(t, dbUrl);
  const text = `hash_size: 1\ntimer_interval: 2\ndb_url: ${JSON.stringify(dbUrl)}\nlisten: [udp:127.0.0.1:0]\npersist_state: 1\ndialog_state_table: ${table}\n`;
  const config = parseConfig(text, "lab.yaml", { env: {} });
  const start = async (): Promise<ServiceHandle> => {
    const logger = createServiceLogger({ log: { level: "warn", format: "json" }, clock: systemClock, secrets: [], write: () => {} });
    const service = await startService({ config, logger, resolver: new StaticResolver() });
    t.after(() => service.stop());
    return service;
  };

  const first = await start();
  await until("alice registered", () => first.progress().registered === 1);
  await first.stop();
  const sent = registrar.requests();
  const last = sent.at(-1)?.request;
  assert.ok(last !== undefined);
  const rows = await store.connection.query(`SELECT call_id, cseq FROM ${table}`);
  assert.deepEqual(rows.map((row) => [row[0], Number(row[1])]), [[getCallId(last), getCSeq(last).seq]]);
  assert.doesNotMatch(JSON.stringify(await store.connection.query(`SELECT * FROM ${table}`)), new RegExp(PASSWORD));
  await store.close();

  const second = await start();
  assert.equal(second.engine.list(id).Registrant.state, "REGISTERED_STATE");
  assert.equal(registrar.requests().length, sent.length, "nothing sent at the restart");
  await second.engine.forceRegister(id);
  await until("alice refreshed", () => registrar.requests().length > sent.length);
  const next = registrar.requests()[sent.length]?.request;
  assert.ok(next !== undefined);
  assert.deepEqual([getCallId(next), getCSeq(next).seq], [getCallId(last), getCSeq(last).seq + 1]);
}

/** Polls `read` until it gives what `expected` gives at that moment, within `limitMs`. */
async function eventually<T>(what: string, limitMs: number, read: () => Promise<T>, expected: () => T): Promise<void> {
  const deadline = systemClock.now() + limitMs;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected())) {
    if (systemClock.now() > deadline) assert.fail(`not within ${limitMs} ms: ${what} (last read ${JSON.stringify(last)}, expected ${JSON.stringify(expected())})`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 100));
    last = await read();
  }
}

/**
 * The service reaches the database through a TCP proxy; once alice is registered and saved, the
 * proxy strands every open connection (silent for good) and alice is refreshed: the dialog-state
 * statement hangs, its connection is reset after the statement limit, and the row with the
 * refresh's CSeq is saved on a new connection. Without the replacement the row would stay behind
 * the wire for as long as the kernel keeps the dead socket (minutes).
 */
async function savesAgainAfterStrandedConnection(t: TestContext, dbUrl: string, table: string): Promise<void> {
  const { registrar, id, store } = await aliceLab(t, dbUrl);
  t.after(() => store.close());
  const server = new URL(dbUrl);
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
  t.after(() => proxy.close());
  server.port = String(proxy.port);
  const text = `hash_size: 1\ntimer_interval: 2\ndb_url: ${JSON.stringify(server.toString())}\nlisten: [udp:127.0.0.1:0]\npersist_state: 1\ndialog_state_table: ${table}\n`;
  const config = parseConfig(text, "lab.yaml", { env: {} });
  const lines: string[] = [];
  const logger = createServiceLogger({ log: { level: "info", format: "json" }, clock: systemClock, secrets: [], write: (line) => void lines.push(line) });
  const service = await startService({ config, logger, resolver: new StaticResolver() });
  t.after(() => service.stop());
  await until("alice registered", () => service.progress().registered === 1);
  const savedCseq = async (): Promise<number[]> => (await store.connection.query(`SELECT cseq FROM ${table}`)).map((row) => Number(row[0]));
  const lastSent = (): number[] => [getCSeq(registrar.requests().at(-1)?.request ?? assert.fail("nothing sent")).seq];
  await eventually("the registration's CSeq saved", 5000, savedCseq, lastSent);

  proxy.strand();
  const sent = registrar.requests().length;
  await service.engine.forceRegister(id);
  await until("alice refreshed", () => registrar.requests().length > sent);
  // The refresh is challenged: CSeq n+1 gets a 401, n+2 the 200 OK.
  await until("alice's refresh answered", () => registrar.requests().length >= sent + 2);
  await eventually("the refresh's CSeq saved on a new connection", 20_000, savedCseq, lastSent);
  assert.ok(
    lines.some((line) => line.includes("dialog state: the connection was dropped")),
    "the reset of the dead connection is logged",
  );
  assert.ok(lines.some((line) => line.includes("dialog state: connected again")));
}

/** A schema (PostgreSQL) or database (MariaDB) of its own, dropped after the run; resolves with its URL. */
const DATABASES = {
  PostgreSQL: async (name: string): Promise<string> => {
    await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${name}`);
    cleanups.push(() => postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${name} CASCADE`));
    return postgresSchemaUrl(name);
  },
  MariaDB: async (name: string): Promise<string> => {
    await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${name}`);
    cleanups.push(() => mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${name}`));
    return mariadbDatabaseUrl(name);
  },
} as const;

describe("persist_state through uacreg run's service", () => {
  for (const [label, own] of Object.entries(DATABASES)) {
    it(`on ${label}: a restart continues the dialog`, async (t) => {
      await continuesAcrossRestart(t, await own(uniqueName("svc")), "saved_dialogs");
    });

    it(`on ${label}: a dialog-state connection that goes silent for good is replaced, and the rows are saved again`, async (t) => {
      await savesAgainAfterStrandedConnection(t, await own(uniqueName("str")), "stranded_dialogs");
    });
  }
});
