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

  it("tee writes each entry to every sink", () => {
    const a = new RunLogRing(5);
    const b = new RunLogRing(5);
    teeRunLog(a, b).write(entry(9));
    assert.deepEqual([a.entries().length, b.entries().length], [1, 1]);
  });
});
