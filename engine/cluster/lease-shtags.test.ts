/**
 * The lease keeper on fake time, several nodes over one in-memory lease database whose clock is
 * not the nodes' (docs/cluster-safety.md names these tests). Each scenario checks, after every
 * step, that no tag is ever active on two nodes at once.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock, memoryLogger, type Clock } from "../index.js";
import type { Shtag, ShtagChange } from "../registrant/index.js";
import { MemoryLeaseDatabase } from "../../testkit/memory-lease-table.js";
import type { ClusterOptions } from "./cluster-options.js";
import { DEAD_NODE_KEPT_TTLS, LeaseShtags, type ClusterObserver } from "./lease-shtags.js";

const TTL = 10_000;
const RENEW = 2_000;
const MARGIN = 1_000;
const TAGS: Shtag[] = Array.from({ length: 30 }, (_, i) => ({ name: `t${i}`, clusterId: 1 }));

type Fault = "none" | "cut" | "hang";

interface Node {
  readonly name: string;
  readonly shtags: LeaseShtags;
  readonly changes: ShtagChange[];
  readonly counts: Record<string, number>;
  fault: Fault;
}

function lab(options: { readonly skewMs?: number; readonly tags?: Shtag[] } = {}) {
  const fake = createClock(1_700_000_000_000);
  const clock = fromFakeClock(fake);
  // The database's clock is off from the nodes' by skewMs: only its own readings decide expiry.
  const db = new MemoryLeaseDatabase(() => fake.now + (options.skewMs ?? 0));
  const nodes: Node[] = [];
  const add = (
    name: string,
    extra: Partial<ClusterOptions> & { clock?: Clock; handOver?: (tags: readonly Shtag[]) => Promise<void>; rowTags?: () => readonly Shtag[] } = {},
  ): Node => {
    const counts: Record<string, number> = {};
    const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
    const observer: ClusterObserver = {
      leaseAcquired: (takeover) => bump(takeover ? "takeover" : "acquired"),
      leaseLost: (reason) => bump(`lost-${reason}`),
      leaseReleased: (reason) => bump(`released-${reason}`),
      handOverFinished: () => bump("handover"),
    };
    const node: Node = {
      name,
      changes: [],
      counts,
      fault: "none",
      shtags: null as unknown as LeaseShtags,
    };
    const shtags = new LeaseShtags(
      {
        node: name,
        leaseTtlMs: TTL,
        renewIntervalMs: RENEW,
        safetyMarginMs: MARGIN,
        tags: options.tags ?? TAGS,
        preferred: new Map(),
        leaseTable: "uacreg_lease",
        nodeTable: "uacreg_node",
        ...extra,
      },
      {
        clock: extra.clock ?? clock,
        connect: async () => db.connect(() => node.fault),
        logger: memoryLogger(),
        rowTags: extra.rowTags ?? (() => []),
        observer,
        ...(extra.handOver === undefined ? {} : { handOver: extra.handOver }),
      },
    );
    (node as { shtags: LeaseShtags }).shtags = shtags;
    shtags.subscribe((change) => node.changes.push(change));
    nodes.push(node);
    return node;
  };
  const activeOwners = (tag: Shtag): string[] => nodes.filter((n) => n.shtags.isActive(tag)).map((n) => n.name);
  const assertSafe = (): void => {
    for (const tag of TAGS) assert.ok(activeOwners(tag).length <= 1, `${tag.name} active on ${activeOwners(tag).join(", ")}`);
  };
  /** Advances fake time in small steps, checking safety after each. */
  const run = async (ms: number, step = 250): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      await fake.tickAsync(step);
      assertSafe();
    }
  };
  const held = (node: Node): number => TAGS.filter((tag) => node.shtags.isActive(tag)).length;
  return { fake, clock, db, add, run, held, activeOwners, assertSafe };
}

describe("LeaseShtags: leases on the shared database", () => {
  it("balance: three nodes starting together end with 10/10/10, every acquisition one epoch up, no tag on two nodes", async () => {
    const { add, run, held, db } = lab();
    const nodes = [add("a"), add("b"), add("c")];
    await Promise.all(nodes.map((n) => n.shtags.start()));
    await run(20_000);
    assert.deepEqual(nodes.map(held), [10, 10, 10]);
    for (const [, row] of db.leases) assert.ok(row.epoch >= 1 && row.owner !== null);
    const tag = TAGS[0]!;
    const owner = nodes.find((n) => n.shtags.isActive(tag))!;
    assert.equal(owner.shtags.epochOf(tag), db.leases.get("t0/1")?.epoch);
    assert.equal(nodes.find((n) => n !== owner)!.shtags.epochOf(tag), null);
  });

  it("join: a node that joins gets its share only through releases of the loaded nodes, never by stealing a live lease", async () => {
    const { add, run, held } = lab();
    const a = add("a");
    const b = add("b");
    await Promise.all([a.shtags.start(), b.shtags.start()]);
    await run(10_000);
    assert.deepEqual([held(a), held(b)], [15, 15]);
    const c = add("c");
    await c.shtags.start();
    await run(20_000);
    assert.deepEqual([held(a), held(b), held(c)], [10, 10, 10]);
    assert.equal((a.counts["released-balance"] ?? 0) + (b.counts["released-balance"] ?? 0), 10);
    assert.equal(a.counts["lost-taken"] ?? 0, 0);
    assert.equal(b.counts["lost-taken"] ?? 0, 0);
  });

  it("partition: a node cut off from the database goes BACKUP before its leases expire on the database's clock; the others take over after expiry", async () => {
    const { add, run, held, db, fake } = lab({ skewMs: 37 * 60_000 });
    const nodes = [add("a"), add("b"), add("c")];
    await Promise.all(nodes.map((n) => n.shtags.start()));
    await run(20_000);
    const [a, b, c] = nodes as [Node, Node, Node];
    const mine = TAGS.filter((tag) => a.shtags.isActive(tag));
    const keyOf = (tag: Shtag) => `${tag.name}/${tag.clusterId}`;
    a.fault = "cut";
    const backupAt = new Map<string, number>();
    a.shtags.subscribe((change) => {
      if (!change.active) backupAt.set(`${change.name}/${change.clusterId}`, db.now());
    });
    await run(TTL + 4 * RENEW);
    assert.equal(held(a), 0);
    for (const tag of mine) {
      const row = db.leases.get(keyOf(tag))!;
      assert.notEqual(row.owner, "a", `${keyOf(tag)} taken over`);
      const at = backupAt.get(keyOf(tag));
      assert.ok(at !== undefined, `${keyOf(tag)} went BACKUP`);
    }
    assert.equal(a.counts["lost-deadline"], 10);
    assert.equal((b.counts["takeover"] ?? 0) + (c.counts["takeover"] ?? 0), 10);
    assert.deepEqual([held(b), held(c)], [15, 15]);
    // Back on the database, it rejoins as a follower: it takes tags only through the others' releases.
    a.fault = "none";
    await run(20_000);
    assert.deepEqual([held(a), held(b), held(c)], [10, 10, 10]);
    void fake;
  });

  it("the BACKUP comes at least the safety margin before the lease's expiry on the database's clock", async () => {
    const { add, run, db } = lab({ skewMs: -3_600_000, tags: TAGS.slice(0, 1) });
    const a = add("a");
    await a.shtags.start();
    await run(5_000);
    const expiresAt = db.leases.get("t0/1")!.expiresAt!;
    let backupDbTime: number | null = null;
    a.shtags.subscribe((change) => {
      if (!change.active) backupDbTime = db.now();
    });
    a.fault = "cut";
    await run(TTL, 50);
    assert.ok(backupDbTime !== null);
    assert.ok(expiresAt - (backupDbTime as number) >= MARGIN, `BACKUP ${expiresAt - (backupDbTime as number)} ms before expiry`);
  });

  it("a database that stops answering (statements hang) still ends in BACKUP at the deadline; the node reconnects when it answers", async () => {
    const { add, run, held } = lab({ tags: TAGS.slice(0, 3) });
    const a = add("a");
    await a.shtags.start();
    await run(3_000);
    assert.equal(held(a), 3);
    a.fault = "hang";
    await run(TTL);
    assert.equal(held(a), 0);
    assert.equal(a.counts["lost-deadline"], 3);
    a.fault = "none";
    await run(2 * TTL);
    assert.equal(held(a), 3);
  });

  it("process pause: after a pause longer than the lease, the tag is inactive the moment the process runs again, before any timer", async () => {
    const { add, db, fake } = lab({ tags: TAGS.slice(0, 1) });
    const pausedFake = createClock(1_700_000_000_000);
    const paused = fromFakeClock(pausedFake);
    const a = add("a", { clock: paused });
    // a's clock stands still while the world (the database, b) moves on: a paused process.
    const startA = a.shtags.start();
    await pausedFake.tickAsync(0);
    await startA;
    assert.equal(a.shtags.isActive(TAGS[0]!), true);
    const b = add("b");
    await b.shtags.start();
    // Not \`run\`: a paused process reads a frozen clock but sends nothing, so "active on two" is no harm yet.
    await fake.tickAsync(TTL + 2 * RENEW);
    assert.equal(db.leases.get("t0/1")!.owner, "b");
    assert.equal(b.shtags.isActive(TAGS[0]!), true);
    // The pause ends: a's clock jumps. Its first check, before any of its timers ran, says BACKUP.
    pausedFake.setSystemTime(pausedFake.now + TTL + 2 * RENEW);
    assert.equal(a.shtags.isActive(TAGS[0]!), false);
    await pausedFake.tickAsync(RENEW);
    assert.equal(a.shtags.epochOf(TAGS[0]!), null);
  });

  it("a renew after a takeover fails (conditional on owner and epoch): the old holder goes BACKUP", async () => {
    const { add, run, db } = lab({ tags: TAGS.slice(0, 1) });
    const a = add("a");
    await a.shtags.start();
    await run(1_000);
    // The lease expires and b takes it while a cannot see it (as after a database fail-over that lost a's renewals).
    const row = db.leases.get("t0/1")!;
    Object.assign(row, { owner: "b", epoch: row.epoch + 1, expiresAt: db.now() + TTL });
    await run(RENEW);
    assert.equal(a.shtags.isActive(TAGS[0]!), false);
    assert.equal(a.counts["lost-taken"], 1);
  });

  it("SIGTERM hand-over: releaseAll frees every lease and the heartbeat, and another node takes them at its next round", async () => {
    const { add, run, held, db } = lab({ tags: TAGS.slice(0, 6) });
    const a = add("a");
    const b = add("b");
    await Promise.all([a.shtags.start(), b.shtags.start()]);
    await run(10_000);
    assert.deepEqual([held(a), held(b)], [3, 3]);
    assert.equal(await a.shtags.releaseAll(), 3);
    assert.equal(db.heartbeats.has("a"), false);
    assert.equal(held(a), 0);
    await run(RENEW);
    assert.equal(held(b), 6);
    assert.equal(b.counts["takeover"] ?? 0, 0);
  });

  it("a balancing release runs in hand-over order: inactive first, then the hook, then the lease freed, then BACKUP announced", async () => {
    const { add, run, held, db } = lab({ tags: TAGS.slice(0, 4) });
    const order: string[] = [];
    const a = add("a", {
      handOver: async (tags) => {
        const key = `${tags[0]!.name}/${tags[0]!.clusterId}`;
        order.push(`${key} hook active=${a.shtags.isActive(tags[0]!)} epoch=${a.shtags.epochOf(tags[0]!) === db.leases.get(key)!.epoch} owner=${db.leases.get(key)!.owner}`);
      },
    });
    await a.shtags.start();
    await run(3_000);
    assert.equal(held(a), 4);
    a.shtags.subscribe((change) => {
      const key = `${change.name}/${change.clusterId}`;
      if (!change.active) order.push(`${key} backup owner=${db.leases.get(key)!.owner ?? "none"}`);
    });
    const b = add("b");
    await b.shtags.start();
    await run(6_000);
    assert.deepEqual([held(a), held(b)], [2, 2]);
    // Per released tag: the hook while the lease is still ours (the state is saved under its
    // epoch: epochOf still gives it), then BACKUP once the lease is free.
    const released = [...new Set(order.map((line) => line.split(" ")[0]!))];
    assert.equal(released.length, 2);
    for (const key of released) {
      assert.deepEqual(
        order.filter((line) => line.startsWith(`${key} `)),
        [`${key} hook active=false epoch=true owner=a`, `${key} backup owner=none`],
      );
    }
  });

  it("a hand-over longer than a lease (transactions in flight up to their timeout) loses no lease: the rounds keep renewing meanwhile", async () => {
    const { add, run, held, db, clock } = lab({ tags: TAGS.slice(0, 4) });
    const a = add("a", { handOver: () => new Promise<void>((resolve) => clock.setTimeout(resolve, 3 * TTL)) });
    await a.shtags.start();
    await run(3_000);
    const b = add("b");
    await b.shtags.start();
    await run(2 * TTL);
    assert.equal(held(a), 2, "two tags being handed over, two kept");
    assert.equal(a.counts["lost-deadline"] ?? 0, 0);
    assert.equal([...db.leases.values()].filter((row) => row.owner === "a").length, 4, "the leases in hand-over are still renewed");
    await run(2 * TTL);
    assert.deepEqual([held(a), held(b)], [2, 2]);
    assert.equal(a.counts["lost-deadline"] ?? 0, 0);
    assert.equal(a.counts["released-balance"], 2);
  });

  it("without a tags list, the tags are those the registrant rows name, read again each round (a reload adds one)", async () => {
    const { add, run, held } = lab();
    let rows = TAGS.slice(0, 3);
    const a = add("a", { tags: null, rowTags: () => rows });
    await a.shtags.start();
    await run(RENEW);
    assert.equal(held(a), 3);
    rows = TAGS.slice(0, 4);
    await run(RENEW);
    assert.equal(held(a), 4);
    assert.deepEqual(a.shtags.list().map((e) => e.Tag), ["t0", "t1", "t2", "t3"]);
  });

  it("clusterer_shtag_set_active moves a tag to the asking node, by release, and clusterer_list_shtags shows it", async () => {
    const { add, run } = lab({ tags: TAGS.slice(0, 2) });
    const a = add("a");
    const b = add("b");
    await a.shtags.start();
    await run(3_000);
    await b.shtags.start();
    await run(3_000);
    const tag = TAGS.find((t) => a.shtags.isActive(t))!;
    await b.shtags.setActive(tag);
    await run(2 * RENEW);
    assert.equal(b.shtags.isActive(tag), true);
    assert.equal(a.shtags.isActive(tag), false);
    assert.deepEqual(
      b.shtags.list().find((e) => e.Tag === tag.name),
      { Tag: tag.name, Cluster: 1, State: "active" },
    );
    // b now holds both, one over its share: balancing gives back the other tag, never the wanted one.
    await run(4 * RENEW);
    assert.equal(b.shtags.isActive(tag), true);
    const other = TAGS.slice(0, 2).find((t) => t !== tag)!;
    assert.equal(a.shtags.isActive(other), true);
    const status = await b.shtags.status();
    assert.equal(status.tags.find((t) => t.tag === `${tag.name}/1`)?.owner, "b");
    assert.deepEqual(status.nodes.map((n) => n.node), ["a", "b"]);
  });

  it("a dead node's heartbeat row: shown as not live for 10 lease TTLs, then deleted by a live node's round; a live node's row stays", async () => {
    const { add, run, db } = lab({ tags: TAGS.slice(0, 3) });
    const [a, b, c] = [add("a"), add("b"), add("c")];
    await Promise.all([a, b, c].map((n) => n.shtags.start()));
    await run(10_000);
    c.fault = "hang";
    await run(2 * TTL);
    const shown = await a.shtags.status();
    assert.deepEqual(shown.nodes.map((n) => [n.node, n.live]), [["a", true], ["b", true], ["c", false]]);
    await run(DEAD_NODE_KEPT_TTLS * TTL - 2 * TTL - 2 * RENEW);
    assert.equal(db.heartbeats.has("c"), true, "still there just before 10 TTLs");
    await run(3 * RENEW);
    assert.deepEqual([...db.heartbeats.keys()].sort(), ["a", "b"]);
    assert.deepEqual((await b.shtags.status()).nodes.map((n) => n.node), ["a", "b"]);
  });
});

