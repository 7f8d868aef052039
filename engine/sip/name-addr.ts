/**
 * name-addr and addr-spec with header parameters (RFC 3261 §20.10, §25.1):
 *   ( name-addr / addr-spec ) *( SEMI generic-param )
 *   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT; display-name = *(token LWS) / quoted-string
 */
import { CHAR_CLASS, TOKEN } from "./abnf.js";
import { withByteOffsets } from "./errors.js";
import { formatUri } from "./format-uri.js";
import type { NameAddr, Params } from "./message.js";
import { formatParams } from "./params.js";
import { parseUriRange } from "./parse-uri.js";
import { Scanner, quote } from "./scanner.js";

const DQUOTE = 0x22;
const LAQUOT = 0x3c;
const COLON = 0x3a;
const COMMA = 0x2c;
const SEMI = 0x3b;
const QUESTION = 0x3f;
const SP = 0x20;
const HTAB = 0x09;

/** Parses one name-addr or addr-spec with its header parameters (From, To, one Contact, ...). */
export function parseNameAddr(text: string): NameAddr {
  return withByteOffsets(text, scanNameAddr);
}

/** `parseNameAddr` with character indexes in errors. */
export function scanNameAddr(text: string): NameAddr {
  const scanner = new Scanner(text);
  const nameAddr = readNameAddr(scanner, false);
  scanner.skipWs();
  if (!scanner.atEnd()) scanner.fail(`unexpected ${scanner.found()} after the address`);
  return nameAddr;
}

/** Always the `<>` form, which is valid whatever the URI holds; a display name is always quoted. */
export function formatNameAddr(nameAddr: NameAddr): string {
  const name = nameAddr.displayName === null ? "" : quote(nameAddr.displayName) + " ";
  return name + "<" + formatUri(nameAddr.uri) + ">" + formatParams(nameAddr.params);
}

/**
 * Reads one address at the scanner. In a list (`inList`), a comma ends an addr-spec; elsewhere it
 * is left for the caller to reject.
 */
function readNameAddr(scanner: Scanner, inList: boolean): NameAddr {
  const { displayName, uri } = readAddress(scanner, inList, parseUriRange);
  const params: Params = [];
  scanner.params(params, "the header parameters");
  return { displayName, uri, params };
}

/**
 * Reads the display name and the address, handing the URI's extent to `readUri`: the same walk
 * serves a full parse (`parseUriRange`) and a tag lookup that does not need the URI (`skipUri`).
 */
function readAddress<U>(scanner: Scanner, inList: boolean, readUri: ReadUri<U>): { displayName: string | null; uri: U } {
  scanner.skipWs();
  const c = scanner.peek();
  if (c === DQUOTE) {
    const displayName = scanner.unquotedString();
    scanner.skipWs();
    if (scanner.peek() !== LAQUOT) scanner.fail(`expected '<' after the display name, found ${scanner.found()}`);
    return { displayName, uri: readAngleUri(scanner, readUri) };
  }
  if (c === LAQUOT) return { displayName: null, uri: readAngleUri(scanner, readUri) };
  return readTokensOrScheme(scanner, inList, readUri);
}

/** Reads (or only delimits) the URI in `s[start, end)`. */
type ReadUri<U> = (s: string, start: number, end: number) => U;

const skipUri: ReadUri<null> = () => null;

/**
 * A run of tokens is either the scheme of an addr-spec (the first token ends at ':') or a
 * display name (the tokens end at '<'). Both start with token characters, so read ahead.
 */
function readTokensOrScheme<U>(
  scanner: Scanner,
  inList: boolean,
  readUri: ReadUri<U>,
): { displayName: string | null; uri: U } {
  const s = scanner.s;
  const start = scanner.i;
  for (;;) {
    const tokenStart = scanner.i;
    while (scanner.i < scanner.end) {
      const code = s.charCodeAt(scanner.i);
      if (code >= 128 || ((CHAR_CLASS[code] ?? 0) & TOKEN) === 0) break;
      scanner.i++;
    }
    if (scanner.i === tokenStart) {
      scanner.fail(
        tokenStart === start
          ? `expected an address, found ${scanner.found()}`
          : `display name must be tokens or a quoted string, found ${scanner.found()}`,
      );
    }
    const tokenEnd = scanner.i;
    if (tokenStart === start && scanner.peek() === COLON) {
      scanner.i = start;
      return { displayName: null, uri: readAddrSpec(scanner, inList, readUri) };
    }
    const spaces = scanner.skipWs();
    if (scanner.peek() === LAQUOT) {
      return { displayName: s.slice(start, tokenEnd), uri: readAngleUri(scanner, readUri) };
    }
    if (spaces === 0) {
      scanner.fail(`display name must be tokens or a quoted string, found ${scanner.found()}`);
    }
  }
}

/** LAQUOT addr-spec RAQUOT; RFC 3261 §25.1 allows no whitespace inside the brackets. */
function readAngleUri<U>(scanner: Scanner, readUri: ReadUri<U>): U {
  const s = scanner.s;
  const open = scanner.i;
  const close = s.indexOf(">", open);
  if (close === -1 || close >= scanner.end) scanner.fail("missing '>' after the URI", open);
  const first = s.charCodeAt(open + 1);
  if (first === SP || first === HTAB) scanner.fail("whitespace after '<'", open + 1);
  const last = s.charCodeAt(close - 1);
  if (close - 1 > open && (last === SP || last === HTAB)) scanner.fail("whitespace before '>'", close - 1);
  const uri = readUri(s, open + 1, close);
  scanner.i = close + 1;
  return uri;
}

/**
 * RFC 3261 §20.10: in the addr-spec form (no `<>`), parameters after the URI are header
 * parameters, so the URI ends at the first ';' (or whitespace, or a list comma). A URI with a
 * comma, question mark or semicolon MUST use the name-addr form.
 */
function readAddrSpec<U>(scanner: Scanner, inList: boolean, readUri: ReadUri<U>): U {
  const s = scanner.s;
  const start = scanner.i;
  let i = start;
  while (i < scanner.end) {
    const c = s.charCodeAt(i);
    if (c === SEMI || c === SP || c === HTAB || (c === COMMA && inList)) break;
    if (c === QUESTION) scanner.fail("a URI with '?' must be enclosed in <> (RFC 3261 §20)", i);
    if (c === COMMA) scanner.fail("a URI with ',' must be enclosed in <> (RFC 3261 §20)", i);
    i++;
  }
  const uri = readUri(s, start, i);
  scanner.i = i;
  return uri;
}

/** The `tag` parameter of a From or To (RFC 3261 §19.3), or null. */
export function getTag(nameAddr: NameAddr): string | null {
  return tagOf(nameAddr.params);
}

function tagOf(params: Params): string | null {
  for (const [name, value] of params) {
    if (name.length === 3 && name.toLowerCase() === "tag") return value;
  }
  return null;
}

/**
 * The `tag` header parameter of one name-addr or addr-spec (a From or To value), reading the
 * header as `scanNameAddr` does but only delimiting the URI, not parsing it: matching a response
 * or a dialog needs the tag alone (RFC 3261 §12.2.2, §17.1.3). Whenever `scanNameAddr` accepts
 * the text, the result is `getTag` of its result; a malformed URI alone is not noticed.
 */
export function scanTag(text: string): string | null {
  const scanner = new Scanner(text);
  readAddress(scanner, false, skipUri);
  const params: Params = [];
  scanner.params(params, "the header parameters");
  scanner.skipWs();
  if (!scanner.atEnd()) scanner.fail(`unexpected ${scanner.found()} after the address`);
  return tagOf(params);
}

/** Parses a comma-separated list of addresses, as in one Contact or Route header value. */
export function parseNameAddrList(text: string): NameAddr[] {
  return withByteOffsets(text, scanNameAddrList);
}

/** `parseNameAddrList` with character indexes in errors. */
export function scanNameAddrList(text: string): NameAddr[] {
  const scanner = new Scanner(text);
  const list: NameAddr[] = [];
  for (;;) {
    list.push(readNameAddr(scanner, true));
    scanner.skipWs();
    if (scanner.atEnd()) return list;
    scanner.expect(COMMA, "between addresses");
  }
}

