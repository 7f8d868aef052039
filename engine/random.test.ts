import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cryptoRandom } from "./random.js";

describe("cryptoRandom", () => {
  it("gives hex of the length asked for, new each time, across refills of its pool", () => {
    const random = cryptoRandom();
    const seen = new Set<string>();
    // 600 x 16 bytes plus the words in between run through the 4 KiB pool more than twice.
    for (let i = 0; i < 600; i++) {
      const hex = random.hex(16);
      assert.match(hex, /^[0-9a-f]{32}$/);
      seen.add(hex);
      assert.ok(random.uint32() <= 0xffff_ffff);
    }
    assert.equal(seen.size, 600);
    assert.match(random.hex(5000), /^[0-9a-f]{10000}$/, "longer than the pool");
    assert.equal(random.hex(0), "");
  });
});
