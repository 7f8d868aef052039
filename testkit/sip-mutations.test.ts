import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MUTATED_BYTES_MAX, mutate, mutatedCorpusSample, sipSeeds } from "./sip-mutations.js";

const message = Buffer.from("SIP/2.0 200 OK\r\nCall-ID: abc\r\nCSeq: 1 REGISTER\r\n\r\n");
const text = (bytes: Buffer): string => bytes.toString("latin1");

describe("the SIP mutation fuzzer", () => {
  it("loads the corpus and the RFC 4475 messages", () => {
    const seeds = sipSeeds();
    assert.ok(seeds.length >= 60, `${seeds.length} seeds`);
    assert.ok(seeds.every((seed) => seed.length > 0));
  });

  it("flips a bit, truncates, and never changes its seed", () => {
    const copy = Buffer.from(message);
    assert.equal(mutate(message, [{ kind: "flip", at: 0, bit: 5 }])[0], "s".charCodeAt(0));
    assert.equal(text(mutate(message, [{ kind: "truncate", at: 7 }])), "SIP/2.0");
    assert.deepEqual(message, copy);
  });

  it("duplicates and swaps whole lines", () => {
    assert.equal(text(mutate(message, [{ kind: "duplicate line", line: 1, times: 2 }])).split("Call-ID: abc\r\n").length, 4);
    assert.equal(
      text(mutate(message, [{ kind: "swap lines", line: 1, other: 2 }])),
      "SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\nCall-ID: abc\r\n\r\n",
    );
  });

  it("makes a value huge or empty, keeping the line end", () => {
    const huge = text(mutate(message, [{ kind: "huge value", line: 1, unit: "%41", length: 9_000 }]));
    assert.ok(huge.startsWith("SIP/2.0 200 OK\r\nCall-ID: %41%41"));
    assert.ok(huge.length > 9_000 && huge.endsWith("%41\r\nCSeq: 1 REGISTER\r\n\r\n"));
    assert.equal(text(mutate(message, [{ kind: "empty value", line: 2 }])), "SIP/2.0 200 OK\r\nCall-ID: abc\r\nCSeq:\r\n\r\n");
  });

  it("gives the same sample for the same seed, another for another", () => {
    assert.deepEqual(mutatedCorpusSample(42, 20), mutatedCorpusSample(42, 20));
    assert.notDeepEqual(mutatedCorpusSample(42, 20), mutatedCorpusSample(43, 20));
  });

  it("never grows a message past its budget, however the mutations compound", () => {
    const huge = mutate(message, [
      { kind: "huge value", line: 1, unit: "a", length: 60_000 },
      { kind: "duplicate line", line: 1, times: 300 },
      { kind: "repeat", at: 0, length: 30, times: 50 },
      { kind: "duplicate line", line: 5, times: 300 },
    ]);
    assert.ok(huge.length <= MUTATED_BYTES_MAX + 70_000, `${huge.length} bytes`);
  });
});
