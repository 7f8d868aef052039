import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import {
  DEFAULT_ALGORITHM_TOKEN,
  DIGEST_ALGORITHMS,
  digestHash,
  hashHexLength,
  isSessionAlgorithm,
  parseAlgorithm,
} from "./algorithms.js";

describe("digest algorithms", () => {
  it("hashes SHA-512-256 as FIPS 180-4 SHA-512/256 (its 'abc' vector), not as truncated SHA-512", () => {
    const abc = "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23";
    assert.equal(digestHash("SHA-512-256", "abc"), abc);
    assert.notEqual(createHash("sha512").update("abc").digest("hex").slice(0, 64), abc);
  });

  it("hashes MD5 and SHA-256 with their standard 'abc' vectors", () => {
    assert.equal(digestHash("MD5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
    assert.equal(
      digestHash("SHA-256", "abc"),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("hashes bytes as given and strings as UTF-8", () => {
    assert.equal(digestHash("MD5", new TextEncoder().encode("é")), digestHash("MD5", "é"));
    assert.equal(digestHash("MD5", new Uint8Array()), "d41d8cd98f00b204e9800998ecf8427e");
  });

  it("uses the same hash for an algorithm and its -sess variant", () => {
    assert.equal(digestHash("SHA-256-sess", "x"), digestHash("SHA-256", "x"));
    assert.equal(digestHash("SHA-512-256-sess", "x"), digestHash("SHA-512-256", "x"));
    assert.equal(digestHash("MD5-sess", "x"), digestHash("MD5", "x"));
  });

  it("knows each hash's hex length", () => {
    const lengths = DIGEST_ALGORITHMS.map((a) => [a, hashHexLength(a)]);
    assert.deepEqual(lengths, [
      ["MD5", 32],
      ["MD5-sess", 32],
      ["SHA-256", 64],
      ["SHA-256-sess", 64],
      ["SHA-512-256", 64],
      ["SHA-512-256-sess", 64],
    ]);
    for (const a of DIGEST_ALGORITHMS) assert.equal(digestHash(a, "").length, hashHexLength(a));
  });

  it("reads algorithm tokens case-insensitively into the canonical spelling, absent as MD5", () => {
    assert.equal(parseAlgorithm(DEFAULT_ALGORITHM_TOKEN), "MD5");
    assert.equal(parseAlgorithm("md5"), "MD5");
    assert.equal(parseAlgorithm("sha-512-256-SESS"), "SHA-512-256-sess");
    for (const a of DIGEST_ALGORITHMS) assert.equal(parseAlgorithm(a), a);
  });

  it("does not support AKA, unknown or empty algorithm tokens", () => {
    for (const token of ["AKAv1-MD5", "AKAv2-MD5", "SHA-512", "SHA-1", "", "MD5 "]) {
      assert.equal(parseAlgorithm(token), null, token);
    }
  });

  it("marks exactly the -sess variants as session algorithms", () => {
    assert.deepEqual(
      DIGEST_ALGORITHMS.filter(isSessionAlgorithm),
      ["MD5-sess", "SHA-256-sess", "SHA-512-256-sess"],
    );
  });
});
