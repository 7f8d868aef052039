import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModuleParamError } from "./errors.js";
import { bucketVisit, nextVisitOfBucketSec, validateModuleParams, type ModuleParamsInput } from "./module-params.js";

function rejects(input: ModuleParamsInput, param: string, reason: RegExp): void {
  assert.throws(
    () => validateModuleParams(input, "0.1.0"),
    (e: unknown) =>
      e instanceof ModuleParamError &&
      e.code === "registrant_param_invalid" &&
      e.param === param &&
      reason.test(e.message) &&
      e.message.startsWith(`${param}: `),
  );
}

describe("module parameters (spec §1.1, D4)", () => {
  it("§1.1 defaults: 2 buckets, T=100, one visit every 50 s, default_expires 3600, P=100, F=0", () => {
    const params = validateModuleParams({}, "0.1.0");
    assert.deepEqual(params, {
      hashSize: 1,
      bucketCount: 2,
      timerIntervalSec: 100,
      visitPeriodSec: 50,
      defaultExpiresSec: 3600,
      failureRetryIntervalSec: 0,
      reregisterExpiryPercentage: 100,
      clusteringEnabled: false,
      userAgent: "uacreg/0.1.0",
      trouble: {
        dropForeignReplies: true,
        honourRetryAfter: false,
        retryAfterMaxSec: 3600,
        retryBackoff: false,
        retryBaseSec: 30,
        retryMaxSec: 1800,
        authFailureRetrySec: 0,
        rejectedRetrySec: 0,
        minRefreshIntervalSec: 0,
        startupSpreadSec: 0,
        registerRateLimit: 0,
        registrarCircuit: 0,
        registrarCircuitProbeIntervalSec: 60,
        learnReceived: false,
        dnsFailover: false,
        keepaliveIntervalSec: 0,
        keepaliveTimeoutSec: 10,
      },
    });
  });

  it("D28-D32 registrar-trouble parameters are checked and named", () => {
    rejects({ drop_foreign_replies: 2 }, "drop_foreign_replies", /0 \(off\) or 1 \(on\), got 2/);
    rejects({ honour_retry_after: "yes" }, "honour_retry_after", /must be an integer/);
    rejects({ retry_after_max: 0 }, "retry_after_max", /at least 1, got 0/);
    rejects({ retry_base: 0 }, "retry_base", /at least 1/);
    rejects({ retry_base: 60, retry_max: 59 }, "retry_max", /at least retry_base 60, got 59/);
    rejects({ auth_failure_retry_interval: -2 }, "auth_failure_retry_interval", /at least -1, got -2/);
    rejects({ rejected_retry_interval: -2 }, "rejected_retry_interval", /at least -1/);
    rejects({ min_refresh_interval: -1 }, "min_refresh_interval", /at least 0/);
    rejects({ startup_spread: -1 }, "startup_spread", /at least 0/);
    rejects({ register_rate_limit: "fast" }, "register_rate_limit", /must be an integer/);
    rejects({ registrar_circuit: -1 }, "registrar_circuit", /at least 0/);
    rejects({ learn_received: -1 }, "learn_received", /0 \(off\) or 1/);
    rejects({ registrar_circuit_probe_interval: 0 }, "registrar_circuit_probe_interval", /at least 1/);
    const trouble = validateModuleParams({ retry_backoff: "1", retry_base: 60, retry_max: 60, auth_failure_retry_interval: -1 }, "v").trouble;
    assert.equal(trouble.retryBackoff, true);
    assert.equal(trouble.retryMaxSec, 60);
    assert.equal(trouble.authFailureRetrySec, -1);
  });

  it("D4 / C-HASH-2 the guide's example T=8, hash_size=2 starts: 4 buckets, one every 2 s", () => {
    const params = validateModuleParams({ timer_interval: 8, hash_size: 2 }, "0.1.0");
    assert.equal(params.bucketCount, 4);
    assert.equal(params.visitPeriodSec, 2);
  });

  it("D4 hash_size must be 1..20 (Q27: OpenSIPS only logs)", () => {
    rejects({ hash_size: 0 }, "hash_size", /from 1 to 20.*got 0/);
    rejects({ hash_size: 21, timer_interval: 10_000_000 }, "hash_size", /got 21/);
    rejects({ hash_size: 32 }, "hash_size", /got 32/);
    assert.equal(validateModuleParams({ hash_size: 20, timer_interval: 2 ** 20 }, "v").bucketCount, 2 ** 20);
  });

  it("D4 / C-HASH-2 timer_interval must be >= 2^hash_size, and OpenSIPS's floor of 10 s is not applied", () => {
    rejects({ timer_interval: 7, hash_size: 3 }, "timer_interval", /at least 2\^hash_size = 8.*got 7/);
    assert.equal(validateModuleParams({ timer_interval: 8, hash_size: 3 }, "v").visitPeriodSec, 1);
    assert.equal(validateModuleParams({ timer_interval: 2, hash_size: 1 }, "v").visitPeriodSec, 1);
  });

  it("D4 reregister_expiry_percentage must be 1..100", () => {
    rejects({ reregister_expiry_percentage: 0 }, "reregister_expiry_percentage", /from 1 to 100/);
    rejects({ reregister_expiry_percentage: 101 }, "reregister_expiry_percentage", /got 101/);
    rejects({ reregister_expiry_percentage: -1 }, "reregister_expiry_percentage", /got -1/);
    assert.equal(validateModuleParams({ reregister_expiry_percentage: 1 }, "v").reregisterExpiryPercentage, 1);
  });

  it("D4 / D2 default_expires must be >= 15", () => {
    rejects({ default_expires: 14 }, "default_expires", /at least 15/);
    assert.equal(validateModuleParams({ default_expires: 15 }, "v").defaultExpiresSec, 15);
  });

  it("§1.1 failure_retry_interval is 0 (off) or a number of seconds", () => {
    rejects({ failure_retry_interval: -5 }, "failure_retry_interval", /got -5/);
    assert.equal(validateModuleParams({ failure_retry_interval: "3600" }, "v").failureRetryIntervalSec, 3600);
  });

  it("D4 a value that is not an integer names its parameter", () => {
    rejects({ hash_size: "two" }, "hash_size", /must be an integer, got "two"/);
    rejects({ timer_interval: 1.5 }, "timer_interval", /must be an integer/);
    rejects({ user_agent: "bad\r\nInjected: 1" }, "user_agent", /control characters/);
  });

  it("D37 keepalive_interval is 0 (off) or seconds; keepalive_timeout is at least 1 and below the interval, the error naming both", () => {
    const on = validateModuleParams({ keepalive_interval: 30, keepalive_timeout: 5 }, "v").trouble;
    assert.deepEqual([on.keepaliveIntervalSec, on.keepaliveTimeoutSec], [30, 5]);
    assert.equal(validateModuleParams({ keepalive_interval: 11 }, "v").trouble.keepaliveTimeoutSec, 10, "the default timeout fits any interval from 11");
    assert.equal(validateModuleParams({ keepalive_interval: 2, keepalive_timeout: 1 }, "v").trouble.keepaliveIntervalSec, 2);
    rejects({ keepalive_interval: -1 }, "keepalive_interval", /at least 0, got -1/);
    rejects({ keepalive_timeout: 0 }, "keepalive_timeout", /at least 1, got 0/);
    rejects({ keepalive_interval: 10 }, "keepalive_timeout", /^keepalive_timeout: must be below keepalive_interval 10, got 10: keepalive_interval is the longest a dead connection goes unnoticed/);
    rejects({ keepalive_interval: 1, keepalive_timeout: 1 }, "keepalive_timeout", /below keepalive_interval 1, got 1/);
    rejects({ keepalive_interval: 30, keepalive_timeout: 45 }, "keepalive_timeout", /below keepalive_interval 30, got 45/);
    assert.equal(validateModuleParams({ keepalive_interval: 0, keepalive_timeout: 20 }, "v").trouble.keepaliveTimeoutSec, 20);
  });

  it("§1.1 user_agent replaces the default uacreg/<version>", () => {
    assert.equal(validateModuleParams({ user_agent: "acme-trunk/2" }, "0.1.0").userAgent, "acme-trunk/2");
  });
});

describe("bucket timer (spec §3.2)", () => {
  const params = validateModuleParams({ timer_interval: 8, hash_size: 2 }, "v");

  it("C-HASH-3/4 §3.2 a visit every floor(T/N) s, first one period after start, buckets 0..N-1 in order", () => {
    const visits = [0, 1, 2, 3, 4, 5].map((k) => bucketVisit(k, 1000, params));
    assert.deepEqual(visits, [
      { bucket: 0, atSec: 1002 },
      { bucket: 1, atSec: 1004 },
      { bucket: 2, atSec: 1006 },
      { bucket: 3, atSec: 1008 },
      { bucket: 0, atSec: 1010 },
      { bucket: 1, atSec: 1012 },
    ]);
  });

  it("§3.2 T not a multiple of N: period floor(T/N), cycle N*floor(T/N) <= T", () => {
    const odd = validateModuleParams({ timer_interval: 10, hash_size: 2 }, "v");
    assert.equal(odd.visitPeriodSec, 2);
    assert.deepEqual(bucketVisit(4, 0, odd), { bucket: 0, atSec: 10 });
    assert.deepEqual(bucketVisit(5, 0, odd), { bucket: 1, atSec: 12 });
  });

  it("D5 example T=100, N=2: bucket 1 is visited at 100, 200, ...; the first visit at or after 4500 is 4500", () => {
    const example = validateModuleParams({ timer_interval: 100, hash_size: 1 }, "v");
    assert.equal(nextVisitOfBucketSec(1, 4500, 0, example), 4500);
    assert.equal(nextVisitOfBucketSec(0, 4500, 0, example), 4550);
    assert.equal(nextVisitOfBucketSec(0, 0, 0, example), 50);
    assert.equal(nextVisitOfBucketSec(1, 4501, 0, example), 4600);
  });
});
