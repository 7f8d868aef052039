/**
 * OpenSIPS's `core_hash` and the bucket of a record (spec §3.1), bit for bit, so that a record
 * lands in the same bucket — and is visited at the same moment — as under OpenSIPS. Bytes are
 * the UTF-8 encoding of the string, read as *signed* chars (the C code's `char`); all arithmetic
 * is modulo 2^32.
 */

/** One step of the mix: h + (v XOR (v >> 3)), modulo 2^32, with `v` unsigned. */
function mix(h: number, v: number): number {
  const u = v >>> 0;
  return (h + ((u ^ (u >>> 3)) >>> 0)) >>> 0;
}

/** A byte as the C code reads it through a (signed) `char`. */
function signedByte(byte: number): number {
  return (byte << 24) >> 24;
}

/** The full 32-bit `core_hash` of `text` (no mask). */
export function coreHash(text: string): number {
  const bytes = Buffer.from(text, "utf8");
  const whole = bytes.length - (bytes.length % 4);
  let h = 0;
  for (let i = 0; i < whole; i += 4) {
    const v =
      (signedByte(bytes[i]!) << 24) +
      (signedByte(bytes[i + 1]!) << 16) +
      (signedByte(bytes[i + 2]!) << 8) +
      signedByte(bytes[i + 3]!);
    h = mix(h, v);
  }
  let v = 0;
  for (let i = whole; i < bytes.length; i++) v = ((v << 8) + signedByte(bytes[i]!)) >>> 0;
  // The C code mixes the remainder in even when there is none (v = 0 then adds nothing).
  h = mix(h, v);
  return (((h + (h >>> 11)) >>> 0) + (((h >>> 13) + (h >>> 23)) >>> 0)) >>> 0;
}

/** `core_hash(text) & (bucketCount - 1)`; `bucketCount` is a power of two (spec §3.1: N = 2^hash_size). */
export function bucketOf(text: string, bucketCount: number): number {
  return (coreHash(text) & (bucketCount - 1)) >>> 0;
}
