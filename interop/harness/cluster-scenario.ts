/**
 * The issue 13 cluster story, written once and run on PostgreSQL and on MariaDB: three
 * `uacreg run` nodes share 3,000 records over 30 sharing tags, `uacreg simulate` is the registrar
 * and its transcript the judge. One cluster lives through the steps in order:
 *   1. start: the tags spread 10/10/10, every record registered once;
 *   2. `kill -9` of n3: the others refresh its records with the same Call-ID and the next CSeq,
 *      within lease TTL + one bucket cycle of when each was due, and no binding lapses (the one
 *      exception to "next", in every step: a CSeq the node that left saved and never sent is
 *      skipped, for refreshes due before the event only; testkit/cluster-takeover.ts savedNotSent);
 *   3. SIGTERM of n2: its records are handed over within one bucket cycle;
 *   4. n1 cut off from the database (its TCP proxy stalls): it stops sending before its leases can
 *      expire, the others take over, and once the database is back it rejoins as a follower;
 *   5. a rolling restart of all three, one at a time.
 * After every step: zero lapses and zero duplicate-dialog REGISTERs over the whole run.
 *
 * Timing, chosen so that each step takes seconds and the issue's bounds hold on a loaded machine:
 * 2 buckets visited in 4 s (one bucket cycle, T), leases of 10 s renewed every second (the
 * shortest renew_interval: a released tag is picked up within a second, and ten renewals may fail
 * before a lease is lost), records asking 30 s refreshed at 40 % (D1: due 8 s after the 2xx, sent
 * within the next cycle): a binding outlives its due refresh by 22 s, more than TTL + T + the
 * allowance, so a takeover in time leaves no lapse and a late one shows.
 *
 * The bounds asserted, as the issue words them:
 *   - kill -9 and the database cut: every orphan refreshed within lease TTL + T of
 *     max(the event, its due time);
 *   - SIGTERM: the hand-over (every tag of the stopped node ACTIVE on another node, seen through
 *     their MI) within T of the signal, and each record refreshed within T of max(its due time,
 *     its tag's hand-over): the next visit picks it up (§12).
 * Balance is read from the nodes' MI (`clusterer_list_shtags`), not waited for in the transcript;
 * the transcript then must agree with it (no REGISTER from a node not holding the tag).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../engine/index.js";
import { latestTakeover, maxLateness, savedNotSent, type Takeover, type TakeoverReport } from "../../testkit/cluster-takeover.js";
import { uniqueName } from "../db-servers.js";
import type { ClusterTiming } from "./cluster-config.js";
import { Cluster, type ClusterDatabase } from "./cluster.js";

const RECORDS = 3_000;
const TAGS = 30;
const TIMING: ClusterTiming = {
  hashSize: 1,
  timerIntervalSec: 4,
  expirySec: 30,
  refreshPercent: 40,
  leaseTtlSec: 10,
  renewIntervalSec: 1,
  safetyMarginMs: 1000,
  startupSpreadSec: 2,
};
const CYCLE_MS = TIMING.timerIntervalSec * 1000;
const TTL_MS = TIMING.leaseTtlSec * 1000;
/**
 * Allowed on top of every time bound, for what the bounds leave out, on the taker:
 * - the write-ahead: each REGISTER leaves once its row is saved, 50 ms of group commit plus one
 *   INSERT (docs/saved-dialogs.md), so a record due just after its bucket's visit goes a bucket
 *   cycle plus that later;
 * - the taker's event loop and the database answering late on a loaded machine.
 * Not in it, because it fits inside the bounds: the round that sees a lease expired or released
 * (renew_interval, 1 s) and the spread of the records already due when the tag's saved dialogs
 * are read (one visit period, 1 s at most): after a kill -9 they go within lease TTL + 2 s of
 * their due time, before lease TTL + T; after a SIGTERM within about 1 s of the hand-over, before T.
 * A binding still outlives its due refresh by 22 s, more than TTL + T + this, so a lapse still shows.
 */
const SCHEDULING_ALLOWANCE_MS = 1000;
/** Bound on reaching a balanced 10/10/10 after a start, restart or rejoin. */
const SETTLE_LIMIT_MS = 60_000;

export function describeClusterScenario(database: ClusterDatabase, ensure: () => Promise<void>): void {
  describe(`three-node cluster on ${database.label}: ${RECORDS} records over ${TAGS} tags`, { concurrency: false }, () => {
    let cluster: Cluster;

    before(async () => {
      await ensure();
      cluster = await Cluster.prepare({ database, prefix: uniqueName("cl"), records: RECORDS, tags: TAGS, timing: TIMING });
    });
    after(() => cluster?.close());

    /**
     * Zero lapses and zero duplicate-dialog REGISTERs from `sinceMs` on (the step's own, so that
     * one failing step does not fail the next), with the first few named.
     */
    const assertClean = (step: string, sinceMs: number): void => {
      const lapses = cluster.judge.lapses(systemClock.now()).filter((lapse) => lapse.expiredAtMs >= sinceMs);
      const duplicates = cluster.judge.duplicateDialogs().filter((duplicate) => duplicate.atMs >= sinceMs);
      assert.deepEqual(
        { lapses: lapses.length, duplicates: duplicates.length },
        { lapses: 0, duplicates: 0 },
        `${step}: first lapses ${JSON.stringify(lapses.slice(0, 3))}; first duplicates ${JSON.stringify(duplicates.slice(0, 3))}`,
      );
    };

    const balanced = (step: string): Promise<number> => cluster.waitBalanced(step, SETTLE_LIMIT_MS);
    /** Before a node is disturbed: the transcript agreed with the MI's spread, and the node sent for every record it holds. */
    const holding = async (name: string): Promise<void> => {
      await cluster.waitHolding(name, cluster.refreshPeriodMs + CYCLE_MS + 10_000);
      const strays = cluster.strays(systemClock.now());
      assert.deepEqual(strays.slice(0, 3), [], `${strays.length} REGISTERs since the tags were balanced came from a node not holding the tag`);
    };

    /**
     * Every orphan taken over in time (`lateness`), continuing its dialog (same Call-ID, next
     * CSeq, or the one after for a CSeq the node that left saved and never sent: `unsent`), the
     * node that left never overlapping; and no lapse or duplicate since `sinceMs`. Every figure is
     * printed with its bound, and every problem named in one failure.
     */
    const assertTakenOver = (step: string, report: TakeoverReport, lateness: Lateness, leaverMaySend: boolean, sinceMs: number, unsent: SavedNotSent): void => {
      const now = systemClock.now();
      const lapses = cluster.judge.lapses(now).filter((lapse) => lapse.expiredAtMs >= sinceMs);
      const duplicates = cluster.judge.duplicateDialogs().filter((duplicate) => duplicate.atMs >= sinceMs);
      const excused = savedNotSent(report.brokenDialog, unsent.dueBeforeMs);
      const allowed = unsent.atMost ?? excused.length;
      const broken = excused.length <= allowed ? report.brokenDialog.filter((takeover) => !excused.includes(takeover)) : report.brokenDialog;
      const continued = report.orphans - report.waiting.length - report.brokenDialog.length;
      const sameCallId = report.brokenDialog.filter((t) => t.after !== null && t.after.callId === t.before.callId);
      const jumps = sameCallId.filter((t) => (t.after?.cseq ?? 0) > t.before.cseq + 1).length;
      const repeats = sameCallId.length - jumps;
      process.stdout.write(
        `# ${database.label} ${step}: ${report.orphans} records; latest takeover ${lateness.ms} ms after ${lateness.from} (bound ${lateness.boundMs} ms: ${lateness.bound}); ` +
          `${continued} continued with the same Call-ID and the next CSeq, ${report.brokenDialog.length} not (${report.brokenDialog.length - sameCallId.length} new Call-ID, ${jumps} CSeq skipped ahead, ` +
          `of them ${excused.length} by one for a refresh due before ${unsent.event}, allowed ${unsent.atMost ?? "any"}: ${unsent.why}; ${repeats} CSeq not above the last sent); ${report.overlapping.length} overlapping; ` +
          `leaver quiet after ${report.leaverQuietAfterMs ?? "-"} ms; ${lapses.length} lapses, ${duplicates.length} duplicate-dialog REGISTERs\n`,
      );
      const problems: string[] = [];
      if (report.orphans === 0) problems.push("the node held no records to take over");
      if (!leaverMaySend && report.leaverSent.length > 0) problems.push(`the node that left sent again for ${report.leaverSent.length} records`);
      if (report.overlapping.length > 0) problems.push(`the node that left sent after another node took over, for ${report.overlapping.length} records (${report.overlapping[0]?.aor})`);
      const first = broken[0];
      if (first !== undefined)
        problems.push(
          `${broken.length} takeovers did not continue the dialog with the next CSeq, e.g. ${first.aor}: ${first.before.node} ${first.before.callId} CSeq ${first.before.cseq}, then ${first.after?.node} ${first.after?.callId} CSeq ${first.after?.cseq}` +
            (excused.length > allowed ? ` (${excused.length} skipped one CSeq of a refresh due before ${unsent.event}, more than the ${allowed} allowed: ${unsent.why})` : ""),
        );
      if (lateness.ms > lateness.boundMs) problems.push(`the latest takeover came ${lateness.ms} ms after ${lateness.from}; bound ${lateness.boundMs} ms (${lateness.bound})`);
      if (lapses.length > 0) problems.push(`${lapses.length} lapses, e.g. ${JSON.stringify(lapses[0])}`);
      if (duplicates.length > 0) problems.push(`${duplicates.length} duplicate-dialog REGISTERs, e.g. ${JSON.stringify(duplicates[0])}`);
      assert.deepEqual(problems, [], step);
    };

    /** The latest takeover against max(the event, due): the bound of kill -9 and the database cut. */
    const afterEvent = (report: TakeoverReport, event: string, boundMs: number, bound: string): Lateness => ({
      ms: report.maxLatenessMs,
      from: `max(${event}, due)`,
      boundMs,
      bound,
    });

    it("three nodes spread the tags 10/10/10 and register every record once", async () => {
      const startedAt = systemClock.now();
      await cluster.startAll();
      const allRegistered = await cluster.waitFor(
        "every record registered",
        SETTLE_LIMIT_MS,
        () => (cluster.judge.startCount(cluster.aors, systemClock.now()).never.length === 0 ? systemClock.now() : null),
        () => `(${cluster.judge.startCount(cluster.aors, systemClock.now()).never.length} never registered)`,
      );
      const balancedAt = await balanced("start");
      const count = cluster.judge.startCount(cluster.aors, allRegistered);
      assert.deepEqual(count.moreThanOnce.slice(0, 5), [], `${count.moreThanOnce.length} records registered more than once (a second Call-ID or the same CSeq again)`);
      assertClean("start", startedAt);
      process.stdout.write(
        `# ${database.label} start: all ${RECORDS} registered ${((allRegistered - startedAt) / 1000).toFixed(1)} s after start, tags balanced (MI) after ${((balancedAt - startedAt) / 1000).toFixed(1)} s: ${cluster.describeSpread()}\n`,
      );
    });

    it("kill -9 of a node: the others continue its records' dialogs within lease TTL + one bucket cycle, no lapse", async () => {
      await holding("n3");
      const tags = cluster.tagsOf("n3");
      const killedAt = systemClock.now();
      await cluster.node("n3").kill9();
      const deadAt = systemClock.now();
      try {
        const [report, handedOver] = await Promise.all([
          cluster.waitForTakeovers("kill -9", "n3", tags, killedAt, TTL_MS + cluster.refreshPeriodMs + CYCLE_MS + 10_000),
          cluster.watchHandOver(tags, "n3", TTL_MS + CYCLE_MS + 10_000),
        ]);
        process.stdout.write(`# ${database.label} kill -9: n3's ${tags.length} tags active elsewhere ${Math.max(...handedOver.values()) - killedAt} ms after the kill (lease TTL ${TTL_MS} ms)\n`);
        assertTakenOver("kill -9", report, afterEvent(report, "kill", TTL_MS + CYCLE_MS + SCHEDULING_ALLOWANCE_MS, "lease TTL + one bucket cycle + allowance"), false, killedAt, {
          event: "the kill",
          dueBeforeMs: deadAt,
          atMost: null,
          why: "killed between a save and its send",
        });
      } finally {
        await cluster.node("n3").start();
        await balanced("n3 back after kill -9");
      }
      assertClean("n3 back after kill -9", killedAt);
    });

    it("SIGTERM of a node: hand-over within one bucket cycle", async () => {
      await holding("n2");
      const tags = cluster.tagsOf("n2");
      const stoppedAt = systemClock.now();
      const watching = cluster.watchHandOver(tags, "n2", CYCLE_MS + 10_000);
      // Awaited below; handled here too, so a failure while the stop still runs is not unhandled.
      watching.catch(() => undefined);
      const exit = await cluster.node("n2").terminate();
      const exitedAt = systemClock.now();
      try {
        const stopMs = systemClock.now() - stoppedAt;
        assert.deepEqual(exit, { code: 0, signal: null }, "n2 exits cleanly on SIGTERM");
        const [report, handedOver] = await Promise.all([cluster.waitForTakeovers("SIGTERM", "n2", tags, stoppedAt, cluster.refreshPeriodMs + CYCLE_MS + 10_000), watching]);
        const handOverMs = Math.max(...handedOver.values()) - stoppedAt;
        process.stdout.write(
          `# ${database.label} SIGTERM: n2 stopped in ${stopMs} ms; its ${tags.length} tags active elsewhere ${handOverMs} ms after the signal (bound: one bucket cycle, ${CYCLE_MS} ms); ` +
            `latest takeover ${report.maxLatenessMs} ms after max(signal, due)\n`,
        );
        assert.ok(handOverMs <= CYCLE_MS, `the hand-over took ${handOverMs} ms; bound one bucket cycle, ${CYCLE_MS} ms`);
        const list = cluster.takeovers("n2", tags, stoppedAt);
        const heldAt = (takeover: Takeover): number => handedOver.get(cluster.tagOfAor.get(takeover.aor) ?? "") ?? stoppedAt;
        const latest = latestTakeover(list, heldAt);
        if (latest !== null) {
          const { takeover } = latest;
          process.stdout.write(
            `# ${database.label} SIGTERM: latest ${takeover.aor} (${cluster.tagOfAor.get(takeover.aor)}): due ${takeover.dueAtMs - stoppedAt} ms, tag held ${heldAt(takeover) - stoppedAt} ms, sent by ${takeover.after?.node} ${(takeover.after?.atMs ?? 0) - stoppedAt} ms after the signal\n`,
          );
        }
        // Transactions begun before the signal end during the drain: the stopping node may send until
        // it released, never after the taker started.
        assertTakenOver(
          "SIGTERM",
          report,
          { ms: maxLateness(list, heldAt), from: "max(hand-over of its tag, due)", boundMs: CYCLE_MS + SCHEDULING_ALLOWANCE_MS, bound: "one bucket cycle + allowance" },
          true,
          stoppedAt,
          { event: "the stop", dueBeforeMs: exitedAt, atMost: null, why: "its tag released between a save and its send" },
        );
      } finally {
        await cluster.node("n2").start();
        await balanced("n2 back after SIGTERM");
      }
      assertClean("n2 back after SIGTERM", stoppedAt);
    });

    it("a node cut off from the database stops sending before its leases expire; the others take over; it rejoins as a follower", async () => {
      await holding("n1");
      const tags = cluster.tagsOf("n1");
      const cutAt = systemClock.now();
      await cluster.proxy.send("stall");
      const stalledAt = systemClock.now();
      let restoredAt = Number.NaN;
      try {
        const [report, handedOver] = await Promise.all([
          cluster.waitForTakeovers("database cut", "n1", tags, cutAt, TTL_MS + cluster.refreshPeriodMs + CYCLE_MS + 10_000),
          cluster.watchHandOver(tags, "n1", TTL_MS + CYCLE_MS + 10_000),
        ]);
        const quietMs = report.leaverQuietAfterMs ?? 0;
        process.stdout.write(`# ${database.label} database cut: n1's ${tags.length} tags active elsewhere ${Math.max(...handedOver.values()) - cutAt} ms after the cut (lease TTL ${TTL_MS} ms)\n`);
        // The others may send once n1's leases expired on the database clock, at cutAt + TTL at the
        // earliest when n1 renewed just before the cut: n1 must have gone quiet by then.
        assert.ok(quietMs < TTL_MS, `n1 sent ${quietMs} ms after the cut; its leases can expire ${TTL_MS} ms after it`);
        // Only a save sent before the stall took effect can have been taken (the allowance: its warning's timer firing late).
        const held = await cluster.node("n1").heldForUnansweredSaves(cutAt - SCHEDULING_ALLOWANCE_MS, stalledAt + SCHEDULING_ALLOWANCE_MS);
        assertTakenOver("database cut", report, afterEvent(report, "cut", TTL_MS + CYCLE_MS + SCHEDULING_ALLOWANCE_MS, "lease TTL + one bucket cycle + allowance"), true, cutAt, {
          event: "the cut",
          dueBeforeMs: stalledAt,
          atMost: held,
          why: "REGISTERs n1 held for saves sent just before the stall and never answered, which the database may have taken",
        });
      } finally {
        restoredAt = systemClock.now();
        await cluster.proxy.send("restore");
      }
      await balanced("n1 back on the database");
      assert.ok(cluster.node("n1").running, "n1 kept running through the cut");
      await holding("n1");
      const backAt = cluster.aors.map((aor) => cluster.judge.firstAfter(aor, restoredAt)).filter((r) => r?.node === "n1").map((r) => r?.atMs ?? Number.NaN);
      process.stdout.write(`# ${database.label} database cut: n1 sent again ${Math.min(...backAt) - restoredAt} ms after the database came back\n`);
      assertClean("n1 back on the database", cutAt);
    });

    it("a rolling restart of all three nodes: zero lapses, zero duplicate-dialog REGISTERs", async () => {
      const rollingAt = systemClock.now();
      let lastStopAt = rollingAt;
      for (const name of ["n1", "n2", "n3"]) {
        const node = cluster.node(name);
        lastStopAt = systemClock.now();
        const exit = node.running ? await node.terminate() : { code: 0, signal: null };
        await node.start();
        assert.deepEqual(exit, { code: 0, signal: null }, `${name} exits cleanly on SIGTERM`);
        await balanced(`${name} restarted`);
      }
      // Every record granted again since the last stop began: a binding the restarts left to lapse
      // would have had its refresh by then.
      await cluster.waitFor(
        "every record refreshed after the last restart",
        cluster.refreshPeriodMs + CYCLE_MS + 10_000,
        () => (cluster.aors.every((aor) => (cluster.judge.lastGrantBefore(aor, systemClock.now())?.atMs ?? 0) > lastStopAt) ? systemClock.now() : null),
      );
      const now = systemClock.now();
      const strays = cluster.strays(now);
      process.stdout.write(
        `# ${database.label} rolling restart: ${cluster.judge.lapses(now).filter((l) => l.expiredAtMs >= rollingAt).length} lapses, ${cluster.judge.duplicateDialogs().filter((d) => d.atMs >= rollingAt).length} duplicate-dialog REGISTERs; whole run: ${cluster.judge.lapses(now).length} lapses, ${cluster.judge.duplicateDialogs().length} duplicates, ${cluster.judge.retransmissions} retransmissions; spread ${cluster.describeSpread()}, ${strays.length} REGISTERs from a node not holding the tag since\n`,
      );
      assert.deepEqual(strays.slice(0, 3), [], `${strays.length} REGISTERs came from a node not holding the tag`);
      assertClean("rolling restart", rollingAt);
    });
  });
}

/**
 * CSeqs the node that left may have saved and never sent (savedNotSent): skips of one, for refreshes
 * due before `dueBeforeMs` (when the event had taken effect), `atMost` of them (null: no count
 * known beyond that), and why the step can cause them.
 */
interface SavedNotSent {
  readonly event: string;
  readonly dueBeforeMs: number;
  readonly atMost: number | null;
  readonly why: string;
}

/** How late the latest takeover came, from what, against which bound (printed with the figure). */
interface Lateness {
  readonly ms: number;
  readonly from: string;
  readonly boundMs: number;
  readonly bound: string;
}
