import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SipResponse } from "../sip/message.js";
import { challengesIn, chooseResponseChallenge } from "./response-challenge.js";

function response(status: number, headers: readonly [string, string][]): SipResponse {
  return {
    kind: "response",
    status,
    reason: "Unauthorized",
    headers: headers.map(([name, value]) => ({ name, value })),
    body: new Uint8Array(),
  };
}

describe("the challenge of a 401 or 407 response", () => {
  it("reads WWW-Authenticate for a 401 and Proxy-Authenticate for a 407, not the other", () => {
    const headers: [string, string][] = [
      ["Proxy-Authenticate", 'Digest realm="proxy", nonce="p"'],
      ["WWW-Authenticate", 'Digest realm="registrar", nonce="w"'],
    ];
    assert.equal(chooseResponseChallenge(response(401, headers))?.nonce, "w");
    assert.equal(chooseResponseChallenge(response(407, headers))?.nonce, "p");
  });

  it("reads nothing from other statuses", () => {
    const both: [string, string][] = [
      ["WWW-Authenticate", 'Digest realm="r", nonce="w"'],
      ["Proxy-Authenticate", 'Digest realm="r", nonce="p"'],
    ];
    for (const status of [200, 400, 403, 408, 500]) {
      assert.deepEqual(challengesIn(response(status, both)), [], String(status));
      assert.equal(chooseResponseChallenge(response(status, both)), null, String(status));
    }
  });

  it("takes the first usable challenge across headers and within one header, in message order", () => {
    const chosen = chooseResponseChallenge(
      response(401, [
        ["WWW-Authenticate", 'Digest realm="r", nonce="aka", algorithm=AKAv1-MD5'],
        ["www-authenticate", 'Digest realm="r", nonce="sess", algorithm=MD5-sess, Digest realm="r", nonce="sha", algorithm=SHA-256, qop="auth"'],
        ["WWW-Authenticate", 'Digest realm="r", nonce="later"'],
      ]),
    );
    assert.equal(chosen?.nonce, "sha");
    assert.equal(chosen?.algorithm, "SHA-256");
  });

  it("skips a header that does not parse and keeps the usable ones around it", () => {
    const bad: [string, string] = ["WWW-Authenticate", 'Digest realm="unterminated, nonce="x"'];
    const good: [string, string] = ["WWW-Authenticate", 'Digest realm="r", nonce="good"'];
    assert.equal(chooseResponseChallenge(response(401, [bad, good]))?.nonce, "good");
    assert.equal(chooseResponseChallenge(response(401, [good, bad]))?.nonce, "good");
    assert.deepEqual(challengesIn(response(401, [bad])), []);
    assert.equal(chooseResponseChallenge(response(401, [bad])), null);
  });
});
