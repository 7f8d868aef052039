import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../random.js";
import { BRANCH_MAGIC_COOKIE, isRfc3261Branch, newBranch } from "./branch.js";

describe("Via branch (RFC 3261 §8.1.1.7)", () => {
  it("starts with the magic cookie and comes from the injected randomness", () => {
    const branch = newBranch(seededRandom(7));
    assert.match(branch, /^z9hG4bK[0-9a-f]{24}$/);
    assert.equal(newBranch(seededRandom(7)), branch, "same seed, same branch");
    assert.notEqual(newBranch(seededRandom(8)), branch);
  });

  it("is unique over many draws from one stream", () => {
    const random = seededRandom(1);
    const branches = new Set(Array.from({ length: 10_000 }, () => newBranch(random)));
    assert.equal(branches.size, 10_000);
  });

  it("tells RFC 3261 branches from old or missing ones", () => {
    assert.equal(isRfc3261Branch(`${BRANCH_MAGIC_COOKIE}abc`), true);
    assert.equal(isRfc3261Branch(BRANCH_MAGIC_COOKIE), false);
    assert.equal(isRfc3261Branch("Z9HG4BKabc"), false);
    assert.equal(isRfc3261Branch("1234"), false);
    assert.equal(isRfc3261Branch(null), false);
  });
});
