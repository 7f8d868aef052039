/**
 * The digest algorithms uacreg computes (spec D9) and the hash behind each. AKAv1/AKAv2 are not
 * here on purpose: they need an AKA exchange we do not do, so a challenge naming them is skipped.
 */
import { hash } from "node:crypto";

export const DIGEST_ALGORITHMS = [
  "MD5",
  "MD5-sess",
  "SHA-256",
  "SHA-256-sess",
  "SHA-512-256",
  "SHA-512-256-sess",
] as const;

export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

interface HashFunction {
  /** Node's name. `sha512-256` is the FIPS 180-4 SHA-512/256, not a truncated SHA-512. */
  readonly nodeName: string;
  readonly hexLength: number;
}

const MD5: HashFunction = { nodeName: "md5", hexLength: 32 };
const SHA_256: HashFunction = { nodeName: "sha256", hexLength: 64 };
const SHA_512_256: HashFunction = { nodeName: "sha512-256", hexLength: 64 };

const HASH: Readonly<Record<DigestAlgorithm, HashFunction>> = {
  MD5: MD5,
  "MD5-sess": MD5,
  "SHA-256": SHA_256,
  "SHA-256-sess": SHA_256,
  "SHA-512-256": SHA_512_256,
  "SHA-512-256-sess": SHA_512_256,
};

const BY_LOWERCASE_NAME: ReadonlyMap<string, DigestAlgorithm> = new Map(
  DIGEST_ALGORITHMS.map((name) => [name.toLowerCase(), name]),
);

/** What a challenge or credentials without an `algorithm` parameter use (RFC 7616 §3.3). */
export const DEFAULT_ALGORITHM_TOKEN = "MD5";

/**
 * The algorithm a token names, in its canonical spelling, or null when we do not support it.
 * Tokens compare case-insensitively: registrars write `md5` as often as `MD5`, and no two
 * registered algorithms differ only in case.
 */
export function parseAlgorithm(token: string): DigestAlgorithm | null {
  return BY_LOWERCASE_NAME.get(token.toLowerCase()) ?? null;
}

/** `-sess` variants fold the nonce and cnonce into HA1 (RFC 7616 §3.4.2). */
export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith("-sess");
}

/** How many lowercase hex digits the algorithm's hash has: 32 for MD5, 64 for the SHA-2 ones. */
export function hashHexLength(algorithm: DigestAlgorithm): number {
  return HASH[algorithm].hexLength;
}

/** Lowercase hex hash of `data` (strings are hashed as UTF-8, RFC 7616 §3.4.1). */
export function digestHash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  // The one-shot form: no Hash object per call, which matters on a registrar's hot path.
  return hash(HASH[algorithm].nodeName, data, "hex");
}
