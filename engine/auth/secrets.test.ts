/**
 * Spec D16: passwords never appear in errors, logs or reports. Every error this layer can throw
 * while holding a password, and every value it returns, is searched for the password and for
 * the HA1s derived from it; only the response hash may carry them, folded in.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { seededRandom } from "../random.js";
import { DIGEST_ALGORITHMS, digestHash, type DigestAlgorithm } from "./algorithms.js";
import type { DigestChallenge } from "./choose-challenge.js";
import { buildAuthorization, type AuthorizationRequest } from "./client-credentials.js";
import { NONCE_COUNT_MAX } from "./nonce-count.js";
import type { DigestSecret } from "./secret.js";
import { withParamsFor } from "../../testkit/auth-fixtures.js";
import { verifyAuthorization, type VerifyOptions } from "./verify.js";

const PASSWORD = "Pw-3f9!Zq-unique";
const ALGORITHM: DigestAlgorithm = "SHA-256-sess";
const HA1 = digestHash(ALGORITHM, `alice:example.com:${PASSWORD}`);
const CHALLENGE: DigestChallenge = {
  realm: "example.com",
  nonce: "n0nce",
  opaque: null,
  algorithm: ALGORITHM,
  qop: "auth",
  stale: false,
};

function request(overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  return {
    challenge: CHALLENGE,
    username: "alice",
    password: PASSWORD,
    method: "REGISTER",
    uri: "sip:example.com",
    nonceCount: null,
    random: seededRandom(3),
    ...overrides,
  };
}

/** Every secret-derived string that must not show: the password, its HA1, and the session HA1 of a given cnonce. */
function secretsOf(cnonce: string): string[] {
  return [PASSWORD, HA1, HA1.toUpperCase(), digestHash(ALGORITHM, `${HA1}:n0nce:${cnonce}`)];
}

function assertNoSecret(text: string, cnonce = ""): void {
  for (const secret of secretsOf(cnonce)) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 4)}… in ${text}`);
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return assert.fail("expected a throw");
}

describe("secrets stay out of errors and results (spec D16)", () => {
  const failing: readonly [string, Partial<AuthorizationRequest>][] = [
    ["a username with a control character", { username: "al\rice" }],
    ["a uri with a control character", { uri: "sip:x\n" }],
    ["an empty fixed cnonce", { cnonce: "" }],
    ["a -sess challenge without qop", { challenge: { ...CHALLENGE, qop: null } }],
    ["an exhausted nonce count", { nonceCount: { nonce: "n0nce", count: NONCE_COUNT_MAX } }],
  ];
  for (const password of [PASSWORD, `0x${HA1}`]) {
    for (const [what, overrides] of failing) {
      it(`an error for ${what} names no secret (password ${password === PASSWORD ? "literal" : "as HA1"})`, () => {
        const error = thrown(() => buildAuthorization(request({ ...overrides, password })));
        assert.ok(error instanceof Error);
        assertNoSecret(error.message);
        assertNoSecret(String(error));
        assertNoSecret(inspect(error, { depth: 10 }));
        assertNoSecret(JSON.stringify(error));
      });
    }
  }

  it("the built Authorization holds no secret, for every algorithm and either form of password", () => {
    for (const algorithm of DIGEST_ALGORITHMS) {
      const ha1 = digestHash(algorithm, `alice:example.com:${PASSWORD}`);
      for (const password of [PASSWORD, `0x${ha1}`]) {
        const built = buildAuthorization(request({ challenge: { ...CHALLENGE, algorithm }, password }));
        const shown = `${built.value}\n${inspect(built, { depth: 10 })}`;
        assert.ok(!shown.includes(PASSWORD), algorithm);
        assert.ok(!shown.includes(ha1), algorithm);
      }
    }
  });

  it("no verification result holds the secret or the expected response", () => {
    const built = buildAuthorization(request());
    const cnonce = built.authValue.params.get("cnonce") ?? "";
    const secrets: DigestSecret[] = [{ password: PASSWORD }, { ha1: HA1 }, { ha1: digestHash("MD5", PASSWORD) }];
    const answers = [
      built.authValue,
      withParamsFor(built.authValue, { response: "0".repeat(64) }),
      withParamsFor(built.authValue, { nc: "x" }),
      withParamsFor(built.authValue, { realm: "elsewhere" }),
      withParamsFor(built.authValue, { username: "bob" }),
      withParamsFor(built.authValue, { algorithm: "AKAv1-MD5" }),
    ];
    for (const secret of secrets) {
      const options: VerifyOptions = {
        method: "INVITE",
        realm: "example.com",
        secretFor: (username) => (username === "alice" ? secret : undefined),
      };
      for (const answer of answers) {
        const result = verifyAuthorization(answer, options);
        const shown = inspect(result, { depth: 10 });
        assertNoSecret(shown, cnonce);
        if ("ha1" in secret) assert.ok(!shown.includes(secret.ha1), `leaked the stored HA1 in ${shown}`);
        if (result.kind === "wrong-response") assert.equal(result.credentials.response, answer.params.get("response"));
      }
    }
  });
});
