import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../random.js";
import type { AuthValue } from "../sip/message.js";
import { DIGEST_ALGORITHMS, digestHash, isSessionAlgorithm, type DigestAlgorithm } from "./algorithms.js";
import type { DigestChallenge } from "./choose-challenge.js";
import { buildAuthorization } from "./client-credentials.js";
import { digestResponse, type Qop } from "./digest-response.js";
import { secretFromPassword, type DigestSecret } from "./secret.js";
import { authValue, withParamsFor } from "../../testkit/auth-fixtures.js";
import { verifyAuthorization, type VerifyOptions, type VerifyResult } from "./verify.js";

const SIP_BODY = new TextEncoder().encode("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");

function challenge(algorithm: DigestAlgorithm, qop: Qop | null): DigestChallenge {
  return { realm: "example.com", nonce: "n0nce", opaque: "op", algorithm, qop, stale: false };
}

/** What the client sends for `alice`/`secret`, as the server would read it. */
function clientAnswer(algorithm: DigestAlgorithm, qop: Qop | null, body = new Uint8Array()): AuthValue {
  return buildAuthorization({
    challenge: challenge(algorithm, qop),
    username: "alice",
    password: "secret",
    method: "REGISTER",
    uri: "sip:example.com",
    body,
    nonceCount: null,
    random: seededRandom(1),
  }).authValue;
}

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    method: "REGISTER",
    realm: "example.com",
    secretFor: (username) => (username === "alice" ? { password: "secret" } : undefined),
    ...overrides,
  };
}

const QOPS: readonly (Qop | null)[] = ["auth", "auth-int", null];

describe("verifying Authorization values (server side)", () => {
  describe("client and server agree", () => {
    for (const algorithm of DIGEST_ALGORITHMS) {
      for (const qop of QOPS) {
        if (qop === null && isSessionAlgorithm(algorithm)) continue;
        it(`${algorithm}, qop ${qop ?? "none"}, with a password and with an HA1`, () => {
          const body = qop === "auth-int" ? SIP_BODY : new Uint8Array();
          const answer = clientAnswer(algorithm, qop, body);
          const ha1: DigestSecret = { ha1: digestHash(algorithm, "alice:example.com:secret") };
          assert.equal(verifyAuthorization(answer, options({ body })).kind, "ok");
          assert.equal(verifyAuthorization(answer, options({ body, secretFor: () => ha1 })).kind, "ok");
          const wrong = options({ body, secretFor: () => ({ password: "Secret" }) });
          assert.equal(verifyAuthorization(answer, wrong).kind, "wrong-response");
        });
      }
    }
  });

  it("returns what the client used, so the caller can check nonce, nc, uri and opaque", () => {
    const result = verifyAuthorization(clientAnswer("SHA-512-256-sess", "auth"), options());
    assert.equal(result.kind, "ok");
    const { response, cnonce, ...rest } = result.kind === "ok" ? result.credentials : assert.fail();
    assert.match(response, /^[0-9a-f]{64}$/);
    assert.match(cnonce ?? "", /^[0-9a-f]{32}$/);
    assert.deepEqual(rest, {
      username: "alice",
      realm: "example.com",
      nonce: "n0nce",
      uri: "sip:example.com",
      algorithm: "SHA-512-256-sess",
      qop: "auth",
      nc: 1,
      opaque: "op",
    });
  });

  it("returns the credentials with a wrong response too (a stale nonce is told apart by the caller)", () => {
    const result = verifyAuthorization(clientAnswer("MD5", null), options({ secretFor: () => ({ password: "x" }) }));
    assert.equal(result.kind, "wrong-response");
    assert.equal(result.kind === "wrong-response" && result.credentials.nonce, "n0nce");
    assert.equal(result.kind === "wrong-response" && result.credentials.nc, null);
  });

  it("checks the RFC 7616 §3.9.1 SHA-256 and MD5 answers (GET /dir/index.html)", () => {
    const rfc = {
      username: "Mufasa",
      realm: "http-auth@example.org",
      uri: "/dir/index.html",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      nc: "00000001",
      cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
      qop: "auth",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    };
    const rfcOptions = options({
      method: "GET",
      realm: "http-auth@example.org",
      secretFor: () => ({ password: "Circle of Life" }),
    });
    const sha256 = authValue("Digest", {
      ...rfc,
      algorithm: "SHA-256",
      response: "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    });
    const md5 = authValue("Digest", { ...rfc, algorithm: "MD5", response: "8ca523f5e9506fed4657c9700eebdbec" });
    assert.equal(verifyAuthorization(sha256, rfcOptions).kind, "ok");
    assert.equal(verifyAuthorization(md5, rfcOptions).kind, "ok");
  });

  it("checks the RFC 2617 §3.5 answer, and the spec §6.3 one without qop", () => {
    const rfc2617 = authValue("Digest", {
      username: "Mufasa",
      realm: "testrealm@host.com",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      uri: "/dir/index.html",
      qop: "auth",
      nc: "00000001",
      cnonce: "0a4f113b",
      response: "6629fae49393a05397450978507c4ef1",
      opaque: "5ccc069c403ebaf9f0171e9517f40e41",
    });
    const mufasa = options({ method: "GET", realm: "testrealm@host.com", secretFor: () => ({ password: "Circle Of Life" }) });
    assert.equal(verifyAuthorization(rfc2617, mufasa).kind, "ok");
    const spec = authValue("Digest", {
      username: "alice",
      realm: "example.com",
      nonce: "abc123",
      uri: "sip:example.com",
      response: "d1d211daa2e0d7f43de25792410f5057",
    });
    assert.equal(verifyAuthorization(spec, options()).kind, "ok");
  });

  it("hashes the body it is given for auth-int, and only for auth-int", () => {
    const authInt = clientAnswer("SHA-256", "auth-int", SIP_BODY);
    assert.equal(verifyAuthorization(authInt, options()).kind, "wrong-response");
    assert.equal(verifyAuthorization(authInt, options({ body: SIP_BODY.subarray(1) })).kind, "wrong-response");
    const auth = clientAnswer("SHA-256", "auth", SIP_BODY);
    assert.equal(verifyAuthorization(auth, options({ body: new Uint8Array([1]) })).kind, "ok");
  });

  it("finds a wrong response when the method, uri, nonce, nc or cnonce differ from what was hashed", () => {
    const answer = clientAnswer("MD5-sess", "auth");
    assert.equal(verifyAuthorization(answer, options({ method: "INVITE" })).kind, "wrong-response");
    for (const change of [{ uri: "sip:other.example.com" }, { nonce: "other" }, { nc: "00000002" }, { cnonce: "c" }]) {
      assert.equal(verifyAuthorization(withParamsFor(answer, change), options()).kind, "wrong-response");
    }
  });

  it("accepts an uppercase response, scheme and algorithm", () => {
    const answer = clientAnswer("SHA-256", "auth");
    const response = answer.params.get("response")?.toUpperCase() ?? "";
    const shouted = { scheme: "DIGEST", params: withParamsFor(answer, { response, algorithm: "sha-256" }).params };
    assert.equal(verifyAuthorization(shouted, options()).kind, "ok");
  });

  it("hashes nc as the client wrote it, and reads its count", () => {
    const nc = "0000000A";
    const fields = { username: "alice", realm: "example.com", nonce: "n0nce", uri: "sip:example.com" };
    const response = digestResponse({
      algorithm: "MD5",
      ha1: digestHash("MD5", "alice:example.com:secret"),
      nonce: fields.nonce,
      method: "REGISTER",
      uri: fields.uri,
      body: new Uint8Array(),
      qop: { qop: "auth", nc, cnonce: "c" },
    });
    const result = verifyAuthorization(authValue("Digest", { ...fields, qop: "auth", nc, cnonce: "c", response }), options());
    assert.equal(result.kind, "ok");
    assert.equal(result.kind === "ok" && result.credentials.nc, 10);
  });

  it("reports a realm other than ours, an unknown user and a stored HA1 of another hash", () => {
    const answer = clientAnswer("SHA-256", "auth");
    assert.deepEqual(verifyAuthorization(answer, options({ realm: "other.example.com" })), {
      kind: "realm-mismatch",
      realm: "example.com",
    });
    assert.deepEqual(verifyAuthorization(withParamsFor(answer, { username: "bob" }), options()), {
      kind: "unknown-user",
      username: "bob",
    });
    const md5Ha1 = { ha1: digestHash("MD5", "alice:example.com:secret") };
    const result = verifyAuthorization(answer, options({ secretFor: () => md5Ha1 }));
    assert.equal(result.kind, "unusable-secret");
    assert.match(result.kind === "unusable-secret" ? result.reason : "", /SHA-256/);
  });

  it("asks for the secret of the algorithm used, so a table can hold spec D9 passwords or per-hash HA1s", () => {
    const asked: string[] = [];
    for (const algorithm of ["MD5", "SHA-256-sess"] as const) {
      const stored = `0x${digestHash(algorithm, "alice:example.com:secret")}`;
      const result = verifyAuthorization(
        clientAnswer(algorithm, "auth"),
        options({
          secretFor: (username, used) => {
            asked.push(`${username} ${used}`);
            return secretFromPassword(stored, used);
          },
        }),
      );
      assert.equal(result.kind, "ok", algorithm);
    }
    assert.deepEqual(asked, ["alice MD5", "alice SHA-256-sess"]);
  });

  it("reports an algorithm we do not support, as the client wrote it", () => {
    const answer = withParamsFor(clientAnswer("MD5", "auth"), { algorithm: "AKAv1-MD5" });
    assert.deepEqual(verifyAuthorization(answer, options()), { kind: "unsupported-algorithm", algorithm: "AKAv1-MD5" });
  });

  it("reads a missing algorithm as MD5", () => {
    const answer = withParamsFor(clientAnswer("MD5", "auth"), { algorithm: null });
    assert.equal(verifyAuthorization(answer, options()).kind, "ok");
  });

  describe("malformed credentials name the field", () => {
    const answer = clientAnswer("SHA-256-sess", "auth");
    const cases: readonly [string, AuthValue][] = [
      ["scheme", { scheme: "Basic", params: answer.params }],
      ["username", withParamsFor(answer, { username: null })],
      ["realm", withParamsFor(answer, { realm: null })],
      ["nonce", withParamsFor(answer, { nonce: null })],
      ["uri", withParamsFor(answer, { uri: null })],
      ["response", withParamsFor(answer, { response: null })],
      ["response", withParamsFor(answer, { response: "abc" })],
      ["response", withParamsFor(answer, { response: "z".repeat(64) })],
      ["response", withParamsFor(answer, { response: "a".repeat(32) })],
      ["qop", withParamsFor(answer, { qop: "auth-conf" })],
      ["qop", withParamsFor(answer, { qop: "AUTH" })],
      ["qop", withParamsFor(answer, { qop: null, nc: null, cnonce: null })],
      ["nc", withParamsFor(answer, { nc: null })],
      ["nc", withParamsFor(answer, { nc: "1" })],
      ["nc", withParamsFor(answer, { nc: "0000000g" })],
      ["cnonce", withParamsFor(answer, { cnonce: null })],
      ["cnonce", withParamsFor(answer, { cnonce: "" })],
    ];
    for (const [field, value] of cases) {
      it(`${field}: ${describeCase(value, answer)}`, () => {
        const result: VerifyResult = verifyAuthorization(value, options());
        assert.equal(result.kind, "malformed");
        assert.equal(result.kind === "malformed" && result.field, field);
        assert.match(result.kind === "malformed" ? result.reason : "", new RegExp(field));
      });
    }
  });
});

/** A short title for a malformed case: which parameter was dropped or changed. */
function describeCase(value: AuthValue, original: AuthValue): string {
  if (value.scheme !== original.scheme) return `scheme ${value.scheme}`;
  const changes = [...original.params.keys()].flatMap((name) => {
    const text = value.params.get(name);
    if (text === undefined) return [`no ${name}`];
    return text === original.params.get(name) ? [] : [`${name}=${JSON.stringify(text.slice(0, 12))}`];
  });
  return changes.join(", ");
}
