/**
 * Injected randomness. Production uses `cryptoRandom`; tests and the memory network use
 * `seededRandom(seed)`, so the same seed gives the same run. `child()` derives an independent
 * stream for one component, so that new draws in one part do not reshuffle the others.
 */
import { randomBytes } from "node:crypto";

export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number;
  /** A float in [0, 1). */
  fraction(): number;
  /** `byteCount` random bytes as lowercase hex (2 characters per byte). */
  hex(byteCount: number): string;
  /** An independent stream derived from this one. */
  child(): Random;
}

const HEX = "0123456789abcdef";

function hexFrom(uint32: () => number, byteCount: number): string {
  let out = "";
  let word = 0;
  for (let i = 0; i < byteCount; i++) {
    if ((i & 3) === 0) word = uint32();
    const b = (word >>> ((i & 3) * 8)) & 0xff;
    out += HEX[b >>> 4]! + HEX[b & 15]!;
  }
  return out;
}

/** Cryptographic randomness, buffered to keep per-call cost low on hot paths (branches, cnonces). */
export function cryptoRandom(): Random {
  let pool = randomBytes(4096);
  let at = 0;
  const take = (byteCount: number): number => {
    if (at + byteCount > pool.length) {
      pool = randomBytes(Math.max(4096, byteCount));
      at = 0;
    }
    at += byteCount;
    return at - byteCount;
  };
  const uint32 = (): number => pool.readUInt32LE(take(4));
  const self: Random = {
    uint32,
    fraction: () => uint32() / 0x1_0000_0000,
    // Straight from the pool: a To tag or nonce per request, so no string is built digit by digit.
    hex: (n) => {
      const from = take(n);
      return pool.toString("hex", from, from + n);
    },
    child: () => cryptoRandom(),
  };
  return self;
}

/** A deterministic generator (sfc32 seeded through splitmix32). Not for secrets. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) uint32();
  return {
    uint32,
    fraction: () => uint32() / 0x1_0000_0000,
    hex: (n) => hexFrom(uint32, n),
    child: () => seededRandom(uint32()),
  };
}
