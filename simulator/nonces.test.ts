import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../engine/random.js";
import { NonceStore } from "./nonces.js";

describe("nonce store", () => {
  const store = () => new NonceStore({ random: seededRandom(1), lifetimeMs: 1000, capacity: 3 });

  it("accepts a nonce for its realm within its lifetime, with increasing nc", () => {
    const nonces = store();
    const { nonce } = nonces.issue("r", "op", 0);
    assert.match(nonce, /^[0-9a-f]{32}$/);
    assert.equal(nonces.use({ nonce, realm: "r", opaque: "op", nc: 1 }, 999), "valid");
    assert.equal(nonces.use({ nonce, realm: "r", opaque: "op", nc: 1 }, 999), "nc-not-increasing");
    assert.equal(nonces.use({ nonce, realm: "r", opaque: "other", nc: 2 }, 999), "opaque-mismatch");
    assert.equal(nonces.use({ nonce, realm: "other", opaque: "op", nc: 2 }, 999), "stale");
    assert.equal(nonces.use({ nonce, realm: "r", opaque: "op", nc: 2 }, 1000), "stale");
    assert.equal(nonces.use({ nonce: "never-issued", realm: "r", opaque: null, nc: null }, 0), "stale");
  });

  it("stays within its capacity, forgetting the oldest first, and drops expired nonces as it issues", () => {
    const nonces = store();
    const first = nonces.issue("r", null, 0).nonce;
    for (let i = 0; i < 3; i++) nonces.issue("r", null, 10);
    assert.equal(nonces.size, 3);
    assert.equal(nonces.use({ nonce: first, realm: "r", opaque: null, nc: null }, 20), "stale");
    nonces.issue("r", null, 5000);
    assert.equal(nonces.size, 1);
  });
});
