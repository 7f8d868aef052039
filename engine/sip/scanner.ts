/**
 * A cursor over a range of a string, with the RFC 3261 §25.1 building blocks shared by the header
 * parsers (tokens, quoted strings, generic parameters). Failing throws a `SipParseError` at the
 * cursor's index in the string.
 */
import { CHAR_CLASS, GEN_VALUE, TOKEN, classRunEnd, describeChar, runEnd, runPattern } from "./abnf.js";
import { SipParseError } from "./errors.js";
import type { Params } from "./message.js";

const SP = 0x20;
const HTAB = 0x09;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEMI = 0x3b;
const EQUAL = 0x3d;
const LBRACKET = 0x5b;
/** Parameter values are often long (tags, branches), so they are scanned natively. */
const PARAM_VALUE_RUN = runPattern(GEN_VALUE);

/** Inside an IPv6 reference: HEXDIG, ":" and "." (an embedded IPv4 tail). */
const IPV6_RUN = /[0-9A-Fa-f:.]*/y;

export class Scanner {
  readonly s: string;
  i: number;
  readonly end: number;
  /**
   * The first backslash at or after the last quoted string searched, -1 when there is none left.
   * Kept so that many quoted strings in one value cost one search for backslashes, not one each.
   */
  private nextBackslash = -2;

  constructor(s: string, start = 0, end = s.length) {
    this.s = s;
    this.i = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.i >= this.end;
  }

  /** The current char code, or -1 at the end. */
  peek(): number {
    return this.i < this.end ? this.s.charCodeAt(this.i) : -1;
  }

  /** RFC 3261 §25.1 SWS: skips optional whitespace (the value is already unfolded); returns how much. */
  skipWs(): number {
    const s = this.s;
    const end = this.end;
    const from = this.i;
    let i = from;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c !== SP && c !== HTAB) break;
      i++;
    }
    this.i = i;
    return i - from;
  }

  fail(problem: string, at: number = this.i): never {
    throw new SipParseError(problem, at);
  }

  /** Names what is at the cursor, for error messages. */
  found(): string {
    return this.i < this.end ? describeChar(this.s.charCodeAt(this.i)) : "the end";
  }

  expect(code: number, context: string): void {
    if (this.peek() !== code) {
      this.fail(`expected ${describeChar(code)} ${context}, found ${this.found()}`);
    }
    this.i++;
  }

  /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" ) */
  token(what: string): string {
    const token = this.maybeToken();
    if (token === "") this.fail(`expected ${what}, found ${this.found()}`);
    return token;
  }

  /** A token, or "" when there is none at the cursor (the caller words the error). */
  maybeToken(): string {
    const s = this.s;
    const end = this.end;
    const table = CHAR_CLASS;
    const start = this.i;
    let i = start;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c >= 128 || (table[c]! & TOKEN) === 0) break;
      i++;
    }
    this.i = i;
    return s.slice(start, i);
  }

  /**
   * quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE, returned as written (quotes
   * included). qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII;
   * quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F). The closing quote is found with native
   * searches rather than a per-character loop; a quoted-pair may not escape CR or LF (those
   * cannot appear in an unfolded value anyway) or a non-ASCII character.
   */
  quotedString(): string {
    const start = this.i;
    this.skipQuotedString();
    return this.s.slice(start, this.i);
  }

  /**
   * `unquote(this.quotedString())` with one slice instead of two when the string holds no
   * quoted-pair, the usual case for auth parameters and display names.
   */
  unquotedString(): string {
    const start = this.i;
    const escaped = this.skipQuotedString();
    return escaped ? unquote(this.s.slice(start, this.i)) : this.s.slice(start + 1, this.i - 1);
  }

  /** Moves past the quoted string at the cursor; returns whether it holds a quoted-pair. */
  private skipQuotedString(): boolean {
    const s = this.s;
    const start = this.i;
    let from = start + 1;
    // Both searches are kept until passed: searching again for the quote after every quoted-pair
    // would rescan the rest of the value each time (quadratic on a run of `\\\\`).
    let quote = -1;
    for (;;) {
      if (quote < from) quote = s.indexOf('"', from);
      if (quote === -1 || quote >= this.end) return this.fail("unterminated quoted string", start);
      if (this.nextBackslash !== -1 && this.nextBackslash < from) this.nextBackslash = s.indexOf("\\", from);
      const backslash = this.nextBackslash;
      if (backslash === -1 || backslash > quote) {
        this.i = quote + 1;
        return from !== start + 1;
      }
      const escaped = backslash + 1 < this.end ? s.charCodeAt(backslash + 1) : -1;
      if (escaped === -1 || escaped === 0x0a || escaped === 0x0d || escaped > 0x7f) {
        this.fail("invalid quoted-pair in quoted string", backslash);
      }
      from = backslash + 2;
    }
  }

  /**
   * *( SEMI generic-param ), LWS allowed around ";" and "=" (RFC 3261 §25.1 SEMI, EQUAL).
   * generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string.
   * Values are kept as written (a quoted value keeps its quotes).
   */
  params(into: Params, context: string): void {
    while (this.plainParam(into) || this.param(into, context));
  }

  /**
   * The usual shape of one parameter, `;name=value` or `;flag` without whitespace, read in one
   * step: true when read (exactly as `param` would read it), false with the cursor unmoved for
   * anything else (whitespace, a quoted or bracketed value, no parameter, an error), which
   * `param` then reads from the same place.
   */
  plainParam(into: Params): boolean {
    const s = this.s;
    const end = this.end;
    const semi = this.i;
    if (semi >= end || s.charCodeAt(semi) !== SEMI) return false;
    const nameEnd = tokenEnd(s, semi + 1, end);
    if (nameEnd === semi + 1) return false;
    const next = nameEnd < end ? s.charCodeAt(nameEnd) : -1;
    if (next === EQUAL) {
      const valueEnd = classRunEnd(GEN_VALUE, PARAM_VALUE_RUN, s, nameEnd + 1, end);
      if (valueEnd === nameEnd + 1) return false;
      into.push([s.slice(semi + 1, nameEnd), s.slice(nameEnd + 1, valueEnd)]);
      this.i = valueEnd;
      return true;
    }
    if (next === SP || next === HTAB) return false;
    into.push([s.slice(semi + 1, nameEnd), null]);
    this.i = nameEnd;
    return true;
  }

  /** SEMI generic-param: reads one parameter into `into`; false, cursor unmoved, when none follows. */
  param(into: Params, context: string): boolean {
    const save = this.i;
    this.skipWs();
    if (this.peek() !== SEMI) {
      this.i = save;
      return false;
    }
    this.i++;
    this.skipWs();
    const name = this.maybeToken();
    if (name === "") this.fail(`expected a parameter name after ';' in ${context}, found ${this.found()}`);
    const afterName = this.i;
    this.skipWs();
    if (this.peek() !== EQUAL) {
      this.i = afterName;
      into.push([name, null]);
      return true;
    }
    this.i++;
    this.skipWs();
    into.push([name, this.paramValue(name)]);
    return true;
  }

  /**
   * gen-value = token / host / quoted-string (host covers IPv6 references like `[::1]`).
   * Deviation: ':' is accepted inside an unquoted value, because RFC 3261 §20.42 writes Via
   * `received` as a bare IPv6address (`received=2001:db8::1`); nothing at this level uses ':'
   * as a separator, so this cannot change how a valid value is read.
   */
  paramValue(name: string): string {
    const c = this.peek();
    if (c === DQUOTE) return this.quotedString();
    if (c === LBRACKET) {
      const start = this.i;
      const close = runEnd(IPV6_RUN, this.s, start + 1, this.end);
      if (close >= this.end || this.s.charCodeAt(close) !== 0x5d) {
        this.fail(`unterminated IPv6 reference in parameter '${name}'`, close);
      }
      this.i = close + 1;
      return this.s.slice(start, this.i);
    }
    const start = this.i;
    const stop = classRunEnd(GEN_VALUE, PARAM_VALUE_RUN, this.s, start, this.end);
    if (stop === start) this.fail(`expected a value for parameter '${name}', found ${this.found()}`);
    this.i = stop;
    return this.s.slice(start, stop);
  }
}

/** Where the run of token characters starting at `i` ends, at most `end`. */
function tokenEnd(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & TOKEN) === 0) break;
    i++;
  }
  return i;
}

/** Resolves the quoted-pairs of a quoted string written with its quotes. */
export function unquote(raw: string): string {
  if (raw.length < 2 || raw.charCodeAt(0) !== DQUOTE) return raw;
  const inner = raw.slice(1, -1);
  if (inner.indexOf("\\") === -1) return inner;
  const out = new CharWriter(inner.length);
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    out.push(c === BACKSLASH && i + 1 < inner.length ? inner.charCodeAt(++i) : c);
  }
  return out.text();
}

/**
 * Writes `text` as a quoted-string (RFC 3261 §25.1): `"`, `\` and control characters become
 * quoted-pairs. CR and LF cannot be quoted at all, so they become spaces rather than let a value
 * break the header line.
 */
export function quote(text: string): string {
  let i = 0;
  while (i < text.length && !isRewrittenInQuotes(text.charCodeAt(i))) i++;
  if (i === text.length) return '"' + text + '"';
  const out = new CharWriter(text.length * 2 + 2);
  out.push(DQUOTE);
  for (let k = 0; k < i; k++) out.push(text.charCodeAt(k));
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) {
      out.push(SP);
      continue;
    }
    if (isRewrittenInQuotes(c)) out.push(BACKSLASH);
    out.push(c);
  }
  out.push(DQUOTE);
  return out.text();
}

/** Whether `quote` writes this char otherwise than as itself: as a quoted-pair, or CR and LF as a space. */
function isRewrittenInQuotes(c: number): boolean {
  return c === DQUOTE || c === BACKSLASH || (c < 0x20 && c !== HTAB) || c === 0x7f;
}

/**
 * Builds a string one UTF-16 code unit at a time into a buffer decoded by one native call.
 * Appending to a string instead makes a rope of one node per character: on a long run of
 * quoted-pairs, megabytes of garbage and a slow flattening when the result is first read.
 * Code units are copied as they are (lone surrogates included), little-endian whatever the
 * platform.
 */
class CharWriter {
  private readonly bytes: Buffer;
  private length = 0;

  constructor(maxChars: number) {
    this.bytes = Buffer.allocUnsafe(maxChars * 2);
  }

  push(code: number): void {
    this.bytes[this.length++] = code & 0xff;
    this.bytes[this.length++] = code >>> 8;
  }

  text(): string {
    return this.bytes.toString("utf16le", 0, this.length);
  }
}
