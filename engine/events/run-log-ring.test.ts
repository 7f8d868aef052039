import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunLogEntry } from "../registrant/index.js";
import { RunLogRing, teeRunLog } from "./run-log-ring.js";

const entry = (atMs: number): RunLogEntry => ({ aor: "sip:a@x", contact: "sip:a@1.2.3.4", registrar: "sip:x", atMs, kind: "event", name: "E_REGISTRANT_REGISTERED" });

describe("run-log ring", () => {
  it("keeps the last `capacity` entries, oldest first, and counts what it pushed out", () => {
    const ring = new RunLogRing(3);
    assert.deepEqual(ring.entries(), []);
    for (let ms = 1; ms <= 2; ms++) ring.write(entry(ms));
    assert.deepEqual(ring.entries().map((e) => e.atMs), [1, 2]);
    for (let ms = 3; ms <= 7; ms++) ring.write(entry(ms));
    assert.deepEqual(ring.entries().map((e) => e.atMs), [5, 6, 7]);
    assert.equal(ring.overwritten, 4);
    assert.throws(() => new RunLogRing(0), /capacity must be a whole number from 1/);
  });

  it("gives back each kind of entry as it was written, fields in the same order", () => {
    const subject = { aor: "sip:a@x", contact: "sip:a@1.2.3.4", registrar: "sip:x" };
    const written: RunLogEntry[] = [
      { atMs: 1, ...subject, kind: "state", from: "NOT_REGISTERED", to: "REGISTERING", rule: "T1" },
      { atMs: 2, ...subject, kind: "sip-out", request: "register", callId: "c1", cseq: 7, detached: false, credentials: true, destination: "udp:1.2.3.4:5060" },
      { atMs: 3, ...subject, kind: "sip-in", callId: "c1", cseq: 7, detached: true, outcome: "response", status: 200 },
      { atMs: 4, ...subject, kind: "sip-in", callId: "c2", cseq: 8, detached: false, outcome: "timeout", status: null },
      { atMs: 5, ...subject, kind: "sip-out", request: "wildcard", callId: "c3", cseq: 1, detached: true, credentials: false, destination: "tcp:[::1]:5060" },
      { atMs: 6, ...subject, kind: "event", name: "E_REGISTRANT_REGISTERED" },
    ];
    // Capacity 4: slots are reused by entries of other kinds, and nothing of the old one shows.
    const ring = new RunLogRing(4);
    for (const e of written) ring.write(e);
    assert.equal(JSON.stringify(ring.entries()), JSON.stringify(written.slice(2)));
  });

  it("tee writes each entry to every sink", () => {
    const a = new RunLogRing(5);
    const b = new RunLogRing(5);
    teeRunLog(a, b).write(entry(9));
    assert.deepEqual([a.entries().length, b.entries().length], [1, 1]);
  });
});
