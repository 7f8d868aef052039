import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DigestError } from "./errors.js";
import { formatChallenge } from "./format-challenge.js";

describe("writing challenges (server side)", () => {
  it("writes realm and nonce alone when nothing else is given", () => {
    assert.equal(formatChallenge({ realm: "example.com", nonce: "abc123" }), 'Digest realm="example.com", nonce="abc123"');
  });

  it("writes every parameter in the fixed order realm, nonce, opaque, algorithm, qop, stale", () => {
    assert.equal(
      formatChallenge({
        stale: true,
        qop: ["auth", "auth-int"],
        algorithm: "SHA-512-256-sess",
        opaque: "op",
        nonce: "n",
        realm: "r",
      }),
      'Digest realm="r", nonce="n", opaque="op", algorithm=SHA-512-256-sess, qop="auth,auth-int", stale=true',
    );
  });

  it("writes stale=false when told, and an empty opaque when given", () => {
    assert.equal(
      formatChallenge({ realm: "r", nonce: "n", opaque: "", stale: false }),
      'Digest realm="r", nonce="n", opaque="", stale=false',
    );
  });

  it("writes tokens we do not compute, so scripts can test what a client skips", () => {
    assert.equal(
      formatChallenge({ realm: "r", nonce: "n", algorithm: "AKAv1-MD5", qop: ["foo"] }),
      'Digest realm="r", nonce="n", algorithm=AKAv1-MD5, qop="foo"',
    );
  });

  it("escapes quotes and backslashes in quoted values", () => {
    assert.equal(formatChallenge({ realm: 'a"b\\c', nonce: "n" }), 'Digest realm="a\\"b\\\\c", nonce="n"');
  });

  it("refuses values it cannot write, naming the parameter", () => {
    for (const [field, spec] of [
      ["realm", { realm: "a\r\nb", nonce: "n" }],
      ["nonce", { realm: "r", nonce: "n\n" }],
      ["opaque", { realm: "r", nonce: "n", opaque: "\u0007" }],
      ["algorithm", { realm: "r", nonce: "n", algorithm: "MD5, qop=auth" }],
      ["algorithm", { realm: "r", nonce: "n", algorithm: "" }],
      ["qop", { realm: "r", nonce: "n", qop: ["auth", "a b"] }],
    ] as const) {
      assert.throws(
        () => formatChallenge(spec),
        (e: unknown) => e instanceof DigestError && e.field === field && e.fault === "local",
        field,
      );
    }
  });
});
