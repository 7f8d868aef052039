import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { passwordHa1, secretFromPassword, secretHa1 } from "./secret.js";

// HA1 = H(alice:example.com:secret), spec §6.3 (MD5) and Python hashlib (SHA-256, SHA-512/256).
const MD5_HA1 = "b1726872c344b6dc8365b774f8fd6412";
const SHA256_HA1 = "ed8925b20f9a77b8f8f8d5f8e4467fe32b866f7208ab9e4b20595e9821a0fdee";
const SHA512_256_HA1 = "9e413627514b03d0753229d450617d94a9b2a2a635222e49bad90404c29e97ad";

describe("passwords and HA1s (spec D9)", () => {
  it("computes HA1 from a password with each hash", () => {
    assert.equal(passwordHa1("MD5", "alice", "example.com", "secret"), MD5_HA1);
    assert.equal(passwordHa1("SHA-256", "alice", "example.com", "secret"), SHA256_HA1);
    assert.equal(passwordHa1("SHA-512-256-sess", "alice", "example.com", "secret"), SHA512_256_HA1);
  });

  it("reads 0x + lowercase hex of the challenged hash's length as an HA1", () => {
    assert.deepEqual(secretFromPassword(`0x${MD5_HA1}`, "MD5"), { ha1: MD5_HA1 });
    assert.deepEqual(secretFromPassword(`0x${MD5_HA1}`, "MD5-sess"), { ha1: MD5_HA1 });
    assert.deepEqual(secretFromPassword(`0x${SHA256_HA1}`, "SHA-256"), { ha1: SHA256_HA1 });
    assert.deepEqual(secretFromPassword(`0x${SHA512_256_HA1}`, "SHA-512-256"), { ha1: SHA512_256_HA1 });
  });

  it("uses every other password literally", () => {
    const literal = [
      ["", "MD5"],
      ["0x", "MD5"],
      ["secret", "MD5"],
      [`0x${MD5_HA1}`, "SHA-256"],
      [`0x${SHA256_HA1}`, "MD5"],
      [`0x${MD5_HA1.toUpperCase()}`, "MD5"],
      [`0X${MD5_HA1}`, "MD5"],
      [`0x${MD5_HA1}0`, "MD5"],
      [`0x${MD5_HA1.slice(1)}`, "MD5"],
      [`0x${MD5_HA1.slice(1)}g`, "MD5"],
      [` 0x${MD5_HA1}`, "MD5"],
    ] as const;
    for (const [password, algorithm] of literal) {
      assert.deepEqual(secretFromPassword(password, algorithm), { password }, `${password} for ${algorithm}`);
    }
  });

  it("uses a stored HA1 only with an algorithm whose hash it fits", () => {
    assert.equal(secretHa1("MD5", "alice", "example.com", { ha1: MD5_HA1 }), MD5_HA1);
    assert.equal(secretHa1("SHA-256", "alice", "example.com", { ha1: MD5_HA1 }), null);
    assert.equal(secretHa1("MD5", "alice", "example.com", { ha1: MD5_HA1.toUpperCase() }), null);
    assert.equal(secretHa1("SHA-512-256", "alice", "example.com", { password: "secret" }), SHA512_256_HA1);
  });
});
