import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Transcript } from "./transcript.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const options = (n: number) => bytes(`OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK${n}\r\nCSeq: ${n} OPTIONS\r\nContent-Length: 0\r\n\r\n`);

describe("transcript ring", () => {
  it("keeps the newest entries up to its capacity and counts the dropped ones", () => {
    const transcript = new Transcript(2);
    for (let n = 1; n <= 5; n++) transcript.record(n * 1000, "in", "udp:10.0.0.1:5060", "udp:10.0.0.2:5060", options(n));
    assert.deepEqual(transcript.entries().map((e) => e.seq), [4, 5]);
    assert.equal(transcript.dropped, 3);
    assert.equal(transcript.entries()[0]?.summary, "OPTIONS sip:x CSeq 4");
    assert.match(transcript.ladder(), /\(3 earlier messages dropped\)\n +\+0\.000s .*\n +\+1\.000s /);
    transcript.clear();
    assert.deepEqual(transcript.toJSON(), { capacity: 2, dropped: 0, entries: [] });
    assert.equal(transcript.ladder(), "(empty transcript)\n");
  });

  it("records nothing at capacity 0 and refuses a negative capacity", () => {
    const off = new Transcript(0);
    off.record(0, "out", "p", "l", options(1));
    assert.equal(off.enabled, false);
    assert.deepEqual(off.entries(), []);
    assert.throws(() => new Transcript(-1), RangeError);
  });
});
