/**
 * Bytes to a `SipMessage` (RFC 3261 §7): start line, header fields in wire order (unfolded,
 * compact names expanded), body framed by Content-Length. Typed header views are parsed later,
 * on use (headers.ts), so that a message is split once and cheaply.
 *
 * The header section is read as Latin-1, one char per byte, so string indexes are byte offsets
 * for errors; a section that is not ASCII is checked to be UTF-8 and its values re-decoded.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { CHAR_CLASS, TOKEN, describeChar, equalsIgnoreCase } from "./abnf.js";
import { SipParseError } from "./errors.js";
import { knownHeaderNameAt } from "./header-names.js";
import { resolveLimits, type SipLimits } from "./limits.js";
import type { SipHeader, SipMessage, SipRequest, SipResponse } from "./message.js";
import { parseUriRange } from "./parse-uri.js";
import { firstInvalidUtf8, latin1ToUtf8 } from "./utf8.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;
/** Shared by every message without a body: a zero-length array has no content to change. */
const EMPTY_BODY = new Uint8Array(0);
const CONTENT_LENGTH = "Content-Length";

/**
 * Parses one message received as a datagram (UDP), or one message cut from a stream by
 * `frameMessage`; `limits` not given default to DEFAULT_SIP_LIMITS. RFC 3261 §18.3: a datagram's
 * body ends where Content-Length says (extra octets are ignored, RFC 4475 §3.1.1.8), or at the end
 * of the datagram when there is no Content-Length. Throws SipParseError (byte offset, and the limit
 * when one was exceeded) for bytes that are no SIP message, an exceeded limit, or a Content-Length
 * larger than the bytes available.
 */
export function parseMessage(bytes: Uint8Array, limits?: Partial<SipLimits>): SipMessage {
  const { messageBytesMax, headerCountMax, lineBytesMax } = resolveLimits(limits);
  const length = bytes.length;
  if (length > messageBytesMax) {
    throw new SipParseError(
      `message of ${length} bytes is longer than ${messageBytesMax} bytes`,
      messageBytesMax,
      "messageBytesMax",
    );
  }
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, length);

  // RFC 3261 §7.5: CRLFs before the start line are ignored (RFC 5626 keep-alives).
  let start = 0;
  while (start < length && (buffer[start] === CR || buffer[start] === LF)) start++;
  if (start === length) throw new SipParseError("no message, only line breaks", start);
  // One native decode of the whole datagram is cheaper than first searching it for the end of
  // the header section; the body's chars are simply not looked at.
  const s = buffer.toString("latin1");
  const lineFeed = s.indexOf("\n", start);
  if (lineFeed === -1) throw new SipParseError("start line does not end with CRLF", length);
  const lineEnd = lineFeed > start && s.charCodeAt(lineFeed - 1) === CR ? lineFeed - 1 : lineFeed;
  checkLine(s, start, lineEnd, lineBytesMax);

  // The start line is parsed first so that errors come in byte order.
  if (isStatusLine(s, start, lineEnd)) {
    const { status, reason } = parseStatusLine(s, start, lineEnd);
    const { headers, body, ascii } = parseRest(buffer, s, start, lineFeed + 1, headerCountMax, lineBytesMax);
    return { kind: "response", status, reason: withoutControls(ascii ? reason : latin1ToUtf8(reason)), headers, body };
  }
  const { method, uri } = parseRequestLine(s, start, lineEnd);
  const { headers, body } = parseRest(buffer, s, start, lineFeed + 1, headerCountMax, lineBytesMax);
  return { kind: "request", method, uri, headers, body };
}

/** The header section and the body, and whether the header section was ASCII. */
function parseRest(
  buffer: Buffer,
  s: string,
  start: number,
  from: number,
  headerCountMax: number,
  lineBytesMax: number,
): { headers: SipHeader[]; body: Uint8Array; ascii: boolean } {
  const headers: SipHeader[] = [];
  const contentLengths: ContentLengthLine[] = [];
  const bodyStart = parseHeaders(s, from, headers, contentLengths, headerCountMax, lineBytesMax);
  checkControls(s, from, bodyStart);
  // The whole-buffer check is the fast one; a non-ASCII body alone leads to the narrower check.
  const ascii = isAscii(buffer) || isAscii(buffer.subarray(start, bodyStart));
  if (!ascii) decodeUtf8Values(buffer, start, bodyStart, headers);
  return { headers, body: frameBody(buffer, bodyStart, contentLengths), ascii };
}

/**
 * Control characters (CTL, RFC 5234) other than HTAB, CR and LF (the line ends, which the line
 * reader handles). RFC 3261 §25.1 allows them in no header value and no reason phrase, except
 * escaped as a quoted-pair (`\` then the character) inside a quoted string. Spec decision DC1.
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const BACKSLASH = 0x5c;

/**
 * DC1: a control character in the header section that is not the second character of a
 * quoted-pair makes the message malformed. Header values are read by the engine (Contact,
 * Expires, challenges, Call-ID), and a NUL or an escape sequence in one is either corruption or
 * an attempt to make two parsers read the same bytes differently. Whether a quoted-pair sits in a
 * quoted string is the typed reader's business; it rejects one outside.
 */
function checkControls(s: string, from: number, to: number): void {
  // A loop over char codes, not the CONTROL regex: every message passes here, and the regex needed
  // the section sliced out first.
  for (let at = from; at < to; at++) {
    const code = s.charCodeAt(at);
    if (code >= 0x20 ? code !== 0x7f : code === 0x09 || code === 0x0a || code === 0x0d) continue;
    let backslashes = 0;
    while (at - backslashes > from && s.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) continue;
    throw new SipParseError(`control character ${describeChar(code)} in a header (allowed only as a quoted-pair, RFC 3261 §25.1)`, at);
  }
}

/**
 * DC1: control characters in a reason phrase become U+FFFD. The status code alone carries the
 * meaning, so the response is kept; the phrase is only shown to people (reg_list, reports, logs),
 * where raw control bytes could rewrite a terminal or a log line.
 */
function withoutControls(reason: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(reason) ? reason.replace(CONTROL, "\uFFFD") : reason;
}

/** Line length limit; a CR is only allowed as part of CRLF (RFC 3261 §7: lines end in CRLF). */
function checkLine(s: string, start: number, end: number, lineBytesMax: number): void {
  if (end - start > lineBytesMax) {
    throw new SipParseError(`line longer than ${lineBytesMax} bytes`, start, "lineBytesMax");
  }
  const cr = s.indexOf("\r", start);
  if (cr !== -1 && cr < end) throw new SipParseError("CR not followed by LF", cr);
}

/** A Content-Length header and the offset of its line, for framing errors. */
interface ContentLengthLine {
  header: SipHeader;
  offset: number;
}

/**
 * RFC 3261 §7.3.1: message-header = field-name HCOLON field-value CRLF, where a line starting
 * with whitespace continues the previous value (folding becomes one space). Fills `headers` and
 * returns where the body starts (after the empty line).
 *
 * Native searches find each line's LF and colon; a known name is recognised in place without
 * slicing it out. A CR inside a value (not before LF) is left in it: the serializer never writes
 * it back as a line break, and the typed parsers reject it outside quoted strings.
 */
function parseHeaders(
  s: string,
  from: number,
  headers: SipHeader[],
  contentLengths: ContentLengthLine[],
  headerCountMax: number,
  lineBytesMax: number,
): number {
  const length = s.length;
  let pos = from;
  let current: SipHeader | null = null;
  for (;;) {
    const lineFeed = s.indexOf("\n", pos);
    if (lineFeed === -1) {
      if (length - pos > lineBytesMax) {
        throw new SipParseError(`line longer than ${lineBytesMax} bytes`, pos, "lineBytesMax");
      }
      throw new SipParseError("header section does not end with an empty line", length);
    }
    const end = lineFeed > pos && s.charCodeAt(lineFeed - 1) === CR ? lineFeed - 1 : lineFeed;
    if (end === pos) return lineFeed + 1;
    if (end - pos > lineBytesMax) {
      throw new SipParseError(`line longer than ${lineBytesMax} bytes`, pos, "lineBytesMax");
    }
    const first = s.charCodeAt(pos);
    if (first === SP || first === HTAB) {
      if (current === null) throw new SipParseError("continuation line before any header", pos);
      let a = pos;
      let b = end;
      while (a < b && isWsp(s.charCodeAt(a))) a++;
      while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
      if (a < b) current.value = current.value === "" ? s.slice(a, b) : current.value + " " + s.slice(a, b);
    } else {
      // field-name HCOLON: a known name matched in place is valid as it stands; any other name
      // is checked to be a token.
      const colon = s.indexOf(":", pos);
      if (colon === -1 || colon > end) throw headerNameError(s, pos, end);
      let nameEnd = colon;
      while (nameEnd > pos && isWsp(s.charCodeAt(nameEnd - 1))) nameEnd--;
      let name = knownHeaderNameAt(s, pos, nameEnd);
      if (name === null) {
        if (!isToken(s, pos, nameEnd)) throw headerNameError(s, pos, end);
        name = s.slice(pos, nameEnd);
      }
      if (headers.length >= headerCountMax) {
        throw new SipParseError(`more than ${headerCountMax} header fields`, pos, "headerCountMax");
      }
      let a = colon + 1;
      let b = end;
      while (a < b && isWsp(s.charCodeAt(a))) a++;
      while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
      current = { name, value: s.slice(a, b) };
      headers.push(current);
      if (name === CONTENT_LENGTH) contentLengths.push({ header: current, offset: pos });
    }
    pos = lineFeed + 1;
  }
}

function isToken(s: string, start: number, end: number): boolean {
  if (start === end) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & TOKEN) === 0) return false;
  }
  return true;
}

/** What is wrong with a header line whose name is not a token followed by ':'. */
function headerNameError(s: string, pos: number, end: number): SipParseError {
  let i = pos;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & TOKEN) === 0) break;
    i++;
  }
  const nameEnd = i;
  while (i < end && isWsp(s.charCodeAt(i))) i++;
  if (i < end && s.charCodeAt(i) === COLON) return new SipParseError("empty header name", pos);
  if (nameEnd === pos) {
    return new SipParseError(`invalid character ${describeChar(s.charCodeAt(pos))} at the start of a header line`, pos);
  }
  if (i === end) return new SipParseError("header line has no ':'", pos);
  const found = describeChar(s.charCodeAt(i));
  if (i > nameEnd) return new SipParseError(`expected ':' after the header name, found ${found}`, i);
  return new SipParseError(`invalid character ${found} in header name`, i);
}

function isWsp(c: number): boolean {
  return c === SP || c === HTAB;
}

/** RFC 3261 §7.3.1: header text is UTF-8; reject anything else, then re-decode what is not ASCII. */
function decodeUtf8Values(buffer: Buffer, start: number, end: number, headers: SipHeader[]): void {
  if (!isUtf8(buffer.subarray(start, end))) {
    throw new SipParseError("header section is not valid UTF-8", firstInvalidUtf8(buffer, start, end));
  }
  for (const header of headers) header.value = latin1ToUtf8(header.value);
}

/** The body per RFC 3261 §18.3 (datagram rules; see `parseMessage`). */
function frameBody(buffer: Buffer, bodyStart: number, contentLengths: ContentLengthLine[]): Uint8Array {
  let contentLength = -1;
  for (const { header, offset } of contentLengths) {
    const value = parseContentLength(header.value, offset);
    // RFC 4475 §3.3.9: conflicting values make the framing undecidable.
    if (contentLength !== -1 && value !== contentLength) {
      throw new SipParseError(`conflicting Content-Length values ${contentLength} and ${value}`, offset);
    }
    contentLength = value;
  }
  const available = buffer.length - bodyStart;
  if (contentLength > available) {
    throw new SipParseError(
      `Content-Length ${contentLength} is larger than the ${available} body bytes received`,
      bodyStart,
    );
  }
  const end = contentLength === -1 ? buffer.length : bodyStart + contentLength;
  // A copy: the caller may reuse its receive buffer once parsing returns.
  return end === bodyStart ? EMPTY_BODY : new Uint8Array(buffer.subarray(bodyStart, end));
}

/** Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT */
function parseContentLength(value: string, offset: number): number {
  let result = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      throw new SipParseError(`Content-Length '${value}' is not a decimal number`, offset);
    }
    result = result * 10 + c - 0x30;
  }
  if (value.length === 0) throw new SipParseError("empty Content-Length", offset);
  return value.length > 15 ? Number.MAX_SAFE_INTEGER : result;
}

/** A status line starts with the SIP version; a method (a token) cannot contain "/". */
function isStatusLine(s: string, start: number, end: number): boolean {
  return end - start >= 4 && equalsIgnoreCase(s.slice(start, start + 4), "SIP/");
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive (RFC 3261 §7.1); only 2.0 is supported. */
function checkVersion(s: string, start: number, end: number, where: string): void {
  if (end - start === 7 && equalsIgnoreCase(s.slice(start, end), "SIP/2.0")) return;
  if (end - start >= 4 && equalsIgnoreCase(s.slice(start, start + 4), "SIP/")) {
    throw new SipParseError(`unsupported SIP version '${s.slice(start, end)}'`, start);
  }
  throw new SipParseError(`expected SIP/2.0 ${where}, found '${s.slice(start, end)}'`, start);
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (RFC 3261 §7.2). */
function parseStatusLine(s: string, start: number, end: number): Pick<SipResponse, "status" | "reason"> {
  const space = s.indexOf(" ", start);
  if (space === -1 || space > end) throw new SipParseError("status line has no status code", end);
  checkVersion(s, start, space, "at the start of the status line");
  // Status-Code = 3DIGIT, from 100 to 699 (RFC 3261 §7.2, §21).
  let status = 0;
  let i = space + 1;
  while (i < end && s.charCodeAt(i) !== SP) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new SipParseError(`invalid character ${describeChar(c)} in status code`, i);
    if (i - space > 3) throw new SipParseError("status code has more than three digits", space + 1);
    status = status * 10 + c - 0x30;
    i++;
  }
  if (i - space - 1 !== 3) throw new SipParseError("status code must have three digits", space + 1);
  if (status < 100 || status > 699) throw new SipParseError(`status code ${status} is not in 100-699`, space + 1);
  const reason = i < end ? s.slice(i + 1, end) : "";
  return { status, reason };
}

/** Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1): exactly two single SPs. */
function parseRequestLine(s: string, start: number, end: number): Pick<SipRequest, "method" | "uri"> {
  const first = s.indexOf(" ", start);
  if (first === -1 || first > end) throw new SipParseError("request line has no Request-URI", end);
  const last = s.lastIndexOf(" ", end - 1);
  if (last === end - 1) throw new SipParseError("request line ends with whitespace", last);
  if (last === first) throw new SipParseError("request line needs Method SP Request-URI SP SIP-Version", end);
  checkVersion(s, last + 1, end, "at the end of the request line");
  for (let i = start; i < first; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & TOKEN) === 0) {
      throw new SipParseError(`invalid character ${describeChar(c)} in method`, i);
    }
  }
  if (first === start) throw new SipParseError("empty method", start);
  const inner = s.indexOf(" ", first + 1);
  if (inner !== last) {
    throw new SipParseError(
      inner === first + 1 ? "more than one SP between method and Request-URI" : "whitespace inside the Request-URI",
      inner,
    );
  }
  const method = s.slice(start, first);
  const uri = parseUriRange(s, first + 1, last);
  return { method, uri };
}
