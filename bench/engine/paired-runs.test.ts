import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alternatingPairs, median, pairOverheadsPct } from "./paired-runs.js";

describe("paired runs", () => {
  it("runs the pairs back to back, off first in the 1st, 3rd, ... pair and on first in the others", async () => {
    const order: string[] = [];
    const { off, on } = await alternatingPairs(
      3,
      async () => (order.push("off"), `off${order.length}`),
      async () => (order.push("on"), `on${order.length}`),
    );
    assert.deepEqual(order, ["off", "on", "on", "off", "off", "on"]);
    assert.deepEqual(off, ["off1", "off4", "off5"], "each list in pair order");
    assert.deepEqual(on, ["on2", "on3", "on6"]);
  });

  it("each pair's overhead in percent of its own off run; a pair with an unfinished run is left out", () => {
    assert.deepEqual(pairOverheadsPct([0.2, 0.4, null, 0.25], [0.22, 0.38, 0.3, null]).map((pct) => Math.round(pct * 10) / 10), [10, -5]);
  });

  it("median of odd and even counts, NaN of none", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });
});
