/**
 * What we write must read back, through the codec's own parser, as what we meant: our
 * Authorization values as their `authValue`, our challenges as the challenge a client chooses,
 * and a whole exchange as `ok`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../random.js";
import { formatAuthValue, parseAuthValue as parse } from "../sip/auth-value.js";
import { DIGEST_ALGORITHMS, isSessionAlgorithm } from "./algorithms.js";
import { chooseChallenge, readChallenge, type DigestChallenge } from "./choose-challenge.js";
import { buildAuthorization } from "./client-credentials.js";
import { formatChallenge } from "./format-challenge.js";
import { verifyAuthorization } from "./verify.js";

describe("round trip through the codec's parseAuthValue", () => {
  it("reads every Authorization we write back as its authValue", () => {
    for (const algorithm of DIGEST_ALGORITHMS) {
      for (const qop of ["auth", "auth-int", null] as const) {
        if (qop === null && isSessionAlgorithm(algorithm)) continue;
        for (const opaque of [null, 'o"p\\q']) {
          const challenge: DigestChallenge = { realm: "ex ample.com", nonce: "n/+=", opaque, algorithm, qop, stale: false };
          const built = buildAuthorization({
            challenge,
            username: 'al"ice',
            password: "secret",
            method: "REGISTER",
            uri: "sip:example.com;transport=tcp",
            nonceCount: null,
            random: seededRandom(5),
          });
          const read = parse(built.value);
          assert.equal(read.scheme, "Digest");
          assert.deepEqual([...read.params], [...built.authValue.params], built.value);
          // The codec's writer, given our parameters, writes the same text: both follow §6.3.
          assert.equal(formatAuthValue(built.authValue), built.value);
        }
      }
    }
  });

  it("reads every challenge we write back as the challenge a client would choose", () => {
    const text = formatChallenge({
      realm: 'ex"ample.com',
      nonce: "n0nce",
      opaque: "op",
      algorithm: "SHA-512-256-sess",
      qop: ["auth", "auth-int"],
      stale: true,
    });
    assert.deepEqual(readChallenge(parse(text)), {
      usable: true,
      challenge: {
        realm: 'ex"ample.com',
        nonce: "n0nce",
        opaque: "op",
        algorithm: "SHA-512-256-sess",
        qop: "auth",
        stale: true,
      },
    });
  });

  it("carries a whole exchange, challenge to verification, for every algorithm", () => {
    for (const algorithm of DIGEST_ALGORITHMS) {
      const challenges = [
        formatChallenge({ realm: "example.com", nonce: "skipped", algorithm: "AKAv1-MD5", qop: ["auth"] }),
        formatChallenge({ realm: "example.com", nonce: "n0nce", algorithm, qop: ["auth-int"] }),
      ].map(parse);
      const challenge = chooseChallenge(challenges);
      assert.ok(challenge);
      const body = new TextEncoder().encode("hello");
      const built = buildAuthorization({
        challenge,
        username: "alice",
        password: "secret",
        method: "REGISTER",
        uri: "sip:example.com",
        body,
        nonceCount: null,
        random: seededRandom(9),
      });
      const result = verifyAuthorization(parse(built.value), {
        method: "REGISTER",
        body,
        realm: "example.com",
        secretFor: () => ({ password: "secret" }),
      });
      assert.equal(result.kind, "ok", algorithm);
      assert.equal(result.kind === "ok" && result.credentials.nonce, "n0nce");
    }
  });
});
