process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatCtime } from "./ctime.js";

describe("ctime (§9.2, D21)", () => {
  it("D21 C ctime text without the newline, day padded with a space", () => {
    assert.equal(formatCtime(0), "Thu Jan  1 00:00:00 1970");
    assert.equal(formatCtime(1_700_000_000), "Tue Nov 14 22:13:20 2023");
    assert.equal(formatCtime(3550), "Thu Jan  1 00:59:10 1970");
  });
});
