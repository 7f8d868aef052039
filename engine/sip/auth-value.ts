/**
 * WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization values
 * (RFC 3261 §25.1 challenge / credentials, RFC 7235 §2.1 for more than one per header):
 *   challenge = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
 *   other-challenge = auth-scheme LWS auth-param *(COMMA auth-param)
 *   auth-param = auth-param-name EQUAL ( token / quoted-string )
 * These values contain commas but are not comma lists of the header: a comma separates the
 * parameters of one challenge.
 */
import { CHAR_CLASS, TOKEN } from "./abnf.js";
import { SipParseError, withByteOffsets } from "./errors.js";
import type { AuthValue } from "./message.js";
import { Scanner, quote } from "./scanner.js";

const EQUAL = 0x3d;
const COMMA = 0x2c;
const DQUOTE = 0x22;

/**
 * Parses a header value holding exactly one challenge or credentials. Throws SipParseError when it
 * does not parse, or holds more than one.
 */
export function parseAuthValue(text: string): AuthValue {
  const values = parseAuthValues(text);
  if (values.length > 1) {
    throw new SipParseError(`expected one auth value, found ${values.length} (${values.map((v) => v.scheme).join(", ")})`, 0);
  }
  return values[0]!;
}

/**
 * Parses a header value holding one or more challenges (RFC 7235 §4.1 lets a server put several
 * in one header: after a comma, a token followed by whitespace and no '=' starts a new one).
 * Parameter names are lowercased; values are unquoted. Token68 credentials (`Basic xyz=`) are not
 * SIP and are rejected.
 */
export function parseAuthValues(text: string): AuthValue[] {
  return withByteOffsets(text, scanAuthValues);
}

/** `parseAuthValues` with character indexes in errors. */
export function scanAuthValues(text: string): AuthValue[] {
  const scanner = new Scanner(text);
  const values: AuthValue[] = [];
  scanner.skipWs();
  let current: AuthValue = { scheme: scanner.token("an auth scheme"), params: new Map() };
  values.push(current);
  if (!scanner.atEnd() && scanner.skipWs() === 0) {
    scanner.fail(`expected whitespace after the auth scheme, found ${scanner.found()}`);
  }
  let afterComma = false;
  while (!scanner.atEnd()) {
    const nameStart = scanner.i;
    const name = scanner.token("an auth parameter name");
    const spaces = scanner.skipWs();
    if (scanner.peek() === EQUAL) {
      scanner.i++;
      scanner.skipWs();
      let value: string;
      if (scanner.peek() === DQUOTE) {
        value = scanner.unquotedString();
      } else {
        value = scanner.maybeToken();
        if (value === "") scanner.fail(`expected a value for '${name}', found ${scanner.found()}`);
      }
      const key = name.toLowerCase();
      // RFC 7235 §2.1: each parameter name MUST only occur once per challenge.
      if (current.params.has(key)) scanner.fail(`duplicate auth parameter '${name}'`, nameStart);
      current.params.set(key, value);
    } else if (afterComma && (spaces > 0 || scanner.atEnd())) {
      current = { scheme: name, params: new Map() };
      values.push(current);
      afterComma = false;
      continue;
    } else {
      scanner.fail(`expected '=' after '${name}', found ${scanner.found()}`);
    }
    scanner.skipWs();
    if (scanner.atEnd()) break;
    scanner.expect(COMMA, "between auth parameters");
    // RFC 7230 §7: empty list elements are allowed and ignored.
    for (;;) {
      scanner.skipWs();
      if (scanner.peek() !== COMMA) break;
      scanner.i++;
    }
    afterComma = true;
  }
  return values;
}

/** Parameters written without quotes when their value is a token (RFC 2617 §3.2.2 / RFC 3261 §25.1). */
const UNQUOTED = new Set(["algorithm", "stale", "nc", "qop"]);

/**
 * `Digest name="value", ...` in map order. Values are quoted, except algorithm, stale, nc and a
 * single-token qop, which the grammar writes as tokens.
 */
export function formatAuthValue(value: AuthValue): string {
  const parts: string[] = [];
  for (const [name, text] of value.params) {
    parts.push(name + "=" + (UNQUOTED.has(name) && isToken(text) ? text : quote(text)));
  }
  return parts.length === 0 ? value.scheme : value.scheme + " " + parts.join(", ");
}

function isToken(text: string): boolean {
  if (text === "") return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & TOKEN) === 0) return false;
  }
  return true;
}
