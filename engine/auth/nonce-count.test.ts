import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DigestError } from "./errors.js";
import { formatNonceCount, NONCE_COUNT_MAX, nextNonceCount } from "./nonce-count.js";

describe("nonce count", () => {
  it("starts at 1 and counts up while the nonce stays the same", () => {
    const first = nextNonceCount(null, "n1");
    const second = nextNonceCount(first, "n1");
    const third = nextNonceCount(second, "n1");
    assert.deepEqual([first, second, third], [
      { nonce: "n1", count: 1 },
      { nonce: "n1", count: 2 },
      { nonce: "n1", count: 3 },
    ]);
  });

  it("goes back to 1 for a new nonce, and does not remember the old one", () => {
    const old = nextNonceCount(nextNonceCount(null, "n1"), "n1");
    const fresh = nextNonceCount(old, "n2");
    assert.deepEqual(fresh, { nonce: "n2", count: 1 });
    assert.deepEqual(nextNonceCount(fresh, "n1"), { nonce: "n1", count: 1 });
  });

  it("leaves the previous state untouched", () => {
    const first = nextNonceCount(null, "n1");
    nextNonceCount(first, "n1");
    assert.deepEqual(first, { nonce: "n1", count: 1 });
  });

  it("refuses to go past what 8 hex digits hold, leaving the state as it was", () => {
    const last = { nonce: "n1", count: NONCE_COUNT_MAX };
    assert.equal(formatNonceCount(last.count), "ffffffff");
    assert.throws(
      () => nextNonceCount(last, "n1"),
      (e: unknown) => e instanceof DigestError && e.code === "digest_nonce_count_exhausted",
    );
    assert.deepEqual(last, { nonce: "n1", count: NONCE_COUNT_MAX });
    assert.deepEqual(nextNonceCount(last, "n2"), { nonce: "n2", count: 1 });
  });

  it("writes nc as 8 lowercase hex digits", () => {
    assert.equal(formatNonceCount(1), "00000001");
    assert.equal(formatNonceCount(2), "00000002");
    assert.equal(formatNonceCount(0xab), "000000ab");
  });
});
