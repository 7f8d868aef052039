/**
 * Writing digest parameter values. `AuthValue` params hold values unquoted with quoted-pairs
 * resolved, so writing one back means quoting it again (RFC 3261 §25.1 quoted-string).
 */
import { DigestError } from "./errors.js";

/**
 * Control characters other than HTAB. CR and LF cannot appear in a quoted-string at all, and the
 * others would need quoted-pairs no registrar expects; refusing them keeps the written header
 * plain. Exported so that challenges holding them are skipped before anything is written.
 */
export function hasControlCharacter(value: string): boolean {
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
}

/** RFC 3261 §25.1 token. */
export function isToken(value: string): boolean {
  return /^[A-Za-z0-9\-.!%*_+`'~]+$/.test(value);
}

/**
 * `"value"` with `\` and `"` escaped. Throws a `DigestError` naming `field` (never the value,
 * which may be a credential) when the value cannot be written.
 */
export function quoted(field: string, value: string): string {
  if (hasControlCharacter(value)) {
    throw new DigestError("digest_unwritable_value", field, `${field} holds a control character`);
  }
  // Most values (hashes, nonces, URIs) need no escape: they skip the replace and its callback.
  // Stryker disable next-line ConditionalExpression: equivalent; without the shortcut the replace gives the same string
  if (value.indexOf("\\") === -1 && value.indexOf('"') === -1) return `"${value}"`;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Checks a token parameter value before it is written unquoted. */
export function token(field: string, value: string): string {
  if (!isToken(value)) throw new DigestError("digest_bad_token", field, `${field} is not a token`);
  return value;
}
