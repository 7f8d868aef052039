/**
 * Interop: `uacreg run` as its own process, its records in the real PostgreSQL (1,000 rows) and
 * in MariaDB (200 rows), registers with digest on a Kamailio registrar, half of the records over
 * UDP and half over TCP. Kamailio's location table (`kamcmd ul.dump`) must hold exactly one
 * binding per record with the configured expiry; after `UPDATE ... SET state = 1` on some rows
 * and a SIGHUP, their bindings are gone (unREGISTERed) and the others stay; SIGTERM with
 * `--unregister-on-exit` empties the table and the process exits 0.
 * Needs kamailio (`npm run peers:install`), PostgreSQL and MariaDB on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { kamailioVersion, parseLocationDump, startKamailioRegistrar, type KamailioBinding } from "../cli/kamailio-support.js";
import { freePorts } from "../cli/sipp-support.js";
import { systemClock } from "../engine/clock.js";
import type { RegistrantRow } from "../engine/index.js";
import { DEFAULT_TABLE_NAMES, openStore } from "../engine/store/index.js";
import {
  ensureMariadb,
  ensurePostgres,
  MARIADB_URL,
  mariadbDatabaseUrl,
  mariadbQuery,
  POSTGRES_URL,
  postgresQuery,
  postgresSchemaUrl,
  uniqueName,
} from "./db-servers.js";

const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));
const REALM = "kamailio.example";
const EXPIRY_SEC = 600;
const DISABLED = 10;
const WAIT_LIMIT_MS = 180_000;

if (kamailioVersion() === null) throw new Error("kamailio is not installed: run `npm run peers:install` first");

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

interface Database {
  readonly name: string;
  readonly rows: number;
  /** A fresh schema or database of its own; the db_url that reaches it. */
  create(): Promise<string>;
}

const DATABASES: Database[] = [
  {
    name: "PostgreSQL",
    rows: 1000,
    async create() {
      await ensurePostgres();
      const schema = uniqueName("run_pg");
      await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
      cleanups.push(() => postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      return postgresSchemaUrl(schema);
    },
  },
  {
    name: "MariaDB",
    rows: 200,
    async create() {
      await ensureMariadb();
      const database = uniqueName("run_my");
      await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
      cleanups.push(() => mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`));
      return mariadbDatabaseUrl(database);
    },
  },
];

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = systemClock.now() + WAIT_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (systemClock.now() > deadline) assert.fail(`not within ${WAIT_LIMIT_MS} ms: ${what}`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 1000));
  }
}

for (const database of DATABASES) {
  describe(`uacreg run on ${database.name} against Kamailio`, () => {
    it(`${database.rows} records register over UDP and TCP; state = 1 and SIGHUP unREGISTER some; SIGTERM --unregister-on-exit empties the location table`, async () => {
      const work = await mkdtemp(join(tmpdir(), "uacreg-run-kamailio-"));
      const [kamailioPort = 0, enginePort = 0] = await freePorts(2);
      const users = Array.from({ length: database.rows }, (_, i) => ({ user: `user${i}`, password: `pw-${i}-secret` }));
      const kamailio = await startKamailioRegistrar({ workDir: work, port: kamailioPort, tcp: true, realm: REALM, users });
      cleanups.push(() => kamailio.stop());

      const dbUrl = await database.create();
      const store = await openStore(dbUrl, DEFAULT_TABLE_NAMES);
      await store.init();
      const rows: RegistrantRow[] = users.map(({ user, password }, i) => {
        const tcp = i % 2 === 1 ? ";transport=tcp" : "";
        return {
          aor: `sip:${user}@${REALM}`,
          contact: `sip:${user}@127.0.0.1:${enginePort}${tcp}`,
          registrar: `sip:127.0.0.1:${kamailioPort}${tcp}`,
          username: user,
          password,
          expiry: EXPIRY_SEC,
        };
      });
      assert.ok((await store.insertRows(rows)).every(Boolean));

      const config = join(work, "lab.yaml");
      await writeFile(
        config,
        [`hash_size: 3`, `timer_interval: 8`, `db_url: "${dbUrl}"`, `listen:`, `  - udp:127.0.0.1:${enginePort}`, `  - tcp:127.0.0.1:${enginePort}`, `log: { level: warn, format: json }`, ""].join("\n"),
      );
      const child = spawn(process.execPath, [BIN, "run", "--config", config, "--unregister-on-exit", "--unregister-rate", "500"], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (data: Buffer) => (output += data.toString()));
      child.stderr.on("data", (data: Buffer) => (output += data.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      cleanups.push(async () => void child.kill("SIGKILL"));

      // ul.dump of a thousand contacts is more than kamcmd takes in one reply: one ul.lookup per AoR, in one kamcmd session.
      const location = (): Promise<KamailioBinding[]> => lookupAll(join(work, "kamailio", "ctl"), users.map((u) => u.user));
      const all = await until(`${database.rows} bindings in Kamailio`, location, (b) => b.length >= database.rows || child.exitCode !== null);
      assert.equal(child.exitCode, null, `uacreg run ended early:\n${output}`);
      assert.match(output, new RegExp(`${database.rows} records loaded, 0 rejected`));
      assertOnePerRecord(all, users.map((u) => u.user));
      for (const binding of all) assert.ok(binding.expires > EXPIRY_SEC - 120 && binding.expires <= EXPIRY_SEC, `${binding.aor} expires in ${binding.expires} s`);

      const disabled = users.slice(0, DISABLED).map((u) => u.user);
      for (const user of disabled) await store.writeState({ aor: `sip:${user}@${REALM}`, contact: rows[users.findIndex((u) => u.user === user)]?.contact ?? "", registrar: rows[users.findIndex((u) => u.user === user)]?.registrar ?? "" }, false);
      await store.close();
      child.kill("SIGHUP");
      const afterReload = await until(`the ${DISABLED} disabled records unREGISTERed`, location, (b) => b.length <= database.rows - DISABLED);
      assertOnePerRecord(afterReload, users.slice(DISABLED).map((u) => u.user));

      child.kill("SIGTERM");
      assert.equal(await exited, 0, output);
      assert.match(output, new RegExp(`stopped on SIGTERM, ${database.rows - DISABLED} unREGISTERs sent`));
      assert.deepEqual(await location(), []);
      assert.deepEqual(await kamailio.bindings(), [], "ul.dump: the location table is empty");
    });
  });
}

/** `kamcmd ul.lookup location USER` for every user, in one interactive kamcmd session; users without bindings are left out. */
function lookupAll(control: string, users: readonly string[]): Promise<KamailioBinding[]> {
  return new Promise((resolve, reject) => {
    const kamcmd = execFile("/usr/sbin/kamcmd", ["-s", `unix:${control}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout) => {
      // A user without bindings answers "404 AOR not found" and the session goes on.
      if (error !== null && stdout === "") reject(error);
      else resolve(parseLocationDump(stdout));
    });
    kamcmd.stdin?.end(users.map((user) => `ul.lookup location ${user}\n`).join(""));
  });
}

function assertOnePerRecord(bindings: readonly KamailioBinding[], users: readonly string[]): void {
  const byUser = new Map<string, number>();
  for (const binding of bindings) byUser.set(binding.aor, (byUser.get(binding.aor) ?? 0) + 1);
  assert.deepEqual([...byUser.keys()].sort(), [...users].sort());
  assert.ok([...byUser.values()].every((count) => count === 1), "exactly one binding per record");
}
