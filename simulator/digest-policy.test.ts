import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatChallenge } from "../engine/auth/index.js";
import { seededRandom } from "../engine/random.js";
import { DigestPolicy } from "./digest-policy.js";
import { UserTable } from "./users.js";

describe("digest policy challenges", () => {
  it("writes its own challenges (kept as text around the nonce) exactly as formatChallenge writes them", () => {
    const realms = ['lab "one" \\ x', "two.example"];
    const policy = new DigestPolicy({ realms, algorithms: ["MD5", "SHA-256"], qop: ["auth", "auth-int"] }, { users: UserTable.fromEntries([]), random: seededRandom(7) });
    for (const stale of [false, true, false]) {
      const decision = policy.challenge(0, stale, "test");
      assert.equal(decision.kind, "refused");
      if (decision.kind !== "refused") return;
      assert.equal(decision.headers.length, 4);
      decision.headers.forEach(([name, value], i) => {
        assert.equal(name, "WWW-Authenticate");
        const nonce = /nonce="([0-9a-f]+)"/.exec(value)?.[1];
        assert.ok(nonce !== undefined, value);
        const realm = realms[Math.floor(i / 2)]!;
        const algorithm = i % 2 === 0 ? "MD5" : "SHA-256";
        assert.equal(value, formatChallenge({ realm, nonce, algorithm, qop: ["auth", "auth-int"], stale: stale ? true : undefined }));
      });
    }
  });

  it("writes a challenge without qop, and one with an opaque, as formatChallenge does", () => {
    const bare = new DigestPolicy({ realms: ["r"], qop: [] }, { users: UserTable.fromEntries([]), random: seededRandom(8) });
    const [[, plain] = ["", ""]] = (bare.challenge(0, false, "test") as { headers: ReadonlyArray<readonly [string, string]> }).headers;
    assert.equal(plain, formatChallenge({ realm: "r", nonce: /nonce="([0-9a-f]+)"/.exec(plain)?.[1] ?? "", algorithm: "MD5" }));
    const opaque = new DigestPolicy({ realms: ["r"], opaque: "o-1" }, { users: UserTable.fromEntries([]), random: seededRandom(9) });
    const [[, withOpaque] = ["", ""]] = (opaque.challenge(0, false, "test") as { headers: ReadonlyArray<readonly [string, string]> }).headers;
    assert.equal(withOpaque, formatChallenge({ realm: "r", nonce: /nonce="([0-9a-f]+)"/.exec(withOpaque)?.[1] ?? "", opaque: "o-1", algorithm: "MD5", qop: ["auth"] }));
  });
});
