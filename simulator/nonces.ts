/**
 * Nonces the registrar has issued, each for one realm, with the opaque sent beside it, a lifetime
 * on the clock and the highest nonce count seen (RFC 7616 §3.3, §3.4). A nonce that expired,
 * or that this store never issued or has forgotten, is no longer valid: when the digest was
 * otherwise right, the registrar challenges again with `stale=true`.
 *
 * The store is bounded: issuing past `capacity` forgets the oldest nonce, and expired ones are
 * dropped as new ones are issued. Nonces expire in the order they were issued (one lifetime for
 * all), so the oldest entry is always the first to go.
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

interface Entry extends IssuedNonce {
  highestNc: number;
}

export class NonceStore {
  readonly #options: NonceStoreOptions;
  readonly #entries = new Map<string, Entry>();

  constructor(options: NonceStoreOptions) {
    this.#options = options;
  }

  issue(realm: string, opaque: string | null, nowMs: number): IssuedNonce {
    this.#forgetExpired(nowMs);
    while (this.#entries.size >= this.#options.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    const nonce = this.#options.random.hex(NONCE_BYTES);
    const entry: Entry = { nonce, realm, opaque, issuedAtMs: nowMs, expiresAtMs: nowMs + this.#options.lifetimeMs, highestNc: 0 };
    this.#entries.set(nonce, entry);
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
    for (const [nonce, entry] of this.#entries) {
      if (entry.expiresAtMs > nowMs) return;
      this.#entries.delete(nonce);
    }
  }
}
