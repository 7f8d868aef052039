/**
 * The module parameters the registrant core needs, validated once at start-up (spec §1.1, D4).
 * Input names are OpenSIPS's (`hash_size`, `timer_interval`, ...) because that is how users write
 * them; a bad value stops start-up with a `ModuleParamError` naming the parameter. Unlike
 * OpenSIPS, `hash_size` out of range is an error (Q27), `default_expires` is used for rows
 * without an expiry (D2), and there is no floor of 10 s on `timer_interval`: the guide's own
 * example (T=8, hash_size=2: 4 buckets, one every 2 s) must start.
 */
import { ModuleParamError } from "./errors.js";

/** The parameters as written in the configuration; omitted ones take OpenSIPS's defaults. */
export interface ModuleParamsInput {
  readonly hash_size?: number | string;
  readonly timer_interval?: number | string;
  readonly default_expires?: number | string;
  readonly failure_retry_interval?: number | string;
  readonly reregister_expiry_percentage?: number | string;
  readonly enable_clustering?: number | string;
  /** Not an OpenSIPS parameter: the User-Agent header of our requests (OpenSIPS uses its core's). */
  readonly user_agent?: string;
  /** Registrar trouble (D28-D35), none of them in OpenSIPS: see `TroubleParams`. */
  readonly drop_foreign_replies?: number | string;
  readonly honour_retry_after?: number | string;
  readonly retry_after_max?: number | string;
  readonly retry_backoff?: number | string;
  readonly retry_base?: number | string;
  readonly retry_max?: number | string;
  readonly auth_failure_retry_interval?: number | string;
  readonly rejected_retry_interval?: number | string;
  readonly min_refresh_interval?: number | string;
  readonly startup_spread?: number | string;
  readonly register_rate_limit?: number | string;
  readonly registrar_circuit?: number | string;
  readonly registrar_circuit_probe_interval?: number | string;
  readonly learn_received?: number | string;
  readonly dns_failover?: number | string;
  readonly keepalive_interval?: number | string;
  readonly keepalive_timeout?: number | string;
}

/**
 * How the registrant copes with a registrar in trouble (spec D28 onwards). Every one is off by
 * default except D28, so that the defaults behave as Part B with D1-D27.
 */
export interface TroubleParams {
  /** D28: a reply whose Call-ID, From tag, CSeq number or top Via sent-by is not ours is dropped. */
  readonly dropForeignReplies: boolean;
  /** D29: a Retry-After on a failure sets the retry time. */
  readonly honourRetryAfter: boolean;
  /** D29: the longest Retry-After obeyed; longer ones are cut to this. */
  readonly retryAfterMaxSec: number;
  /** D30: transient failures wait min(retry_max, retry_base * 2^k), less up to half of it at random. */
  readonly retryBackoff: boolean;
  readonly retryBaseSec: number;
  readonly retryMaxSec: number;
  /** D31: after WRONG_CREDENTIALS or a 403: 0 as any failure, -1 hold until an operator acts, else this wait. */
  readonly authFailureRetrySec: number;
  /** D31: after an answer that will not get better (3xx, 404, 410, 484, 6xx): as above. */
  readonly rejectedRetrySec: number;
  /** D32: a refresh never goes out sooner than this after the reply that granted the binding; 0 off. */
  readonly minRefreshIntervalSec: number;
  /** D33: a record's first REGISTER goes out at a random moment within this many seconds of its visit; 0 off. */
  readonly startupSpreadSec: number;
  /** D33: new REGISTER transactions per second at most, for the whole engine; 0 no limit. */
  readonly registerRateLimit: number;
  /** D34: failures in a row from one next hop that open its circuit; 0 off. */
  readonly registrarCircuit: number;
  /** D34: while a circuit is open, one probe per this many seconds. */
  readonly registrarCircuitProbeIntervalSec: number;
  /** D35: a 2xx whose Via says our REGISTER came from another address than the Contact's makes later REGISTERs use it. */
  readonly learnReceived: boolean;
  /** D36: a timeout, transport error or 503 sends the request on to the next resolved target; the record keeps a pin. */
  readonly dnsFailover: boolean;
  /** D37: the longest a dead TCP/TLS connection we opened goes unnoticed; 0 off (no pings). */
  readonly keepaliveIntervalSec: number;
  /** D37: a connection with no answer this many seconds after a ping is dead (below the interval, which it is part of). */
  readonly keepaliveTimeoutSec: number;
}

export interface ModuleParams {
  readonly hashSize: number;
  /** N = 2^hash_size. */
  readonly bucketCount: number;
  /** T. */
  readonly timerIntervalSec: number;
  /** One bucket is visited every floor(T/N) seconds (spec §3.2). */
  readonly visitPeriodSec: number;
  /** Used for a row whose expiry is empty (D2). */
  readonly defaultExpiresSec: number;
  /** F; 0 means "use floor(E*P/100)" (D5). */
  readonly failureRetryIntervalSec: number;
  /** P. */
  readonly reregisterExpiryPercentage: number;
  readonly clusteringEnabled: boolean;
  readonly userAgent: string;
  readonly trouble: TroubleParams;
}

export const MODULE_PARAM_DEFAULTS = {
  hash_size: 1,
  timer_interval: 100,
  default_expires: 3600,
  failure_retry_interval: 0,
  reregister_expiry_percentage: 100,
  enable_clustering: 0,
  drop_foreign_replies: 1,
  honour_retry_after: 0,
  retry_after_max: 3600,
  retry_backoff: 0,
  retry_base: 30,
  retry_max: 1800,
  auth_failure_retry_interval: 0,
  rejected_retry_interval: 0,
  min_refresh_interval: 0,
  startup_spread: 0,
  register_rate_limit: 0,
  registrar_circuit: 0,
  registrar_circuit_probe_interval: 60,
  learn_received: 0,
  dns_failover: 0,
  keepalive_interval: 0,
  keepalive_timeout: 10,
} as const;

/** The User-Agent when `user_agent` is not set: `uacreg/<version>`. */
export function defaultUserAgent(version: string): string {
  return `uacreg/${version}`;
}

/**
 * Validates `input`; `version` makes the default User-Agent. Throws `ModuleParamError` for the
 * first bad parameter, in OpenSIPS's start-up order (§1.2), with D4's rules.
 */
export function validateModuleParams(input: ModuleParamsInput, version: string): ModuleParams {
  const defaultExpiresSec = integerParam("default_expires", input.default_expires);
  if (defaultExpiresSec < 15) fail("default_expires", `must be at least 15 seconds, got ${defaultExpiresSec}`);
  const timerIntervalSec = integerParam("timer_interval", input.timer_interval);
  if (timerIntervalSec < 1) fail("timer_interval", `must be a positive number of seconds, got ${timerIntervalSec}`);
  const hashSize = integerParam("hash_size", input.hash_size);
  if (hashSize < 1 || hashSize > 20) fail("hash_size", `must be from 1 to 20 (2 to 1048576 buckets), got ${hashSize}`);
  const bucketCount = 2 ** hashSize;
  if (timerIntervalSec < bucketCount) {
    fail(
      "timer_interval",
      `must be at least 2^hash_size = ${bucketCount} (one bucket visit per second at most), got ${timerIntervalSec}`,
    );
  }
  const failureRetryIntervalSec = integerParam("failure_retry_interval", input.failure_retry_interval);
  if (failureRetryIntervalSec < 0) {
    fail("failure_retry_interval", `must be 0 (off) or a number of seconds, got ${failureRetryIntervalSec}`);
  }
  const reregisterExpiryPercentage = integerParam("reregister_expiry_percentage", input.reregister_expiry_percentage);
  if (reregisterExpiryPercentage < 1 || reregisterExpiryPercentage > 100) {
    fail("reregister_expiry_percentage", `must be from 1 to 100, got ${reregisterExpiryPercentage}`);
  }
  const clustering = integerParam("enable_clustering", input.enable_clustering);
  const userAgent = input.user_agent ?? defaultUserAgent(version);
  if (userAgent === "" || /[\x00-\x1f\x7f]/.test(userAgent)) {
    fail("user_agent", "must be non-empty text without control characters");
  }
  return {
    hashSize,
    bucketCount,
    timerIntervalSec,
    visitPeriodSec: Math.floor(timerIntervalSec / bucketCount),
    defaultExpiresSec,
    failureRetryIntervalSec,
    reregisterExpiryPercentage,
    clusteringEnabled: clustering !== 0,
    userAgent,
    trouble: validateTroubleParams(input),
  };
}

/** D28-D37: each parameter checked on its own, named in the error. */
function validateTroubleParams(input: ModuleParamsInput): TroubleParams {
  const retryBaseSec = atLeast("retry_base", input.retry_base, 1);
  const retryMaxSec = atLeast("retry_max", input.retry_max, 1);
  if (retryMaxSec < retryBaseSec) fail("retry_max", `must be at least retry_base ${retryBaseSec}, got ${retryMaxSec}`);
  const keepaliveIntervalSec = atLeast("keepalive_interval", input.keepalive_interval, 0);
  const keepaliveTimeoutSec = atLeast("keepalive_timeout", input.keepalive_timeout, 1);
  if (keepaliveIntervalSec > 0 && keepaliveTimeoutSec >= keepaliveIntervalSec) {
    fail(
      "keepalive_timeout",
      `must be below keepalive_interval ${keepaliveIntervalSec}, got ${keepaliveTimeoutSec}: keepalive_interval is the longest a dead connection goes unnoticed, and the wait for the pong is part of it`,
    );
  }
  return {
    dropForeignReplies: flag("drop_foreign_replies", input.drop_foreign_replies),
    honourRetryAfter: flag("honour_retry_after", input.honour_retry_after),
    retryAfterMaxSec: atLeast("retry_after_max", input.retry_after_max, 1),
    retryBackoff: flag("retry_backoff", input.retry_backoff),
    retryBaseSec,
    retryMaxSec,
    authFailureRetrySec: atLeast("auth_failure_retry_interval", input.auth_failure_retry_interval, -1),
    rejectedRetrySec: atLeast("rejected_retry_interval", input.rejected_retry_interval, -1),
    minRefreshIntervalSec: atLeast("min_refresh_interval", input.min_refresh_interval, 0),
    startupSpreadSec: atLeast("startup_spread", input.startup_spread, 0),
    registerRateLimit: atLeast("register_rate_limit", input.register_rate_limit, 0),
    registrarCircuit: atLeast("registrar_circuit", input.registrar_circuit, 0),
    registrarCircuitProbeIntervalSec: atLeast("registrar_circuit_probe_interval", input.registrar_circuit_probe_interval, 1),
    learnReceived: flag("learn_received", input.learn_received),
    dnsFailover: flag("dns_failover", input.dns_failover),
    keepaliveIntervalSec,
    keepaliveTimeoutSec,
  };
}

function flag(name: keyof typeof MODULE_PARAM_DEFAULTS, value: number | string | undefined): boolean {
  const number = integerParam(name, value);
  if (number !== 0 && number !== 1) fail(name, `must be 0 (off) or 1 (on), got ${number}`);
  return number === 1;
}

function atLeast(name: keyof typeof MODULE_PARAM_DEFAULTS, value: number | string | undefined, min: number): number {
  const number = integerParam(name, value);
  if (number < min) fail(name, `must be at least ${min}, got ${number}`);
  return number;
}

function fail(param: string, reason: string): never {
  throw new ModuleParamError(param, reason);
}

function integerParam(name: keyof typeof MODULE_PARAM_DEFAULTS, value: number | string | undefined): number {
  if (value === undefined) return MODULE_PARAM_DEFAULTS[name];
  const number = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) fail(name, `must be an integer, got ${JSON.stringify(value)}`);
  return number;
}

/** Visit `k` (0-based) of the bucket timer: which bucket, and when (spec §3.2). */
export interface BucketVisit {
  readonly bucket: number;
  readonly atSec: number;
}

/**
 * The bucket timer runs every floor(T/N) seconds, first one period after `startSec`, and visits
 * buckets 0, 1, ..., N-1, 0, ... (spec §3.2).
 */
export function bucketVisit(visitIndex: number, startSec: number, params: ModuleParams): BucketVisit {
  return {
    bucket: visitIndex % params.bucketCount,
    atSec: startSec + (visitIndex + 1) * params.visitPeriodSec,
  };
}

/** The first second >= `atOrAfterSec` at which `bucket` is visited (used to check D1/D5 timing). */
export function nextVisitOfBucketSec(
  bucket: number,
  atOrAfterSec: number,
  startSec: number,
  params: ModuleParams,
): number {
  const cycleSec = params.bucketCount * params.visitPeriodSec;
  const firstSec = startSec + (bucket + 1) * params.visitPeriodSec;
  if (atOrAfterSec <= firstSec) return firstSec;
  return firstSec + Math.ceil((atOrAfterSec - firstSec) / cycleSec) * cycleSec;
}
