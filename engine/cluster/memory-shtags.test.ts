import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ShtagChange } from "../registrant/index.js";
import { MemoryShtags } from "./memory-shtags.js";

describe("MemoryShtags (§12)", () => {
  it("§12 an unknown tag is BACKUP; names are case-sensitive and per cluster", () => {
    const shtags = new MemoryShtags([{ name: "tag", clusterId: 1 }]);
    assert.equal(shtags.isActive({ name: "tag", clusterId: 1 }), true);
    assert.equal(shtags.isActive({ name: "TAG", clusterId: 1 }), false);
    assert.equal(shtags.isActive({ name: "tag", clusterId: 2 }), false);
  });

  it("listeners hear real changes only, and can unsubscribe", () => {
    const shtags = new MemoryShtags();
    const heard: ShtagChange[] = [];
    const stop = shtags.subscribe((c) => heard.push(c));
    shtags.set({ name: "t", clusterId: 1 }, true);
    shtags.set({ name: "t", clusterId: 1 }, true);
    shtags.set({ name: "t", clusterId: 1 }, false);
    stop();
    shtags.set({ name: "t", clusterId: 1 }, true);
    assert.deepEqual(heard.map((c) => c.active), [true, false]);
  });

  it("announce: false changes the state silently; announce tells the current state later", () => {
    const shtags = new MemoryShtags();
    const tag = { name: "t", clusterId: 1 };
    const heard: ShtagChange[] = [];
    shtags.subscribe((c) => heard.push(c));
    shtags.set(tag, true, { announce: false });
    assert.equal(shtags.isActive(tag), true);
    assert.equal(heard.length, 0, "a held change is not heard");
    shtags.announce(tag);
    shtags.announce(tag);
    assert.deepEqual(heard, [
      { name: "t", clusterId: 1, active: true },
      { name: "t", clusterId: 1, active: true },
    ], "each announcement is heard, changed or not");
  });
});
