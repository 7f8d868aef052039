/** Splitting a comma-list header value into its elements (RFC 3261 §7.3.1). */
import { SipParseError } from "./errors.js";

const COMMA = 0x2c;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const LAQUOT = 0x3c;
const RAQUOT = 0x3e;
const SP = 0x20;
const HTAB = 0x09;

/**
 * Elements of a comma-separated value, trimmed; none for an empty value. A comma inside a quoted
 * string or between `<>` does not separate (RFC 3261 §7.3.1: a display name or a URI may contain
 * commas). Throws SipParseError for an empty element, an unterminated quote or an unclosed `<`.
 */
export function splitList(value: string): string[] {
  const elements: string[] = [];
  // An empty value is an empty list (e.g. `Supported:` with no option tags).
  if (value === "") return elements;
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : COMMA;
    if (inQuote) {
      if (i === value.length) throw new SipParseError("unterminated quoted string", start);
      if (c === BACKSLASH) i++;
      else if (c === DQUOTE) inQuote = false;
      continue;
    }
    if (c === DQUOTE) inQuote = true;
    else if (c === LAQUOT) inAngle = true;
    else if (c === RAQUOT) inAngle = false;
    else if (c === COMMA && !(inAngle && i < value.length)) {
      if (inAngle) throw new SipParseError("missing '>'", start);
      let a = start;
      let b = i;
      while (a < b && (value.charCodeAt(a) === SP || value.charCodeAt(a) === HTAB)) a++;
      while (b > a && (value.charCodeAt(b - 1) === SP || value.charCodeAt(b - 1) === HTAB)) b--;
      if (a === b) throw new SipParseError("empty element in a comma-separated list", a);
      elements.push(value.slice(a, b));
      start = i + 1;
    }
  }
  return elements;
}
