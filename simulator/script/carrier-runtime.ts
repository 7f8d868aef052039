/**
 * A script's carrier habits at run time: before the rules see a REGISTER, it may be left
 * unanswered (a silent window), refused with 503 and Retry-After (the AOR sent too often), or
 * refused with the script's code (the random fraction); every answer may wait (latency) and grant
 * a shorter interval (grant). Random choices come from one stream, seeded by the script's `seed`,
 * so the same requests get the same choices. Times count from the registrar's start. Pure apart
 * from that stream and the per-AOR request times it keeps.
 */
import type { Random } from "../../engine/random.js";
import type { Action, Carrier, LatencyModel } from "./model.js";

export class CarrierRuntime {
  readonly #carrier: Carrier;
  readonly #random: Random;
  readonly #startMs: number;
  /** Per AOR, when its recent REGISTERs arrived (within the rate limit's window). */
  readonly #arrivals = new Map<string, number[]>();

  constructor(carrier: Carrier, random: Random, startMs: number) {
    this.#carrier = carrier;
    this.#random = random;
    this.#startMs = startMs;
  }

  /** What a habit makes of this REGISTER, with why; null: the rules decide. */
  before(aor: string | null, nowMs: number): { action: Action; label: string } | null {
    const { silent, rateLimit, refuse } = this.#carrier;
    const sinceStartMs = nowMs - this.#startMs;
    if (silent !== null && sinceStartMs >= silent.startMs && (sinceStartMs - silent.startMs) % silent.everyMs < silent.forMs) {
      return { action: { kind: "silence" }, label: "carrier: silent window" };
    }
    if (rateLimit !== null && aor !== null && this.#overLimit(aor, nowMs, rateLimit.requests, rateLimit.windowMs)) {
      const headers: Array<readonly [string, string]> = [["Retry-After", String(rateLimit.retryAfterSec)]];
      return { action: { kind: "respond", status: 503, reason: null, headers }, label: `carrier: more than ${rateLimit.requests} REGISTERs within ${rateLimit.windowMs / 1000} s` };
    }
    if (refuse !== null && this.#random.fraction() < refuse.fraction) {
      return { action: { kind: "respond", status: refuse.status, reason: refuse.reason, headers: refuse.headers }, label: `carrier: the ${refuse.fraction} fraction refused` };
    }
    return null;
  }

  /** The most seconds this REGISTER may be granted; null: no cap from the carrier. */
  grantCapSec(): number | null {
    const { grant } = this.#carrier;
    if (grant === null) return null;
    return grant.minSec + Math.floor(this.#random.fraction() * (grant.maxSec - grant.minSec + 1));
  }

  /** Milliseconds to wait before answering; 0 without a latency. */
  latencyMs(): number {
    const { latency } = this.#carrier;
    return latency === null ? 0 : Math.round(drawLatency(latency, this.#random));
  }

  get restartAtMs(): readonly number[] {
    return this.#carrier.restartAtMs;
  }

  #overLimit(aor: string, nowMs: number, requests: number, windowMs: number): boolean {
    const recent = (this.#arrivals.get(aor) ?? []).filter((atMs) => nowMs - atMs < windowMs);
    recent.push(nowMs);
    this.#arrivals.set(aor, recent);
    return recent.length > requests;
  }
}

export function drawLatency(latency: LatencyModel, random: Random): number {
  switch (latency.distribution) {
    case "fixed":
      return latency.ms;
    case "uniform":
      return latency.minMs + random.fraction() * (latency.maxMs - latency.minMs);
    case "normal": {
      // Box-Muller; 1 - fraction() keeps the logarithm away from 0.
      const z = Math.sqrt(-2 * Math.log(1 - random.fraction())) * Math.cos(2 * Math.PI * random.fraction());
      return capped(Math.max(0, latency.meanMs + z * latency.sdMs), latency.maxMs);
    }
    case "exponential":
      return capped(-latency.meanMs * Math.log(1 - random.fraction()), latency.maxMs);
  }
}

function capped(ms: number, maxMs: number | null): number {
  return maxMs === null ? ms : Math.min(ms, maxMs);
}
