/**
 * Two `uacreg run` services in this process, clustered on the real PostgreSQL and on the real
 * MariaDB (each run in a schema or database of its own), a registrar on loopback UDP: the tags
 * spread over both nodes, each record registered by exactly one; the cluster's MI commands and
 * metrics are served; a graceful stop saves the state while it still holds its leases, then frees
 * them, and the other node takes every tag over without waiting for a lease to expire.
 * (Separate processes, kill -9 and database cuts are the process-level tests of issue 13.)
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import {
  callMi,
  createServiceLogger,
  createUdpTransport,
  cryptoRandom,
  DEFAULT_TABLE_NAMES,
  openSqlConnection,
  parseConfig,
  SqlRegistrantStore,
  startService,
  StaticResolver,
  systemClock,
  type RegistrantRow,
  type ServiceHandle,
} from "../engine/index.js";
import { Registrar } from "../testkit/engine-harness.js";
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

const TAGS = ["t0/1", "t1/1", "t2/1", "t3/1"];
const WITHIN_MS = 20_000;
const cleanups: (() => Promise<void>)[] = [];

after(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => {});
});

interface Database {
  readonly label: string;
  readonly ensure: () => Promise<void>;
  /** A fresh schema or database; its URL. */
  readonly fresh: () => Promise<string>;
}

const DATABASES: Database[] = [
  {
    label: "PostgreSQL",
    ensure: ensurePostgres,
    fresh: async () => {
      const schema = uniqueName("cluster_pg");
      await postgresQuery(POSTGRES_URL, `CREATE SCHEMA ${schema}`);
      cleanups.push(() => postgresQuery(POSTGRES_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      return postgresSchemaUrl(schema);
    },
  },
  {
    label: "MariaDB",
    ensure: ensureMariadb,
    fresh: async () => {
      const database = uniqueName("cluster_my");
      await mariadbQuery(MARIADB_URL, `CREATE DATABASE ${database}`);
      cleanups.push(() => mariadbQuery(MARIADB_URL, `DROP DATABASE IF EXISTS ${database}`));
      return mariadbDatabaseUrl(database);
    },
  },
];

function rows(port: number): RegistrantRow[] {
  return TAGS.flatMap((tag, t) =>
    [0, 1].map((i) => ({
      aor: `sip:user${t}${i}@lab.test`,
      contact: `sip:user${t}${i}@127.0.0.1:5999`,
      registrar: `sip:127.0.0.1:${port}`,
      username: `user${t}${i}`,
      password: `secret-${t}${i}`,
      expiry: 600,
      cluster_shtag: tag,
    })),
  );
}

let debug: (() => Promise<string>) | null = null;

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = systemClock.now() + WITHIN_MS;
  while (!(await check())) {
    if (systemClock.now() > deadline) assert.fail(`not within ${WITHIN_MS} ms: ${what}${debug === null ? "" : ` (${await debug()})`}`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 100));
  }
}

const registered = (service: ServiceHandle): string[] =>
  service.engine
    .list()
    .Records.filter((r) => r.state === "REGISTERED_STATE")
    .map((r) => r.AOR);

for (const database of DATABASES) {
  describe(`a two-node cluster on ${database.label}`, () => {
    before(() => database.ensure());

    it("spreads the tags, serves the cluster's MI and metrics, and hands over on a graceful stop", async (t: TestContext) => {
      const url = await database.fresh();
      const transport = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
      t.after(() => transport.close());
      const registrar = new Registrar(transport, systemClock, cryptoRandom());
      for (const row of rows(0)) registrar.users.set(row.username ?? "", row.password ?? "");
      const store = new SqlRegistrantStore(await openSqlConnection(url, 5000), DEFAULT_TABLE_NAMES);
      await store.init();
      await store.insertRows(rows(transport.local.port));
      await store.close();

      const leaseOwners = async (): Promise<Map<string, string | null>> => {
        const db = await openSqlConnection(url, 5000);
        try {
          const found = await db.query("SELECT tag, owner FROM uacreg_lease ORDER BY tag");
          return new Map(found.map((row) => [String(row[0]), row[1] === null ? null : String(row[1])]));
        } finally {
          await db.close();
        }
      };
      const ownersAtFlush: Map<string, string | null>[] = [];
      const start = async (node: string, flushState?: () => Promise<void>): Promise<ServiceHandle> => {
        const text =
          `hash_size: 1\ntimer_interval: 2\nenable_clustering: 1\ndb_url: "${url}"\nlisten: [udp:127.0.0.1:0]\n` +
          `mi: { port: 0 }\ncluster: { node: ${node}, lease_ttl: 3, renew_interval: 1, safety_margin_ms: 500 }\n`;
        const config = parseConfig(text, `${node}.yaml`, { env: {} });
        const logger = createServiceLogger({ log: { level: "warn", format: "json" }, clock: systemClock, secrets: [], write: () => {} });
        const service = await startService({ config, logger, resolver: new StaticResolver(), ...(flushState === undefined ? {} : { flushState }) });
        t.after(() => service.stop());
        return service;
      };
      debug = async () => JSON.stringify({ owners: [...(await leaseOwners())], a: a.engine.list().Records.map((r) => r.state), b: b.engine.list().Records.map((r) => r.state), count: registrar.count });
      const a = await start("a", async () => void ownersAtFlush.push(await leaseOwners()));
      const b = await start("b");

      await until("every record registered on one node, the tags two and two", async () => {
        const owners = [...(await leaseOwners()).values()];
        return registered(a).length + registered(b).length === 8 && owners.filter((o) => o === "a").length === 2 && owners.filter((o) => o === "b").length === 2;
      });
      assert.deepEqual(registered(a).filter((aor) => registered(b).includes(aor)), [], "no record registered on both nodes");

      const mi = { url: a.miUrl ?? "" };
      const list = await callMi("clusterer_list_shtags", undefined, mi);
      assert.equal(list.kind, "result");
      const states = (list.kind === "result" ? (list.result as { Tag: string; Cluster: number; State: string }[]) : []).map((e) => `${e.Tag}/${e.Cluster} ${e.State}`);
      assert.equal(states.length, 4);
      assert.equal(states.filter((s) => s.endsWith("active")).length, 2);
      const status = await callMi("uacreg:cluster_status", undefined, mi);
      assert.deepEqual(status.kind === "result" ? (status.result as { nodes: { node: string }[] }).nodes.map((n) => n.node) : [], ["a", "b"]);
      const metrics = await (await fetch((a.miUrl ?? "").replace(/\/mi$/, "/metrics"))).text();
      assert.match(metrics, /^uacreg_cluster_leases_held 2$/m);
      // a started alone and took all four, then released two to b: acquisitions - balancing releases = leases held.
      const count = (pattern: RegExp): number => Number(pattern.exec(metrics)?.[1] ?? Number.NaN);
      const acquired = count(/^uacreg_cluster_lease_acquisitions_total\{kind="free"\} (\d+)$/m);
      const released = count(/^uacreg_cluster_lease_releases_total\{reason="balance"\} (\d+)$/m);
      assert.equal(acquired - released, 2);

      // The balancing release to b saved the state too, each time before its lease was freed.
      assert.ok(ownersAtFlush.length >= 2);
      assert.ok(ownersAtFlush.every((owners) => [...owners.values()].filter((o) => o === "a").length > 2));
      const flushes = ownersAtFlush.length;
      const before = registrar.count;
      const summary = await a.stop();
      assert.equal(summary.released, 2);
      assert.equal(ownersAtFlush.length, flushes + 1);
      assert.equal([...ownersAtFlush.at(-1)!.values()].filter((o) => o === "a").length, 2, "the stop saves the state while the leases are still held");
      assert.deepEqual([...(await leaseOwners()).values()].filter((o) => o === "a"), [], "every lease freed");
      await until("node b holds every tag and has registered every record", async () => {
        const owners = [...(await leaseOwners()).values()];
        return owners.every((o) => o === "b") && registered(b).length === 8;
      });
      // With the saved dialogs, b continues a's registrations and refreshes only those due: at most one REGISTER each.
      assert.ok(registrar.count - before <= 8, `${registrar.count - before} REGISTERs after the hand-over`);
    });
  });
}
