import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UacregError } from "../errors.js";
import {
  DEFAULT_TIMER_SETTINGS,
  resolveTimerSettings,
  timerEInitialMs,
  timerENextMs,
  timerFMs,
  timerJMs,
  timerKMs,
} from "./timers.js";

describe("transaction timers (RFC 3261 Appendix A, OpenSIPS fr_timeout)", () => {
  it("defaults to T1 500 ms, T2 4 s, T4 5 s and a 30 s final timeout", () => {
    assert.deepEqual({ ...DEFAULT_TIMER_SETTINGS }, { t1Ms: 500, t2Ms: 4_000, t4Ms: 5_000, finalTimeoutMs: 30_000 });
    assert.deepEqual(resolveTimerSettings(), { ...DEFAULT_TIMER_SETTINGS });
  });

  it("derives E, F, J and K from the settings and the transport's reliability", () => {
    const s = resolveTimerSettings({ t1Ms: 100, t2Ms: 350, t4Ms: 700, finalTimeoutMs: 9_000 });
    assert.equal(timerEInitialMs(s), 100);
    assert.deepEqual([100, 200, 300, 350].map((ms) => timerENextMs(s, ms, false)), [200, 350, 350, 350]);
    assert.equal(timerENextMs(s, 100, true), 350);
    assert.equal(timerFMs(s), 9_000);
    assert.equal(timerKMs(s, false), 700);
    assert.equal(timerKMs(s, true), 0);
    assert.equal(timerJMs(s, false), 6_400);
    assert.equal(timerJMs(s, true), 0);
  });

  it("refuses settings that are not positive or put T2 below T1, naming the setting", () => {
    for (const bad of [{ t1Ms: 0 }, { t4Ms: -1 }, { finalTimeoutMs: Number.NaN }, { t1Ms: 5_000 }]) {
      assert.throws(
        () => resolveTimerSettings(bad),
        (error: unknown) =>
          error instanceof UacregError && error.code === "timer_setting_invalid" && error.message.includes(Object.keys(bad)[0]!),
      );
    }
  });
});
