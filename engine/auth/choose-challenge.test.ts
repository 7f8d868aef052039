import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseChallenge, readChallenge, type DigestChallenge } from "./choose-challenge.js";
import { authValue } from "../../testkit/auth-fixtures.js";

const BASE = { realm: "example.com", nonce: "abc123" } as const;

function digest(extra: Readonly<Record<string, string>> = {}): ReturnType<typeof authValue> {
  return authValue("Digest", { ...BASE, ...extra });
}

function reasonOf(value: ReturnType<typeof authValue>): string {
  const reading = readChallenge(value);
  assert.equal(reading.usable, false);
  return reading.usable ? "" : reading.reason;
}

describe("reading one challenge", () => {
  it("reads a plain challenge: MD5 when no algorithm, no qop, no opaque, not stale", () => {
    assert.deepEqual(readChallenge(digest()), {
      usable: true,
      challenge: { realm: "example.com", nonce: "abc123", opaque: null, algorithm: "MD5", qop: null, stale: false },
    });
  });

  it("reads every field", () => {
    const reading = readChallenge(
      digest({ opaque: "op", algorithm: "sha-512-256-sess", qop: "auth-int", stale: "TRUE", domain: "sip:x" }),
    );
    const expected: DigestChallenge = {
      realm: "example.com",
      nonce: "abc123",
      opaque: "op",
      algorithm: "SHA-512-256-sess",
      qop: "auth-int",
      stale: true,
    };
    assert.deepEqual(reading, { usable: true, challenge: expected });
  });

  it("accepts the scheme in any case", () => {
    assert.equal(readChallenge(authValue("DIGEST", BASE)).usable, true);
  });

  it("treats an empty opaque as none (only a non-empty one is echoed)", () => {
    const reading = readChallenge(digest({ opaque: "" }));
    assert.equal(reading.usable && reading.challenge.opaque, null);
  });

  it("treats any stale value but true as false", () => {
    for (const stale of ["false", "FALSE", "yes", ""]) {
      const reading = readChallenge(digest({ stale }));
      assert.equal(reading.usable && reading.challenge.stale, false, stale);
    }
  });

  it("prefers auth over auth-int, whatever the order offered, and ignores unknown tokens", () => {
    for (const [offer, chosen] of [
      ["auth", "auth"],
      ["auth-int", "auth-int"],
      ["auth-int,auth", "auth"],
      ["auth-int, auth", "auth"],
      [" AUTH-INT ", "auth-int"],
      ["foo, auth-int", "auth-int"],
      ["foo,auth,bar", "auth"],
    ] as const) {
      const reading = readChallenge(digest({ qop: offer }));
      assert.equal(reading.usable && reading.challenge.qop, chosen, offer);
    }
  });

  it("says why a challenge is unusable, naming the parameter", () => {
    assert.match(reasonOf(authValue("Basic", { realm: "example.com" })), /scheme/);
    assert.match(reasonOf(authValue("Digest", { nonce: "n" })), /realm/);
    assert.match(reasonOf(authValue("Digest", { realm: "r" })), /nonce/);
    assert.match(reasonOf(digest({ nonce: "" })), /nonce/);
    assert.match(reasonOf(digest({ algorithm: "AKAv1-MD5" })), /algorithm "AKAv1-MD5"/);
    assert.match(reasonOf(digest({ algorithm: "AKAv2-MD5" })), /algorithm/);
    assert.match(reasonOf(digest({ algorithm: "SHA-1" })), /algorithm/);
    assert.match(reasonOf(digest({ qop: "foo,bar" })), /qop/);
    assert.match(reasonOf(digest({ qop: "" })), /qop/);
    assert.match(reasonOf(digest({ opaque: "a\r\nb" })), /opaque/);
    assert.match(reasonOf(digest({ nonce: "a\u0001b" })), /nonce/);
  });

  it("finds a -sess challenge without qop unusable (spec D9, Q16), with qop usable", () => {
    for (const algorithm of ["MD5-sess", "SHA-256-sess", "SHA-512-256-sess"]) {
      assert.match(reasonOf(digest({ algorithm })), /qop/);
      assert.equal(readChallenge(digest({ algorithm, qop: "auth" })).usable, true);
    }
  });

  it("accepts an empty realm", () => {
    assert.equal(readChallenge(digest({ realm: "" })).usable, true);
  });
});

describe("choosing among challenges (RFC 7616 §3.7, spec D9)", () => {
  it("returns null when there is none, or none is usable", () => {
    assert.equal(chooseChallenge([]), null);
    assert.equal(
      chooseChallenge([authValue("Basic", { realm: "r" }), digest({ algorithm: "AKAv1-MD5" }), digest({ qop: "x" })]),
      null,
    );
  });

  it("takes the first usable one in message order, not the strongest", () => {
    const chosen = chooseChallenge([
      digest({ algorithm: "MD5", nonce: "first" }),
      digest({ algorithm: "SHA-512-256", nonce: "second" }),
    ]);
    assert.equal(chosen?.nonce, "first");
  });

  it("skips non-Digest, unsupported, AKA, -sess without qop, qop without auth, and missing nonce", () => {
    const chosen = chooseChallenge([
      authValue("Basic", { realm: "r" }),
      digest({ algorithm: "AKAv1-MD5", nonce: "aka" }),
      digest({ algorithm: "SHA-1", nonce: "unknown" }),
      digest({ algorithm: "MD5-sess", nonce: "sess-without-qop" }),
      digest({ qop: "foo", nonce: "qop-foo" }),
      authValue("Digest", { realm: "r" }),
      digest({ algorithm: "SHA-256", nonce: "usable", qop: "auth" }),
      digest({ nonce: "later" }),
    ]);
    assert.equal(chosen?.nonce, "usable");
    assert.equal(chosen?.algorithm, "SHA-256");
  });

  it("takes RFC 7616 §3.9.1's first challenge (SHA-256, offered before MD5)", () => {
    const rfc = {
      realm: "http-auth@example.org",
      qop: "auth, auth-int",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    };
    const chosen = chooseChallenge([
      authValue("Digest", { ...rfc, algorithm: "SHA-256" }),
      authValue("Digest", { ...rfc, algorithm: "MD5" }),
    ]);
    assert.deepEqual(chosen, {
      realm: rfc.realm,
      nonce: rfc.nonce,
      opaque: rfc.opaque,
      algorithm: "SHA-256",
      qop: "auth",
      stale: false,
    });
  });

  it("D9a skips unusable challenges wherever they stand, however many: §6.4's stop at an unknown algorithm is not ours", () => {
    const unusable = [
      digest({ algorithm: "SHA-512", qop: "auth", nonce: "sha-512" }),
      digest({ algorithm: "AKAv1-MD5", nonce: "aka" }),
      digest({ algorithm: "X-NEW-HASH", nonce: "new" }),
      digest({ algorithm: "MD5-sess", nonce: "md5-sess-without-qop" }),
      digest({ algorithm: "SHA-256-sess", nonce: "sha-256-sess-without-qop" }),
    ];
    const supported = digest({ algorithm: "SHA-256", qop: "auth", nonce: "supported" });
    const later = digest({ nonce: "later" });
    for (let before = 0; before <= unusable.length; before++) {
      const leading = unusable.slice(0, before);
      const trailing = unusable.slice(before);
      assert.equal(chooseChallenge([...leading, supported, ...trailing, later])?.nonce, "supported", `${before} before`);
      assert.equal(chooseChallenge([...trailing, ...leading]), null, "none supported");
    }
  });
});
