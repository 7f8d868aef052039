/**
 * Nonces the registrar has issued, each for one realm, with the opaque sent beside it, a lifetime
 * on the clock and the highest nonce count seen (RFC 7616 §3.3, §3.4). A nonce that expired,
 * or that this store never issued or has forgotten, is no longer valid: when the digest was
 * otherwise right, the registrar challenges again with `stale=true`.
 *
 * The store is bounded: issuing past `capacity` forgets the oldest nonce, and expired ones are
 * dropped as new ones are issued. Nonces expire in the order they were issued (one lifetime for
 * all), so the oldest entry is always the first to go. The issue order is kept in a queue of its
 * own: finding a Map's oldest key walks over every entry deleted since the Map last rehashed,
 * which at a full store costs thousands of steps per nonce.
 */
import type { Random } from "../engine/random.js";

export interface NonceStoreOptions {
  readonly random: Random;
  readonly lifetimeMs: number;
  /** Most nonces remembered at once. */
  readonly capacity: number;
}

export interface IssuedNonce {
  readonly nonce: string;
  readonly realm: string;
  /** The opaque sent with it, or null when the challenge had none. */
  readonly opaque: string | null;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

export interface NonceUse {
  readonly nonce: string;
  readonly realm: string;
  readonly opaque: string | null;
  /** The credentials' `nc`, null without qop (then replays cannot be told apart). */
  readonly nc: number | null;
}

export type NonceCheck =
  | "valid"
  /** Expired, never issued, forgotten, or issued for another realm. */
  | "stale"
  /** The opaque does not echo the one sent with the nonce (RFC 7616 §3.4). */
  | "opaque-mismatch"
  /** `nc` not above the highest seen for this nonce: a replayed or reordered request. */
  | "nc-not-increasing";

/** 128 random bits as hex. */
const NONCE_BYTES = 16;
/** Queue slots already let go that are worth cutting off the front of the array. */
const QUEUE_COMPACT_MIN = 1024;

interface Entry extends IssuedNonce {
  highestNc: number;
}

/**
 * The nonces a registrar issued, each valid for `lifetimeMs` and at most `capacity` at once (the
 * oldest forgotten first), with the highest `nc` seen for each to refuse replays.
 */
export class NonceStore {
  readonly #options: NonceStoreOptions;
  readonly #entries = new Map<string, Entry>();
  /** Every entry issued and not yet dequeued, oldest first from `#head`; some may be gone from `#entries` already. */
  #queue: Entry[] = [];
  #head = 0;

  constructor(options: NonceStoreOptions) {
    this.#options = options;
  }

  issue(realm: string, opaque: string | null, nowMs: number): IssuedNonce {
    this.#forgetExpired(nowMs);
    while (this.#entries.size >= this.#options.capacity && this.#head < this.#queue.length) this.#dequeue();
    const nonce = this.#options.random.hex(NONCE_BYTES);
    const entry: Entry = { nonce, realm, opaque, issuedAtMs: nowMs, expiresAtMs: nowMs + this.#options.lifetimeMs, highestNc: 0 };
    this.#entries.set(nonce, entry);
    this.#queue.push(entry);
    return { nonce, realm, opaque, issuedAtMs: entry.issuedAtMs, expiresAtMs: entry.expiresAtMs };
  }

  /** Checks one use of a nonce and, when valid, records its nonce count. */
  use(use: NonceUse, nowMs: number): NonceCheck {
    const entry = this.#entries.get(use.nonce);
    if (entry === undefined || entry.realm !== use.realm) return "stale";
    if (nowMs >= entry.expiresAtMs) {
      this.#entries.delete(use.nonce);
      return "stale";
    }
    if (entry.opaque !== null && use.opaque !== entry.opaque) return "opaque-mismatch";
    if (use.nc !== null) {
      if (use.nc <= entry.highestNc) return "nc-not-increasing";
      entry.highestNc = use.nc;
    }
    return "valid";
  }

  get size(): number {
    return this.#entries.size;
  }

  #forgetExpired(nowMs: number): void {
    while (this.#head < this.#queue.length && this.#queue[this.#head]!.expiresAtMs <= nowMs) this.#dequeue();
  }

  /** Lets the oldest queued entry go, and forgets its nonce unless `use` already did. */
  #dequeue(): void {
    const entry = this.#queue[this.#head]!;
    this.#head++;
    if (this.#entries.get(entry.nonce) === entry) this.#entries.delete(entry.nonce);
    if (this.#head >= QUEUE_COMPACT_MIN && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
