import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as auth from "./index.js";

describe("engine/auth public API", () => {
  it("exports the client side, the server side and their helpers", () => {
    const functions = [
      "buildAuthorization",
      "challengeHeaderName",
      "challengesIn",
      "chooseChallenge",
      "chooseResponseChallenge",
      "credentialsHeaderName",
      "formatChallenge",
      "formatNonceCount",
      "nextNonceCount",
      "parseAlgorithm",
      "readChallenge",
      "secretFromPassword",
      "verifyAuthorization",
    ];
    const exported: Readonly<Record<string, unknown>> = { ...auth };
    for (const name of functions) assert.equal(typeof exported[name], "function", name);
    assert.equal(typeof auth.DigestError, "function");
    assert.deepEqual(Object.keys(auth).sort(), [...functions, "DIGEST_ALGORITHMS", "DigestError", "NONCE_COUNT_MAX"].sort());
  });
});
