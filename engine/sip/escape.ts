/**
 * RFC 3261 §19.1.2 / §25.1 escaped = "%" HEXDIG HEXDIG. The parsers check escapes as they scan;
 * these helpers decode them.
 */
import { hexValue } from "./abnf.js";

/**
 * Decodes %-escapes to a string of byte values (one char per octet, 0-255), leaving other
 * characters as they are. Used where octets must compare exactly (URI comparison), whatever
 * their encoding.
 */
export function unescapeOctets(text: string): string {
  return decodeEscapes(text, () => false);
}

/**
 * RFC 3261 §25.1 reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ",", and "%"
 * itself: an escape of one of these is not the same character as its literal form.
 */
const RESERVED_OR_PERCENT = new Set([...";/?:@&=+$,%"].map((c) => c.charCodeAt(0)));

/**
 * The form in which two URI parts compare as RFC 3261 §19.1.4 says: "characters other than those
 * in the reserved set are equivalent to their %-encoding", so their escapes are decoded (to one
 * char per octet, as `unescapeOctets`); an escape of a reserved character (or of "%") stays an
 * escape, in uppercase hex, so `%3B` never equals `;` but equals `%3b`.
 */
export function comparableOctets(text: string): string {
  return decodeEscapes(text, (octet) => RESERVED_OR_PERCENT.has(octet));
}

/** Decodes every valid %-escape to its octet, except those `kept`, which stay escapes in uppercase hex. */
function decodeEscapes(text: string, kept: (octet: number) => boolean): string {
  let percent = text.indexOf("%");
  if (percent === -1) return text;
  let out = "";
  let from = 0;
  while (percent !== -1) {
    const high = hexValue(text.charCodeAt(percent + 1));
    const low = hexValue(text.charCodeAt(percent + 2));
    if (high === -1 || low === -1) {
      percent = text.indexOf("%", percent + 1);
      continue;
    }
    const octet = high * 16 + low;
    out += text.slice(from, percent) + (kept(octet) ? "%" + octet.toString(16).toUpperCase().padStart(2, "0") : String.fromCharCode(octet));
    from = percent + 3;
    percent = text.indexOf("%", from);
  }
  return out + text.slice(from);
}

/**
 * Decodes %-escapes as UTF-8 text, for showing a URI part to people (`cal%6Cer` → `caller`).
 * Malformed escapes are kept as written; octets that are not UTF-8 become U+FFFD.
 */
export function unescapeUriComponent(text: string): string {
  const octets = unescapeOctets(text);
  if (octets === text) return text;
  let ascii = true;
  for (let i = 0; i < octets.length; i++) {
    if (octets.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? octets : Buffer.from(octets, "latin1").toString("utf8");
}
