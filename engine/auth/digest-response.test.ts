import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { digestHash } from "./algorithms.js";
import { digestResponse, type DigestResponseInput } from "./digest-response.js";
import { DigestError } from "./errors.js";
import { passwordHa1 } from "./secret.js";

const EMPTY = new Uint8Array();

describe("digest response arithmetic", () => {
  it("reproduces RFC 2617 §3.5 (Mufasa, MD5, qop=auth)", () => {
    const response = digestResponse({
      algorithm: "MD5",
      ha1: passwordHa1("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life"),
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      method: "GET",
      uri: "/dir/index.html",
      body: EMPTY,
      qop: { qop: "auth", nc: "00000001", cnonce: "0a4f113b" },
    });
    assert.equal(response, "6629fae49393a05397450978507c4ef1");
  });

  describe("RFC 7616 §3.9.1 (Mufasa, qop=auth, GET /dir/index.html)", () => {
    const rfc7616 = (algorithm: "MD5" | "SHA-256"): string =>
      digestResponse({
        algorithm,
        ha1: passwordHa1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life"),
        nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        method: "GET",
        uri: "/dir/index.html",
        body: EMPTY,
        qop: { qop: "auth", nc: "00000001", cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ" },
      });

    it("MD5 example", () => assert.equal(rfc7616("MD5"), "8ca523f5e9506fed4657c9700eebdbec"));

    it("SHA-256 example", () =>
      assert.equal(rfc7616("SHA-256"), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));
  });

  describe("spec §6.3 vector (alice, example.com, secret, REGISTER sip:example.com, nonce abc123)", () => {
    const base: DigestResponseInput = {
      algorithm: "MD5",
      ha1: passwordHa1("MD5", "alice", "example.com", "secret"),
      nonce: "abc123",
      method: "REGISTER",
      uri: "sip:example.com",
      body: EMPTY,
      qop: null,
    };
    const auth = { qop: "auth", nc: "00000001", cnonce: "1834973413" } as const;

    it("HA1 and HA2", () => {
      assert.equal(base.ha1, "b1726872c344b6dc8365b774f8fd6412");
      assert.equal(digestHash("MD5", "REGISTER:sip:example.com"), "0264b00abe5b31d87fb22979689b883f");
    });

    it("with qop=auth", () =>
      assert.equal(digestResponse({ ...base, qop: auth }), "9ccd0c28bec3cccc8277ef4336e20bd9"));

    it("without qop", () => assert.equal(digestResponse(base), "d1d211daa2e0d7f43de25792410f5057"));

    // Expected values below come from Python's hashlib, an implementation independent of ours.
    it("MD5-sess folds nonce and cnonce into HA1", () =>
      assert.equal(digestResponse({ ...base, algorithm: "MD5-sess", qop: auth }), "fbc14f6504aa73099c69ad41e8e1a988"));

    it("SHA-512-256 and SHA-512-256-sess", () => {
      const ha1 = passwordHa1("SHA-512-256", "alice", "example.com", "secret");
      assert.equal(
        digestResponse({ ...base, algorithm: "SHA-512-256", ha1, qop: auth }),
        "6f63eb122b9c87ec009fb2fa61bbc56c396f2fb123cf6c8a04f83754cab59bec",
      );
      assert.equal(
        digestResponse({ ...base, algorithm: "SHA-512-256-sess", ha1, qop: auth }),
        "98e22418d708c900dbb385745e5a1f31dc382555e0ae23501d78728ae698250b",
      );
    });

    it("auth-int hashes the body given, empty or not", () => {
      const authInt = { ...auth, qop: "auth-int" } as const;
      assert.equal(digestResponse({ ...base, qop: authInt }), "1749f4b971cfb6c9a6246a89486040ae");
      const body = new TextEncoder().encode("v=0\r\n");
      assert.equal(digestResponse({ ...base, qop: authInt, body }), "68e4726b9bba9a5e8c7b51b58a0cad0e");
      const ha1 = passwordHa1("SHA-256", "alice", "example.com", "secret");
      assert.equal(
        digestResponse({ ...base, algorithm: "SHA-256-sess", ha1, qop: authInt, body }),
        "31cd9afdf96cfb8741b0cea8df031d0d71f7aff39ff2400adf08fbad435d5296",
      );
    });

    it("auth ignores the body", () => {
      const body = new TextEncoder().encode("v=0\r\n");
      assert.equal(digestResponse({ ...base, qop: auth, body }), "9ccd0c28bec3cccc8277ef4336e20bd9");
    });

    it("refuses a -sess algorithm without qop (no cnonce to fold in)", () => {
      assert.throws(
        () => digestResponse({ ...base, algorithm: "SHA-256-sess" }),
        (e: unknown) => e instanceof DigestError && e.code === "digest_unusable_challenge" && e.field === "qop",
      );
    });
  });
});
