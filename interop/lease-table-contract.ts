/**
 * The lease table's SQL on a real database (docs/cluster-safety.md names these tests): the same
 * checks on PostgreSQL and on MariaDB, each run in a schema or database of its own. Liveness is
 * judged by the database's clock: the tests move a row's times with the database's own NOW()
 * instead of waiting, and never read the test process's clock.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SqlLeaseTable, type SqlConnection } from "../engine/index.js";

/** Makes a fresh schema (or database) and returns how to open connections to it. */
export type FreshDatabase = () => Promise<() => Promise<SqlConnection>>;

const NAMES = { leaseTable: "lease_t", nodeTable: "node_t" };
const TTL = 60_000;

/** SQL that moves a time column by `seconds` from the database's now (negative: in the past). */
function shifted(dialect: SqlConnection["dialect"], seconds: number): string {
  return dialect === "postgres" ? `CURRENT_TIMESTAMP + (${seconds} * INTERVAL '1 second')` : `DATE_ADD(NOW(6), INTERVAL ${seconds} SECOND)`;
}

export function describeLeaseTableContract(label: string, fresh: FreshDatabase): void {
  describe(`lease table on ${label}`, () => {
    /** Two nodes' tables on two connections to one fresh schema, and a raw connection for checks. */
    async function tables(): Promise<{ a: SqlLeaseTable; b: SqlLeaseTable; raw: SqlConnection; close: () => Promise<void> }> {
      const open = await fresh();
      const raw = await open();
      const a = new SqlLeaseTable(await open(), NAMES);
      const b = new SqlLeaseTable(await open(), NAMES);
      await a.ensureTables();
      await b.ensureTables();
      await a.addTags(["east/1", "west/1"]);
      await b.addTags(["east/1"]);
      return { a, b, raw, close: async () => void (await Promise.all([a.close(), b.close(), raw.close()])) };
    }

    it("creates the tables when missing (twice is fine) and one free row per tag at epoch 0", async () => {
      const { a, close } = await tables();
      try {
        const snapshot = await a.snapshot(TTL);
        assert.deepEqual(snapshot.leases, [
          { tag: "east/1", owner: null, epoch: 0, live: false, wantedBy: null, ageMs: null },
          { tag: "west/1", owner: null, epoch: 0, live: false, wantedBy: null, ageMs: null },
        ]);
      } finally {
        await close();
      }
    });

    it("acquire takes a free lease and raises the epoch; a live lease is never taken; renew only by (owner, epoch)", async () => {
      const { a, b, close } = await tables();
      try {
        assert.equal(await a.acquire("east/1", "a", 0, TTL), true);
        assert.equal(await b.acquire("east/1", "b", 0, TTL), false, "stale epoch");
        assert.equal(await b.acquire("east/1", "b", 1, TTL), false, "live lease");
        const row = (await a.snapshot(TTL)).leases.find((l) => l.tag === "east/1");
        assert.equal(row?.owner, "a");
        assert.equal(row?.epoch, 1);
        assert.equal(row?.live, true);
        assert.equal(await a.renew("east/1", "a", 1, TTL), true);
        assert.equal(await a.renew("east/1", "a", 2, TTL), false, "wrong epoch");
        assert.equal(await b.renew("east/1", "b", 1, TTL), false, "not the owner");
      } finally {
        await close();
      }
    });

    it("expiry by the database's clock: an expired lease is not live, cannot be renewed, and is taken at the next epoch; the old owner's renew then fails", async () => {
      const { a, b, raw, close } = await tables();
      try {
        assert.equal(await a.acquire("east/1", "a", 0, TTL), true);
        await raw.execute(`UPDATE lease_t SET expires_at = ${shifted(raw.dialect, -1)} WHERE tag = ?`, ["east/1"]);
        const row = (await b.snapshot(TTL)).leases.find((l) => l.tag === "east/1");
        assert.equal(row?.live, false);
        assert.equal(await a.renew("east/1", "a", 1, TTL), false, "expired");
        assert.equal(await b.acquire("east/1", "b", 1, TTL), true, "takeover");
        const taken = (await b.snapshot(TTL)).leases.find((l) => l.tag === "east/1");
        assert.deepEqual([taken?.owner, taken?.epoch, taken?.live], ["b", 2, true]);
        assert.equal(await a.renew("east/1", "a", 1, TTL), false, "the old owner's renew after the takeover");
        assert.equal(await a.release("east/1", "a", 1), false, "the old owner's release after the takeover");
      } finally {
        await close();
      }
    });

    it("a lease lasts its TTL on the database's clock: live a second before its end, not after", async () => {
      const { a, raw, close } = await tables();
      try {
        assert.equal(await a.acquire("west/1", "a", 0, 3_600_000), true);
        assert.equal((await a.snapshot(TTL)).leases.find((l) => l.tag === "west/1")?.live, true);
        const [[early]] = (await raw.query(`SELECT CASE WHEN expires_at > ${shifted(raw.dialect, 3599)} THEN 1 ELSE 0 END FROM lease_t WHERE tag = ?`, ["west/1"])) as [[unknown]];
        const [[late]] = (await raw.query(`SELECT CASE WHEN expires_at > ${shifted(raw.dialect, 3601)} THEN 1 ELSE 0 END FROM lease_t WHERE tag = ?`, ["west/1"])) as [[unknown]];
        assert.deepEqual([Number(early), Number(late)], [1, 0]);
      } finally {
        await close();
      }
    });

    it("two nodes racing for one free tag never both win (20 races, each on its own connection)", async () => {
      const { a, b, close } = await tables();
      try {
        for (let round = 0; round < 20; round++) {
          const epoch = (await a.snapshot(TTL)).leases.find((l) => l.tag === "east/1")!.epoch;
          const [wonA, wonB] = await Promise.all([a.acquire("east/1", "a", epoch, TTL), b.acquire("east/1", "b", epoch, TTL)]);
          assert.equal(Number(wonA) + Number(wonB), 1, `round ${round}: a ${wonA}, b ${wonB}`);
          const winner = wonA ? a : b;
          assert.equal(await winner.release("east/1", wonA ? "a" : "b", epoch + 1), true);
        }
        assert.equal((await a.snapshot(TTL)).leases.find((l) => l.tag === "east/1")?.epoch, 20);
      } finally {
        await close();
      }
    });

    it("release frees only the owner's lease; want marks the override; heartbeats are live within a TTL; leave removes the node", async () => {
      const { a, b, raw, close } = await tables();
      try {
        assert.equal(await a.acquire("east/1", "a", 0, TTL), true);
        assert.equal(await b.release("east/1", "b", 1), false);
        assert.equal(await a.release("east/1", "a", 1), true);
        await b.want("east/1", "b");
        await b.want("north/2", "b");
        await a.heartbeat("a");
        await b.heartbeat("b");
        await raw.execute(`UPDATE node_t SET heartbeat_at = ${shifted(raw.dialect, -120)} WHERE node = ?`, ["b"]);
        const snapshot = await a.snapshot(TTL);
        assert.deepEqual(
          snapshot.leases.map((l) => [l.tag, l.owner, l.epoch, l.live, l.wantedBy]),
          [
            ["east/1", null, 1, false, "b"],
            ["north/2", null, 0, false, "b"],
            ["west/1", null, 0, false, null],
          ],
        );
        assert.deepEqual(snapshot.nodes.map((n) => [n.node, n.live]), [
          ["a", true],
          ["b", false],
        ]);
        assert.ok(snapshot.nodes[1]!.heartbeatAgeMs >= 119_000);
        assert.equal(await b.acquire("east/1", "b", 1, TTL), true);
        assert.equal((await a.snapshot(TTL)).leases.find((l) => l.tag === "east/1")?.wantedBy, "b", "the override stays after the acquisition");
        await a.leave("a");
        assert.deepEqual((await a.snapshot(TTL)).nodes.map((n) => n.node), ["b"]);
      } finally {
        await close();
      }
    });

    it("forgetNodes deletes only the heartbeat rows older than its age on the database's clock", async () => {
      const { a, b, raw, close } = await tables();
      try {
        for (const node of ["a", "b", "c"]) await a.heartbeat(node);
        await raw.execute(`UPDATE node_t SET heartbeat_at = ${shifted(raw.dialect, -700)} WHERE node = ?`, ["b"]);
        await raw.execute(`UPDATE node_t SET heartbeat_at = ${shifted(raw.dialect, -500)} WHERE node = ?`, ["c"]);
        assert.equal(await b.forgetNodes(600_000), 1);
        assert.deepEqual((await a.snapshot(TTL)).nodes.map((n) => [n.node, n.live]), [
          ["a", true],
          ["c", false],
        ]);
        assert.equal(await a.forgetNodes(600_000), 0);
      } finally {
        await close();
      }
    });
  });
}
