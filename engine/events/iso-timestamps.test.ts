import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IsoTimestamps } from "./iso-timestamps.js";

describe("ISO timestamps", () => {
  it("give what Date#toISOString gives, across minutes, days, years and back in time", () => {
    const timestamps = new IsoTimestamps();
    const times = [
      Date.UTC(2026, 11, 7, 17, 9, 38, 5),
      Date.UTC(2026, 11, 7, 17, 9, 38, 57),
      Date.UTC(2026, 11, 7, 17, 9, 59, 999),
      Date.UTC(2026, 11, 7, 17, 10, 0, 0),
      Date.UTC(2026, 11, 31, 23, 59, 9, 120),
      Date.UTC(2027, 0, 1, 0, 0, 0, 1),
      Date.UTC(2026, 11, 7, 17, 9, 1, 400),
      0,
      -1,
      -61_001,
      1_765_127_378_123.9,
    ];
    for (const atMs of times) assert.equal(timestamps.format(atMs), new Date(atMs).toISOString(), `at ${atMs}`);
  });

  it("throw RangeError for a time Date cannot hold, as toISOString does", () => {
    const timestamps = new IsoTimestamps();
    assert.throws(() => timestamps.format(Number.NaN), RangeError);
    assert.throws(() => timestamps.format(8.64e15 + 1), RangeError);
  });
});
