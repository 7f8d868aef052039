import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bucketOf, coreHash } from "./hash.js";

describe("core_hash (spec §3.1)", () => {
  const vectors: ReadonlyArray<readonly [string, number, number, number, number]> = [
    ["sip:alice@example.com", 721547707, 1, 3, 11],
    ["sip:bob@example.org", 3554932563, 1, 3, 3],
    ["sip:1001@10.0.0.1", 847611142, 0, 2, 6],
    ["abc123", 1834973413, 1, 1, 5],
  ];
  for (const [text, full, n2, n4, n16] of vectors) {
    it(`C-HASH-1 §3.1 vector ${text}: ${full}, buckets ${n2}/${n4}/${n16} for N=2/4/16`, () => {
      assert.equal(coreHash(text), full);
      assert.equal(bucketOf(text, 2), n2);
      assert.equal(bucketOf(text, 4), n4);
      assert.equal(bucketOf(text, 16), n16);
    });
  }

  it("§3.1 the empty string still mixes the (empty) remainder: hash 0", () => {
    assert.equal(coreHash(""), 0);
  });

  it("§3.1 bytes are signed chars: a byte >= 0x80 counts as negative", () => {
    // "é" is C3 A9 in UTF-8; as signed chars -61, -87: v = (-61 << 8) + -87 mod 2^32.
    const v = (((-61 << 8) >>> 0) + -87) >>> 0;
    let h = (v ^ (v >>> 3)) >>> 0;
    h = (((h + (h >>> 11)) >>> 0) + (((h >>> 13) + (h >>> 23)) >>> 0)) >>> 0;
    assert.equal(coreHash("é"), h);
    assert.notEqual(coreHash("é"), coreHash("\u00c3\u00a9"));
  });

  it("§3.1 every result is an unsigned 32-bit integer", () => {
    for (const text of ["\u{1F600}\u{1F600}\u{1F600}", "ÿÿÿÿÿÿÿÿÿ", "sip:" + "x".repeat(1000)]) {
      const h = coreHash(text);
      assert.ok(Number.isInteger(h) && h >= 0 && h <= 0xffff_ffff, `${h}`);
    }
  });
});
