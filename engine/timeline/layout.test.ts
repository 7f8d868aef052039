import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration, formatSeconds, layoutAxis, STEP_PX } from "./layout.js";
import type { TimePoint } from "./model.js";

const T0 = 1_767_225_600_000;
const point = (seconds: number, seq: number): TimePoint => ({ atMs: T0 + seconds * 1000, seq });

describe("timeline axis layout", () => {
  it("spreads things of the same millisecond one step apart, in order", () => {
    const slots = [point(0, -1), point(50, 0), point(50, 1), point(50, 2), point(100, 3)];
    const axis = layoutAxis({ slots, axis: "simulated", start: slots[0]! });
    const xs = slots.map((slot) => axis.x(slot));
    assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]!), `not increasing: ${xs.join(", ")}`);
    assert.ok(Math.abs(xs[2]! - xs[1]! - (xs[3]! - xs[2]!)) < 1e-9);
  });

  it("draws a day of quiet wider than an hour but keeps a millisecond exchange visible next to it", () => {
    const slots = [point(0, -1), point(0.001, 0), point(0.002, 1), point(3600, 2), point(3600 + 86_400, 3)];
    const axis = layoutAxis({ slots, axis: "simulated", start: slots[0]! });
    const [x0, x1, x2, hour, day] = slots.map((slot) => axis.x(slot)) as [number, number, number, number, number];
    assert.ok(x1 - x0 >= STEP_PX && x2 - x1 >= STEP_PX);
    assert.ok(day - hour > hour - x2, "a day of quiet is wider than an hour");
    assert.ok(day - hour < 3 * (hour - x2), "but not 24 times wider: the axis is compressed");
  });

  it("puts a point that is not a slot (an event) at the last slot before it", () => {
    const slots = [point(0, -1), point(50, 0), point(50, 2), point(60, 3)];
    const axis = layoutAxis({ slots, axis: "simulated", start: slots[0]! });
    assert.equal(axis.x(point(50, 1)), axis.x(slots[1]!));
  });

  it("labels ticks in simulated seconds and quiet stretches with their length", () => {
    const slots = [point(0, -1), point(50, 0), point(50.002, 1), point(3550, 2), point(3600, 3)];
    const axis = layoutAxis({ slots, axis: "simulated", start: slots[0]! });
    assert.deepEqual(
      axis.ticks.map((tick) => tick.label),
      ["0 s", "50 s", "3,550 s", "3,600 s"],
    );
    assert.deepEqual(
      axis.gaps.map((gap) => gap.label),
      ["+50 s", "+3,500 s", "+50 s"],
    );
  });

  it("labels a wall-clock axis in UTC, with the date on the first tick", () => {
    const slots = [point(0, -1), point(30, 0), point(90_000, 1)];
    const axis = layoutAxis({ slots, axis: "wall", start: slots[0]! });
    assert.deepEqual(
      axis.ticks.map((tick) => tick.label),
      ["2026-01-01 00:00:00Z", "00:00:30", "2026-01-02 01:00:00Z"],
    );
  });

  it("formats seconds with thousands separators and milliseconds only when there are some", () => {
    assert.equal(formatSeconds(86_400_000), "86,400 s");
    assert.equal(formatSeconds(50_001), "50.001 s");
    assert.equal(formatDuration(3_500_400), "3,500 s");
  });
});
