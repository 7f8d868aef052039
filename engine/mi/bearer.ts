/**
 * The management interface's access rules: which addresses are loopback, and the bearer-token
 * check. Tokens are compared in constant time (both sides hashed to the same length first, so
 * neither the content nor the length of the expected token leaks through timing).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^::ffff:127\./i.test(bare);
  return false;
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** True when the `Authorization` header carries exactly `Bearer <expected>`. */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const match = header === undefined ? null : /^Bearer +(\S+)\s*$/i.exec(header);
  const given = match?.[1] ?? "";
  // Compared even when the header is absent, so that a missing and a wrong token take as long.
  const same = timingSafeEqual(digest(given), digest(expected));
  return match !== null && same;
}
