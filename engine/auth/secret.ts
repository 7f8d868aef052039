/**
 * What a digest is computed from: a password, or an HA1 computed ahead of time so the password
 * itself need not be stored. Neither ever leaves this layer except folded into a response hash
 * (spec D16).
 */
import { digestHash, hashHexLength, type DigestAlgorithm } from "./algorithms.js";

export type DigestSecret = { readonly password: string } | { readonly ha1: string };

/**
 * Reads a configured password as spec D9 says: `0x` followed by exactly as many lowercase hex
 * digits as the challenged algorithm's hash has (32 for MD5, 64 for SHA-256 and SHA-512-256) is
 * an HA1; anything else, including the right digits in uppercase or the wrong length, is a
 * password used literally.
 */
export function secretFromPassword(password: string, algorithm: DigestAlgorithm): DigestSecret {
  const hex = password.slice(2);
  if (password.startsWith("0x") && isLowercaseHex(hex, hashHexLength(algorithm))) return { ha1: hex };
  return { password };
}

/** H(username:realm:password) (RFC 7616 §3.4.2). */
export function passwordHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

/**
 * HA1 before any `-sess` folding. Null when a stored HA1 does not fit the algorithm (wrong
 * length or not lowercase hex): an HA1 is bound to one hash, so it cannot answer another.
 */
export function secretHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  secret: DigestSecret,
): string | null {
  if ("password" in secret) return passwordHa1(algorithm, username, realm, secret.password);
  return isLowercaseHex(secret.ha1, hashHexLength(algorithm)) ? secret.ha1 : null;
}

function isLowercaseHex(text: string, length: number): boolean {
  return text.length === length && /^[0-9a-f]*$/.test(text);
}
