import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../random.js";
import { digestHash } from "./algorithms.js";
import type { DigestChallenge } from "./choose-challenge.js";
import { chooseChallenge } from "./choose-challenge.js";
import { buildAuthorization, type AuthorizationRequest } from "./client-credentials.js";
import { digestResponse } from "./digest-response.js";
import { DigestError } from "./errors.js";
import { authValue, refusingRandom, scriptedRandom } from "../../testkit/auth-fixtures.js";

const SPEC_CHALLENGE: DigestChallenge = {
  realm: "example.com",
  nonce: "abc123",
  opaque: null,
  algorithm: "MD5",
  qop: "auth",
  stale: false,
};

/** The spec §6.3 request, drawing its cnonce from `random`. */
function randomCnonceRequest(overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  return {
    challenge: SPEC_CHALLENGE,
    username: "alice",
    password: "secret",
    method: "REGISTER",
    uri: "sip:example.com",
    nonceCount: null,
    random: refusingRandom(),
    ...overrides,
  };
}

/** The spec §6.3 request with its fixed cnonce. */
function request(overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  return randomCnonceRequest({ cnonce: "1834973413", ...overrides });
}

function paramOf(value: string, name: string): string | undefined {
  return new RegExp(`(?:^Digest |, )${name}="?([^",]*)"?(?:,|$)`).exec(value)?.[1];
}

describe("building Authorization values (spec §6.3)", () => {
  it("writes the spec §6.3 vector with qop=auth exactly", () => {
    assert.equal(
      buildAuthorization(request()).value,
      'Digest username="alice", realm="example.com", nonce="abc123", uri="sip:example.com", ' +
        'qop=auth, nc=00000001, cnonce="1834973413", response="9ccd0c28bec3cccc8277ef4336e20bd9", algorithm=MD5',
    );
  });

  it("writes the spec §6.3 vector without qop exactly: no qop, nc or cnonce, algorithm still there", () => {
    const built = buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, qop: null } }));
    assert.equal(
      built.value,
      'Digest username="alice", realm="example.com", nonce="abc123", uri="sip:example.com", ' +
        'response="d1d211daa2e0d7f43de25792410f5057", algorithm=MD5',
    );
  });

  it("writes RFC 2617 §3.5 with its opaque between uri and qop", () => {
    const built = buildAuthorization(
      request({
        challenge: {
          realm: "testrealm@host.com",
          nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
          opaque: "5ccc069c403ebaf9f0171e9517f40e41",
          algorithm: "MD5",
          qop: "auth",
          stale: false,
        },
        username: "Mufasa",
        password: "Circle Of Life",
        method: "GET",
        uri: "/dir/index.html",
        cnonce: "0a4f113b",
      }),
    );
    assert.equal(
      built.value,
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'uri="/dir/index.html", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001, ' +
        'cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", algorithm=MD5',
    );
  });

  describe("RFC 7616 §3.9.1, from the two challenges to the answer", () => {
    const rfc = {
      realm: "http-auth@example.org",
      qop: "auth, auth-int",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    };
    const answer = (algorithm: string): string => {
      const challenge = chooseChallenge([authValue("Digest", { ...rfc, algorithm })]);
      assert.ok(challenge);
      return buildAuthorization({
        challenge,
        username: "Mufasa",
        password: "Circle of Life",
        method: "GET",
        uri: "/dir/index.html",
        nonceCount: null,
        random: refusingRandom(),
        cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
      }).value;
    };
    const head =
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
      'uri="/dir/index.html", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", qop=auth, nc=00000001, ' +
      'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ';

    it("SHA-256", () =>
      assert.equal(
        answer("SHA-256"),
        `${head}response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", algorithm=SHA-256`,
      ));

    it("MD5", () =>
      assert.equal(answer("MD5"), `${head}response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5`));
  });

  it("returns the same parameters as an AuthValue, in written order", () => {
    const built = buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, opaque: "o\"p" } }));
    assert.equal(built.authValue.scheme, "Digest");
    assert.deepEqual(
      [...built.authValue.params],
      [
        ["username", "alice"],
        ["realm", "example.com"],
        ["nonce", "abc123"],
        ["uri", "sip:example.com"],
        ["opaque", 'o"p'],
        ["qop", "auth"],
        ["nc", "00000001"],
        ["cnonce", "1834973413"],
        ["response", built.authValue.params.get("response")],
        ["algorithm", "MD5"],
      ],
    );
  });

  it("writes the canonical algorithm name of each algorithm", () => {
    for (const algorithm of ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"] as const) {
      const built = buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, algorithm } }));
      assert.ok(built.value.endsWith(`, algorithm=${algorithm}`), built.value);
      assert.equal(paramOf(built.value, "response")?.length, algorithm.startsWith("MD5") ? 32 : 64);
    }
  });

  it("echoes only a non-empty opaque", () => {
    assert.doesNotMatch(buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, opaque: "" } })).value, /opaque/);
    assert.match(buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, opaque: "x" } })).value, /, opaque="x", /);
  });

  it("escapes quotes and backslashes in quoted values, and hashes the unescaped text", () => {
    const built = buildAuthorization(request({ username: 'al"ice\\' }));
    assert.match(built.value, /^Digest username="al\\"ice\\\\", /);
    const ha1 = digestHash("MD5", 'al"ice\\:example.com:secret');
    const expected = digestResponse({
      algorithm: "MD5",
      ha1,
      nonce: "abc123",
      method: "REGISTER",
      uri: "sip:example.com",
      body: new Uint8Array(),
      qop: { qop: "auth", nc: "00000001", cnonce: "1834973413" },
    });
    assert.equal(built.authValue.params.get("response"), expected);
  });

  describe("qop", () => {
    it("answers auth-int with the hash of OUR body, not ignoring it (spec Q15)", () => {
      const challenge: DigestChallenge = { ...SPEC_CHALLENGE, qop: "auth-int" };
      const empty = buildAuthorization(request({ challenge }));
      assert.match(empty.value, /, qop=auth-int, nc=00000001, /);
      assert.equal(empty.authValue.params.get("response"), "1749f4b971cfb6c9a6246a89486040ae");
      const withBody = buildAuthorization(request({ challenge, body: new TextEncoder().encode("v=0\r\n") }));
      assert.equal(withBody.authValue.params.get("response"), "68e4726b9bba9a5e8c7b51b58a0cad0e");
    });

    it("refuses a hand-made -sess challenge without qop", () => {
      assert.throws(
        () => buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, algorithm: "MD5-sess", qop: null } })),
        (e: unknown) => e instanceof DigestError && e.code === "digest_unusable_challenge",
      );
    });
  });

  describe("nonce count", () => {
    it("counts 1, 2, 3 for the same nonce and back to 1 for a new one, changing the response", () => {
      const first = buildAuthorization(request());
      const second = buildAuthorization(request({ nonceCount: first.nonceCount }));
      const third = buildAuthorization(request({ nonceCount: second.nonceCount }));
      const renewed = buildAuthorization(
        request({ nonceCount: third.nonceCount, challenge: { ...SPEC_CHALLENGE, nonce: "def456" } }),
      );
      assert.deepEqual(
        [first, second, third, renewed].map((b) => paramOf(b.value, "nc")),
        ["00000001", "00000002", "00000003", "00000001"],
      );
      assert.deepEqual(third.nonceCount, { nonce: "abc123", count: 3 });
      assert.deepEqual(renewed.nonceCount, { nonce: "def456", count: 1 });
      assert.notEqual(first.authValue.params.get("response"), second.authValue.params.get("response"));
    });

    it("leaves the count alone without qop, where nc is not sent", () => {
      const previous = { nonce: "abc123", count: 4 };
      const built = buildAuthorization(request({ nonceCount: previous, challenge: { ...SPEC_CHALLENGE, qop: null } }));
      assert.equal(built.nonceCount, previous);
      assert.equal(buildAuthorization(request({ challenge: { ...SPEC_CHALLENGE, qop: null } })).nonceCount, null);
    });
  });

  describe("cnonce", () => {
    it("draws 16 random bytes as hex from the injected Random when none is given", () => {
      const drawn = "0123456789abcdef0123456789abcdef";
      const random = scriptedRandom([drawn]);
      const built = buildAuthorization(randomCnonceRequest({ random }));
      assert.equal(random.draws(), 1);
      assert.equal(built.authValue.params.get("cnonce"), drawn);
      assert.match(built.value, new RegExp(`, cnonce="${drawn}", `));
    });

    it("gives different cnonces on later requests, the same for the same seed", () => {
      const run = (seed: number): string[] => {
        const random = seededRandom(seed);
        return [1, 2].map(() => buildAuthorization(randomCnonceRequest({ random })).authValue.params.get("cnonce") ?? "");
      };
      const [a, b] = run(7);
      assert.match(a ?? "", /^[0-9a-f]{32}$/);
      assert.notEqual(a, b);
      assert.deepEqual(run(7), [a, b]);
    });

    it("draws nothing without qop, or when a cnonce is given", () => {
      buildAuthorization(randomCnonceRequest({ challenge: { ...SPEC_CHALLENGE, qop: null }, random: refusingRandom() }));
      buildAuthorization(request({ random: refusingRandom() }));
    });

    it("refuses an empty fixed cnonce", () => {
      assert.throws(
        () => buildAuthorization(request({ cnonce: "" })),
        (e: unknown) => e instanceof DigestError && e.code === "digest_unwritable_value" && e.field === "cnonce",
      );
    });
  });

  describe("passwords written as an HA1 (spec D9)", () => {
    it("gives the same answer for 0x + HA1 as for the password", () => {
      for (const algorithm of ["MD5", "MD5-sess", "SHA-256", "SHA-512-256-sess"] as const) {
        const challenge = { ...SPEC_CHALLENGE, algorithm };
        const ha1 = digestHash(algorithm, "alice:example.com:secret");
        assert.equal(
          buildAuthorization(request({ challenge, password: `0x${ha1}` })).value,
          buildAuthorization(request({ challenge })).value,
          algorithm,
        );
      }
    });

    it("uses an HA1 of the wrong length as a literal password", () => {
      const md5Ha1 = digestHash("MD5", "alice:example.com:secret");
      const challenge = { ...SPEC_CHALLENGE, algorithm: "SHA-256" } as const;
      const asLiteral = buildAuthorization(request({ challenge, password: `0x${md5Ha1}` }));
      const expected = digestResponse({
        algorithm: "SHA-256",
        ha1: digestHash("SHA-256", `alice:example.com:0x${md5Ha1}`),
        nonce: "abc123",
        method: "REGISTER",
        uri: "sip:example.com",
        body: new Uint8Array(),
        qop: { qop: "auth", nc: "00000001", cnonce: "1834973413" },
      });
      assert.equal(asLiteral.authValue.params.get("response"), expected);
    });
  });

  it("refuses to write a username or uri holding CR, LF or another control character, naming the field", () => {
    for (const [field, overrides] of [
      ["username", { username: "al\r\nice" }],
      ["username", { username: "al\u0000ice" }],
      ["uri", { uri: "sip:example.com\n" }],
    ] as const) {
      assert.throws(
        () => buildAuthorization(request(overrides)),
        (e: unknown) =>
          e instanceof DigestError && e.code === "digest_unwritable_value" && e.field === field && e.fault === "local",
      );
    }
  });
});
