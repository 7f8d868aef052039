/**
 * The soak's lapse accounting on hand-made timelines: the soak starts at 0 s, a bucket cycle is
 * 10 s, the engine refreshes at 80 % of a grant; each case is one record's week in a few seconds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LapseLedger, type LapseBreakdown } from "./lapse-ledger.js";

const s = (seconds: number): number => seconds * 1000;
const A = "sip:a@example.org";
const NONE: LapseBreakdown = { restartUnsignalled: 0, startBeforeFirstRegister: 0, afterSilent: 0, within503RetryAfter: 0, after503: 0, noAnswerSeen: 0 };

function ledger(): LapseLedger {
  return new LapseLedger({ startMs: 0, aors: [A], cycleMs: s(10), refreshShare: 0.8 });
}

function totalsOf(l: LapseLedger, endSec: number): { lapse: number; beyond: number; by: LapseBreakdown } {
  const t = l.finish(s(endSec), [A]);
  const by = Object.fromEntries(Object.entries(t.beyondCycleMs).map(([k, ms]) => [k, ms / 1000])) as unknown as LapseBreakdown;
  return { lapse: t.lapseMs / 1000, beyond: t.lapseBeyondCycleMs / 1000, by };
}

describe("LapseLedger", () => {
  it("splits a first registration later than the first cycle at the record's first REGISTER", () => {
    const l = ledger();
    assert.equal(l.awaitingRegisters, true);
    l.registerArrived(A, s(18));
    assert.equal(l.awaitingRegisters, false);
    l.busy(A, s(18), 60);
    l.granted(A, s(90), 100);
    // 10-18 the engine's pacing; 18-78 the 503's Retry-After; 78-90 the retry's bucket visit and exchange.
    assert.deepEqual(totalsOf(l, 100), { lapse: 90, beyond: 80, by: { ...NONE, startBeforeFirstRegister: 8, within503RetryAfter: 60, after503: 12 } });
  });

  it("splits a restart's lapse at the record's first REGISTER that reaches the registrar", () => {
    const l = ledger();
    l.granted(A, s(0), 100);
    assert.equal(l.awaitingRegisters, false);
    l.restart(s(50));
    assert.equal(l.awaitingRegisters, true);
    l.registerArrived(A, s(80));
    assert.equal(l.awaitingRegisters, false);
    l.granted(A, s(81), 100);
    // 50-60 is the restart's first cycle; 60-80 nothing told the record; 80-81 its REGISTER's round trip.
    assert.deepEqual(totalsOf(l, 100), { lapse: 31, beyond: 21, by: { ...NONE, restartUnsignalled: 20, noAnswerSeen: 1 } });
  });

  it("blames a silent period between the refresh falling due and the lapse's end", () => {
    const l = ledger();
    l.granted(A, s(0), 100);
    l.silent(s(90), s(120));
    l.granted(A, s(150), 100);
    // Lapse 100-150 less the silence (to 120) and its cycle (to 130).
    assert.deepEqual(totalsOf(l, 200), { lapse: 30, beyond: 20, by: { ...NONE, afterSilent: 20 } });
  });

  it("does not blame a silent period over before the refresh fell due", () => {
    const l = ledger();
    l.granted(A, s(0), 100);
    l.silent(s(20), s(30));
    l.granted(A, s(110), 100);
    assert.deepEqual(totalsOf(l, 200), { lapse: 10, beyond: 10, by: { ...NONE, noAnswerSeen: 10 } });
  });

  it("blames a 503 answered after the refresh fell due, not one before", () => {
    const blamed = ledger();
    blamed.granted(A, s(0), 100);
    blamed.busy(A, s(85), 30);
    blamed.granted(A, s(140), 100);
    assert.deepEqual(totalsOf(blamed, 200), { lapse: 40, beyond: 40, by: { ...NONE, within503RetryAfter: 15, after503: 25 } });

    const early = ledger();
    early.granted(A, s(1), 100);
    early.busy(A, s(50), 60);
    early.granted(A, s(130), 100);
    // The second before its first grant lapses too, within the start's first cycle.
    assert.deepEqual(totalsOf(early, 200), { lapse: 30, beyond: 29, by: { ...NONE, noAnswerSeen: 29 } });
  });

  it("does not call a restart unsignalled for a record whose binding had already ended", () => {
    const l = ledger();
    l.granted(A, s(0), 40);
    l.restart(s(50));
    assert.equal(l.awaitingRegisters, false);
    l.registerArrived(A, s(55));
    l.granted(A, s(70), 100);
    // 40-50 before the restart, 60-70 after its cycle: neither is the restart's doing.
    assert.deepEqual(totalsOf(l, 100), { lapse: 30, beyond: 20, by: { ...NONE, noAnswerSeen: 20 } });
  });

  it("closes every lapse at the end of the run, and counts records with one", () => {
    const never = "sip:never@example.org";
    const l = new LapseLedger({ startMs: 0, aors: [A, never], cycleMs: s(10), refreshShare: 0.8 });
    l.granted(A, s(0), 100);
    const t = l.finish(s(130), [A, never]);
    assert.equal(t.recordsWithLapse, 2);
    assert.equal(t.lapseMs, s(30 + 130));
    assert.deepEqual(t.beyondCycleMs, { ...NONE, noAnswerSeen: s(30), startBeforeFirstRegister: s(120) });
  });
});
