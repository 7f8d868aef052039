import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateModuleParams } from "./module-params.js";
import { backoffWaitSec, failureClassOf, flooredRefreshTimeoutSec, obeyedRetryAfterSec, retryPlan, type FailureFacts } from "./retry-policy.js";

const timing = (input: Parameters<typeof validateModuleParams>[0]) => {
  const params = validateModuleParams({ timer_interval: 100, failure_retry_interval: 300, ...input }, "v");
  return { expiryPercentage: 100, failureRetryIntervalSec: 300, timerIntervalSec: 100, trouble: params.trouble };
};
const facts = (over: Partial<FailureFacts> = {}): FailureFacts => ({
  nowSec: 1000,
  expiresSec: 3600,
  status: 503,
  failureClass: "transient",
  retryAfterSec: null,
  failuresBefore: 0,
  ...over,
});
const never = (): number => assert.fail("no draw expected");

describe("retry policy (D29-D32)", () => {
  it("D5 at the defaults, without drawing", () => {
    assert.deepEqual(retryPlan(facts({ retryAfterSec: 120 }), timing({}), never), { timeoutSec: 1200, hold: false });
  });

  it("D29 Retry-After on an allowed status, capped by retry_after_max; not on others", () => {
    const t = timing({ honour_retry_after: 1, retry_after_max: 600 });
    assert.equal(retryPlan(facts({ retryAfterSec: 120 }), t, never).timeoutSec, 1120);
    assert.equal(retryPlan(facts({ retryAfterSec: 5000 }), t, never).timeoutSec, 1600);
    assert.equal(obeyedRetryAfterSec(403, 120, t.trouble), null);
    assert.equal(obeyedRetryAfterSec(null, 120, t.trouble), null);
  });

  it("D30 back-off doubles from retry_base up to retry_max, jitter takes up to half", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 40].map((k) => backoffWaitSec(k, 30, 240, 0)), [30, 60, 120, 240, 240, 240]);
    assert.equal(backoffWaitSec(0, 30, 240, 0.9999), 15);
    assert.equal(backoffWaitSec(0, 31, 240, 0.9999), 16);
    assert.equal(retryPlan(facts({ failuresBefore: 1 }), timing({ retry_backoff: 1 }), () => 0.5).timeoutSec, 1000 + 60 - 15);
  });

  it("D31 classes: auth, rejected, transient; -1 holds, N waits", () => {
    assert.equal(failureClassOf(401, true), "auth");
    assert.equal(failureClassOf(403, false), "auth");
    assert.deepEqual([302, 404, 410, 484, 600, 604, 699].map((s) => failureClassOf(s, false)), Array(7).fill("rejected"));
    assert.deepEqual([null, 400, 408, 480, 500, 503, 599].map((s) => failureClassOf(s, false)), Array(7).fill("transient"));
    const t = timing({ rejected_retry_interval: -1, auth_failure_retry_interval: 7200, honour_retry_after: 1 });
    assert.deepEqual(retryPlan(facts({ status: 404, failureClass: "rejected", retryAfterSec: 60 }), t, never), { timeoutSec: 1200, hold: true });
    assert.equal(retryPlan(facts({ status: 403, failureClass: "auth" }), t, never).timeoutSec, 8200);
  });

  it("D32 the floor moves a refresh only when set and later", () => {
    assert.deepEqual(flooredRefreshTimeoutSec(50, -45, 600), { timeoutSec: 650, floored: true });
    assert.deepEqual(flooredRefreshTimeoutSec(50, 3550, 600), { timeoutSec: 3550, floored: false });
    assert.deepEqual(flooredRefreshTimeoutSec(50, -45, 0), { timeoutSec: -45, floored: false });
  });
});
