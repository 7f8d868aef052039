/**
 * The lease keeper driving a real engine (§12 as the engine already implements it): a lost lease
 * is announced BACKUP, so the tag's records become NOT_REGISTERED with no unREGISTER and nothing is
 * sent for them; a lease acquired again is announced ACTIVE, and the next bucket visit registers in
 * the same dialog (same Call-ID, next CSeq: the engine's memory, before any state persistence).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { harness, row } from "../../testkit/engine-harness.js";
import { MemoryLeaseDatabase } from "../../testkit/memory-lease-table.js";
import { silentLogger } from "../log.js";
import type { ShtagSource } from "../registrant/index.js";
import { headerValue } from "../sip/index.js";
import { LeaseShtags } from "./lease-shtags.js";

describe("LeaseShtags driving the engine", () => {
  it("lease lost: BACKUP at the safety deadline, NOT_REGISTERED, nothing sent; lease back: the next visit registers in the same dialog", async () => {
    let keeper: LeaseShtags | null = null;
    // The engine is built before the keeper (the keeper needs the harness's clock): delegate.
    const shtags: ShtagSource = {
      isActive: (tag) => keeper?.isActive(tag) ?? false,
      subscribe: (listener) => keeper!.subscribe(listener),
    };
    const h = harness({ rows: [row("sip:alice@example.org", { cluster_shtag: "gw/1" })], config: { enable_clustering: 1, timer_interval: 100, hash_size: 1 }, shtags });
    const db = new MemoryLeaseDatabase(() => h.clock.now());
    let cut = false;
    keeper = new LeaseShtags(
      { node: "a", leaseTtlMs: 10_000, renewIntervalMs: 2_000, safetyMarginMs: 1_000, tags: null, preferred: new Map(), leaseTable: "l", nodeTable: "n" },
      { clock: h.clock, connect: async () => db.connect(() => (cut ? "cut" : "none")), logger: silentLogger, rowTags: () => [{ name: "gw", clusterId: 1 }] },
    );
    await h.engine.start();
    await keeper.start();
    await h.until(51);
    assert.equal(h.engine.list().Records[0]?.state, "REGISTERED_STATE");

    cut = true;
    await h.until(58);
    assert.equal(keeper.isActive({ name: "gw", clusterId: 1 }), true, "still before the deadline");
    await h.until(70);
    assert.equal(h.engine.list().Records[0]?.state, "NOT_REGISTERED_STATE");
    assert.equal(db.leases.get("gw/1")?.owner, "a", "the row still names a: it has not expired yet");

    await h.until(140);
    assert.deepEqual(h.registrar.received.filter((r) => r.atMs >= 51_000), [], "no unREGISTER, nothing while BACKUP");
    cut = false;
    await h.until(151);
    const sent = h.registrar.received.map((r) => ({ sec: Math.floor(r.atMs / 1000), callId: headerValue(r.request, "Call-ID"), cseq: headerValue(r.request, "CSeq") }));
    // Each registration is a challenge and the authenticated REGISTER.
    assert.deepEqual(
      sent.map((s) => [s.sec, s.cseq]),
      [
        [50, "1 REGISTER"],
        [50, "2 REGISTER"],
        [150, "3 REGISTER"],
        [150, "4 REGISTER"],
      ],
    );
    assert.ok(sent.every((s) => s.callId === sent[0]?.callId));
    assert.equal(db.leases.get("gw/1")?.epoch, 2, "acquired again: one epoch up");
    await keeper.close();
    await h.engine.stop();
  });
});
