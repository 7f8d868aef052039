/**
 * URI parsing: SIP and SIPS (RFC 3261 §19.1.1, §25.1), tel (RFC 3966 §3), and any other scheme
 * kept whole as an absolute URI (RFC 3261 §25.1 absoluteURI).
 */
import { isIPv6 } from "node:net";
import {
  CHAR_CLASS,
  HNV,
  HOST,
  PARAMCHAR,
  PASSWORD,
  PHONEDIGIT,
  SCHEME,
  TEL_PNAME,
  URIC,
  USER,
  classRunEnd,
  describeChar,
  hexValue,
  runEnd,
  runPattern,
} from "./abnf.js";
import { SipParseError, withByteOffsets } from "./errors.js";
import type { AbsoluteUri, Params, SipUri, TelUri, Uri } from "./message.js";

const COLON = 0x3a;
const AT = 0x40;
const SEMI = 0x3b;
const QUESTION = 0x3f;
const AMP = 0x26;
const EQUAL = 0x3d;
const PERCENT = 0x25;
const LBRACKET = 0x5b;
const DOT = 0x2e;
const DASH = 0x2d;
const PLUS = 0x2b;

/** Parses a whole URI; offsets in errors are UTF-8 byte offsets in `text`. */
export function parseUri(text: string): Uri {
  return withByteOffsets(text, scanUri);
}

function scanUri(text: string): Uri {
  return parseUriRange(text, 0, text.length);
}

/** Parses `s[start, end)` as a URI; offsets in errors are indexes in `s`. */
export function parseUriRange(s: string, start: number, end: number): Uri {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  const first = start < end ? s.charCodeAt(start) : -1;
  if (!((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a)) {
    throw new SipParseError(
      first === -1 ? "empty URI" : `URI must start with a scheme, found ${describeChar(first)}`,
      start,
    );
  }
  let i = start + 1;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & SCHEME) === 0) break;
    i++;
  }
  if (i >= end || s.charCodeAt(i) !== COLON) {
    throw new SipParseError(`URI scheme must end with ':', found ${at(s, i, end)}`, i);
  }
  const scheme = schemeName(s, start, i);
  if (scheme === "sip" || scheme === "sips") return parseSip(s, i + 1, end, scheme);
  if (scheme === "tel") return parseTel(s, i + 1, end);
  return parseAbsolute(s, i + 1, end, scheme);
}

/** Lowercase scheme; the three common ones without allocating. */
function schemeName(s: string, start: number, end: number): string {
  const length = end - start;
  const c0 = s.charCodeAt(start) | 0x20;
  const c1 = s.charCodeAt(start + 1) | 0x20;
  const c2 = s.charCodeAt(start + 2) | 0x20;
  if (length === 3 && c0 === 0x73 && c1 === 0x69 && c2 === 0x70) return "sip";
  if (length === 4 && c0 === 0x73 && c1 === 0x69 && c2 === 0x70 && (s.charCodeAt(start + 3) | 0x20) === 0x73) {
    return "sips";
  }
  if (length === 3 && c0 === 0x74 && c1 === 0x65 && c2 === 0x6c) return "tel";
  return s.slice(start, end).toLowerCase();
}

function at(s: string, i: number, end: number): string {
  return i < end ? describeChar(s.charCodeAt(i)) : "the end";
}

const USER_RUN = runPattern(USER);
const PASSWORD_RUN = runPattern(PASSWORD);
const PARAMCHAR_RUN = runPattern(PARAMCHAR);
const HNV_RUN = runPattern(HNV);
const URIC_RUN = runPattern(URIC);
const HOST_RUN = runPattern(HOST);
/** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255. */
const IPV4 = /(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])){3}/y;

/**
 * Scans *(chars of `run` / escaped) from `i`, stopping at the first other char; returns the index
 * where it stopped. A "%" must start a valid escape.
 */
function scanEscaped(s: string, i: number, end: number, flags: number, run: RegExp, what: string): number {
  for (;;) {
    i = classRunEnd(flags, run, s, i, end);
    if (i >= end || s.charCodeAt(i) !== PERCENT) return i;
    if (i + 2 >= end || hexValue(s.charCodeAt(i + 1)) === -1 || hexValue(s.charCodeAt(i + 2)) === -1) {
      throw new SipParseError(`invalid %-escape in ${what}`, i);
    }
    i += 3;
  }
}

/**
 * SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 * userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
 */
function parseSip(s: string, start: number, end: number, scheme: "sip" | "sips"): SipUri {
  let i = start;
  let user: string | null = null;
  let password: string | null = null;
  // "@" appears in no part after userinfo (params, headers and host exclude it), so userinfo is
  // there when a run of user characters, and maybe ":" and password characters, reaches one.
  // A second "@" then fails as a bad host character.
  const userEnd = scanEscaped(s, i, end, USER, USER_RUN, "URI");
  let atSign = userEnd < end && s.charCodeAt(userEnd) === AT ? userEnd : -1;
  let passwordEnd = -1;
  if (atSign === -1 && userEnd < end && s.charCodeAt(userEnd) === COLON) {
    passwordEnd = scanEscaped(s, userEnd + 1, end, PASSWORD, PASSWORD_RUN, "URI");
    if (passwordEnd < end && s.charCodeAt(passwordEnd) === AT) atSign = passwordEnd;
  }
  if (atSign === -1 && userEnd < end && !isUriChar(s.charCodeAt(userEnd))) {
    throw new SipParseError(`invalid character ${describeChar(s.charCodeAt(userEnd))} in URI`, userEnd);
  }
  if (atSign !== -1) {
    if (userEnd === i) throw new SipParseError("empty user part in URI", i);
    user = s.slice(i, userEnd);
    if (atSign === passwordEnd) password = s.slice(userEnd + 1, passwordEnd);
    i = atSign + 1;
  }

  const scanned = scanHost(s, i, end);
  const host = s.slice(i, scanned.end);
  i = scanned.end;

  let port: number | null = null;
  if (i < end && s.charCodeAt(i) === COLON) {
    const portEnd = scanPort(s, i + 1, end);
    port = Number(s.slice(i + 1, portEnd));
    i = portEnd;
  }

  const params: Params = [];
  while (i < end && s.charCodeAt(i) === SEMI) {
    i++;
    const nameEnd = scanEscaped(s, i, end, PARAMCHAR, PARAMCHAR_RUN, "URI parameter");
    if (nameEnd === i) throw new SipParseError(`empty URI parameter name, found ${at(s, i, end)}`, i);
    const name = s.slice(i, nameEnd);
    i = nameEnd;
    if (i < end && s.charCodeAt(i) === EQUAL) {
      const valueEnd = scanEscaped(s, i + 1, end, PARAMCHAR, PARAMCHAR_RUN, "URI parameter");
      if (valueEnd === i + 1) throw new SipParseError(`empty value for URI parameter '${name}'`, i + 1);
      params.push([name, s.slice(i + 1, valueEnd)]);
      i = valueEnd;
    } else {
      params.push([name, null]);
    }
  }

  const headers: Params = [];
  if (i < end && s.charCodeAt(i) === QUESTION) {
    // headers = "?" header *( "&" header ); header = hname "=" hvalue
    do {
      i++;
      const nameEnd = scanEscaped(s, i, end, HNV, HNV_RUN, "URI header");
      if (nameEnd === i) throw new SipParseError(`empty URI header name, found ${at(s, i, end)}`, i);
      const name = s.slice(i, nameEnd);
      if (nameEnd >= end || s.charCodeAt(nameEnd) !== EQUAL) {
        throw new SipParseError(`URI header '${name}' needs '=', found ${at(s, nameEnd, end)}`, nameEnd);
      }
      const valueEnd = scanEscaped(s, nameEnd + 1, end, HNV, HNV_RUN, "URI header");
      headers.push([name, s.slice(nameEnd + 1, valueEnd)]);
      i = valueEnd;
    } while (i < end && s.charCodeAt(i) === AMP);
  }

  if (i < end) throw new SipParseError(`invalid character ${describeChar(s.charCodeAt(i))} in URI`, i);
  return { kind: "sip", scheme, user, password, host, hostKind: scanned.kind, port, params, headers };
}

/** Characters some part of a SIP URI allows unescaped. */
function isUriChar(c: number): boolean {
  return c < 128 && ((CHAR_CLASS[c] ?? 0) & (USER | PASSWORD | PARAMCHAR | HNV)) !== 0;
}

export type HostKind = "domain" | "ipv4" | "ipv6";

/**
 * host = hostname / IPv4address / IPv6reference, starting at `start`; returns where it ends.
 * hostname = *( domainlabel "." ) toplabel [ "." ]; IPv6reference = "[" IPv6address "]".
 */
export function scanHost(s: string, start: number, end: number): { end: number; kind: HostKind } {
  return scanPlainHost(s, start, end) ?? scanHostStrict(s, start, end);
}

/**
 * The common hosts, a valid host name or IPv4 address, in one loop without regexes; null for
 * anything else (an IPv6 reference, an invalid host), which `scanHostStrict` then reads or
 * rejects. It accepts exactly what `hostnameEnd` and IPV4 accept below: the host is the maximal
 * run of host characters, made of labels of alphanum and "_" joined by dashes, separated by single
 * dots, with one trailing dot allowed; a host of digits and dots must be four octets of 1 to 3
 * digits, each at most 255, without a trailing dot.
 */
export function scanPlainHost(s: string, start: number, end: number): { end: number; kind: HostKind } | null {
  let i = start;
  let labelLength = 0;
  let afterDash = false;
  let digitsAndDots = true;
  let ipv4 = true;
  let octets = 1;
  let octet = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      octet = octet * 10 + c - 0x30;
      if (++labelLength > 3 || octet > 255) ipv4 = false;
      afterDash = false;
    } else if (c === DOT) {
      if (labelLength === 0 || afterDash) return null;
      labelLength = 0;
      octets++;
      octet = 0;
    } else if (c < 128 && ((CHAR_CLASS[c] ?? 0) & HOST) !== 0) {
      if (c === DASH) {
        if (labelLength === 0) return null;
        afterDash = true;
      } else {
        labelLength++;
        afterDash = false;
      }
      digitsAndDots = false;
    } else {
      break;
    }
    i++;
  }
  if (i === start || afterDash) return null;
  if (!digitsAndDots || !isDigit(s.charCodeAt(start))) return { end: i, kind: "domain" };
  return ipv4 && octets === 4 && labelLength > 0 ? { end: i, kind: "ipv4" } : null;
}

/** `scanHost` for every host, with the errors. */
export function scanHostStrict(s: string, start: number, end: number): { end: number; kind: HostKind } {
  if (start < end && s.charCodeAt(start) === LBRACKET) {
    const close = s.indexOf("]", start);
    if (close === -1 || close >= end) throw new SipParseError("unterminated IPv6 reference", start);
    if (!isIPv6(s.slice(start + 1, close))) throw new SipParseError("invalid IPv6 address", start + 1);
    return { end: close + 1, kind: "ipv6" };
  }
  let stop = hostnameEnd(s, start);
  if (stop > end || (stop < end && isHostChar(s.charCodeAt(stop)))) {
    // Not a well-formed hostname (or one running past `end`): find and name the problem.
    stop = runEnd(HOST_RUN, s, start, end);
    if (stop > start && !digitsAndDots(s, start, stop)) checkHostname(s, start, stop);
  }
  if (stop === start) throw new SipParseError(`missing host, found ${at(s, stop, end)}`, stop);
  // A hostname's top label starts with a letter, so a host of digits and dots can only be IPv4.
  if (isDigit(s.charCodeAt(start))) {
    IPV4.lastIndex = start;
    if (IPV4.test(s) && IPV4.lastIndex === stop) return { end: stop, kind: "ipv4" };
    if (digitsAndDots(s, start, stop)) {
      throw new SipParseError(`invalid IPv4 address '${s.slice(start, stop)}'`, start);
    }
  }
  return { end: stop, kind: "domain" };
}

/**
 * Where the longest hostname starting at `start` ends (`start` when none does):
 * hostname = *( domainlabel "." ) toplabel [ "." ], a label being alphanum runs joined by dashes
 * ("_" allowed, see HOST), read as the regex
 * `[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*(?:\.[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*)*\.?` reads it.
 * A loop rather than that regex: the regex engine keeps a backtracking entry per repetition of
 * a group, so a host of millions of labels or dashes overflowed its stack (a RangeError, not a
 * SipParseError). Whether the top label starts with a letter is not checked here: a host of
 * digits and dots is then read as IPv4.
 */
export function hostnameEnd(s: string, start: number): number {
  let i = labelEnd(s, start);
  if (i === start) return start;
  while (s.charCodeAt(i) === DOT) {
    const next = labelEnd(s, i + 1);
    // A dot not followed by a label ends the hostname, as its optional trailing dot.
    if (next === i + 1) return i + 1;
    i = next;
  }
  return i;
}

/** Where the label `[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*` starting at `i` ends; `i` when none starts there. */
function labelEnd(s: string, i: number): number {
  let end = alnumRunEnd(s, i);
  if (end === i) return i;
  for (;;) {
    let dashes = end;
    while (s.charCodeAt(dashes) === DASH) dashes++;
    // Dashes count only when an alphanum run follows them.
    const next = alnumRunEnd(s, dashes);
    if (dashes === end || next === dashes) return end;
    end = next;
  }
}

/** Where the run of `[A-Za-z0-9_]` starting at `i` ends. */
function alnumRunEnd(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f)) return i;
    i++;
  }
}

function isHostChar(c: number): boolean {
  return c < 128 && ((CHAR_CLASS[c] ?? 0) & HOST) !== 0;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function digitsAndDots(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== DOT && !isDigit(c)) return false;
  }
  return true;
}


/**
 * domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum; one trailing "." allowed.
 * Only reached for a host that `hostnameEnd` did not read whole, to say what is wrong with it.
 */
function checkHostname(s: string, start: number, end: number): void {
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && s.charCodeAt(i) !== DOT) continue;
    if (i === labelStart) {
      if (i === end && i > start) return;
      throw new SipParseError(`empty label in host name '${s.slice(start, end)}'`, i);
    }
    if (s.charCodeAt(labelStart) === DASH || s.charCodeAt(i - 1) === DASH) {
      throw new SipParseError(`host name label may not start or end with '-'`, labelStart);
    }
    labelStart = i + 1;
  }
}

/** port = 1*DIGIT, at most 65535, starting at `start`; returns where it ends. */
export function scanPort(s: string, start: number, end: number): number {
  let i = start;
  let value = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + c - 0x30;
    i++;
    if (value > 65535) throw new SipParseError("port number above 65535", start);
  }
  if (i === start) throw new SipParseError(`expected a port number, found ${at(s, i, end)}`, i);
  return i;
}

/**
 * RFC 3966: telephone-uri = "tel:" telephone-subscriber; global-number-digits = "+" *phonedigit
 * DIGIT *phonedigit; local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex;
 * par = ";" pname [ "=" pvalue ]. Deviation: a local number's required phone-context is not
 * enforced (that is the application's concern).
 */
function parseTel(s: string, start: number, end: number): TelUri {
  let i = start;
  const global = i < end && s.charCodeAt(i) === PLUS;
  if (global) i++;
  let significant = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    const separator = isVisualSeparator(c);
    if (global) {
      if (!separator && !(c >= 0x30 && c <= 0x39)) break;
    } else if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & PHONEDIGIT) === 0) {
      break;
    }
    if (!separator) significant++;
    i++;
  }
  if (significant === 0) throw new SipParseError("tel URI has no digits", start);
  const number = s.slice(start, i);
  const params: Params = [];
  while (i < end && s.charCodeAt(i) === SEMI) {
    i++;
    const nameStart = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & TEL_PNAME) === 0) break;
      i++;
    }
    if (i === nameStart) throw new SipParseError(`empty tel URI parameter name, found ${at(s, i, end)}`, i);
    const name = s.slice(nameStart, i);
    if (i < end && s.charCodeAt(i) === EQUAL) {
      const valueEnd = scanEscaped(s, i + 1, end, PARAMCHAR, PARAMCHAR_RUN, "tel URI parameter");
      if (valueEnd === i + 1) throw new SipParseError(`empty value for tel URI parameter '${name}'`, i + 1);
      params.push([name, s.slice(i + 1, valueEnd)]);
      i = valueEnd;
    } else {
      params.push([name, null]);
    }
  }
  if (i < end) throw new SipParseError(`invalid character ${describeChar(s.charCodeAt(i))} in tel URI`, i);
  return { kind: "tel", scheme: "tel", number, params };
}

/** visual-separator = "-" / "." / "(" / ")" */
function isVisualSeparator(c: number): boolean {
  return c === DASH || c === DOT || c === 0x28 || c === 0x29;
}

/** absoluteURI = scheme ":" ( hier-part / opaque-part ), all of it uric characters. */
function parseAbsolute(s: string, start: number, end: number, scheme: string): AbsoluteUri {
  if (start === end) throw new SipParseError(`empty ${scheme}: URI`, start);
  const stop = scanEscaped(s, start, end, URIC, URIC_RUN, "URI");
  if (stop < end) {
    throw new SipParseError(`invalid character ${describeChar(s.charCodeAt(stop))} in ${scheme}: URI`, stop);
  }
  return { kind: "absolute", scheme, opaque: s.slice(start, end) };
}
