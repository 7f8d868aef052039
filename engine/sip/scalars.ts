/** Single-valued headers with a simple grammar: Call-ID, CSeq, delta-seconds (RFC 3261 §25.1). */
import { CHAR_CLASS, WORD, describeChar, runEnd, runPattern } from "./abnf.js";
import { SipParseError, withByteOffsets } from "./errors.js";
import type { CSeq } from "./message.js";
import { Scanner } from "./scanner.js";

const AT = 0x40;
const UINT32_MAX = 4_294_967_295;

const WORD_RUN = runPattern(WORD);

/** callid = word [ "@" word ] */
export function scanCallId(text: string): string {
  if (text === "") throw new SipParseError("empty Call-ID", 0);
  const length = text.length;
  const first = runEnd(WORD_RUN, text, 0, length);
  if (first === length) return text;
  const second = first + 1;
  if (first > 0 && text.charCodeAt(first) === AT && second < length && runEnd(WORD_RUN, text, second, length) === length) {
    return text;
  }
  // Not valid: say where.
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === AT && at === -1 && i > 0) {
      at = i;
      continue;
    }
    if (c >= 128 || ((CHAR_CLASS[c] ?? 0) & WORD) === 0) {
      throw new SipParseError(`invalid character ${describeChar(c)} in Call-ID`, i);
    }
  }
  if (at === text.length - 1) throw new SipParseError("empty word after '@' in Call-ID", at + 1);
  return text;
}

/**
 * CSeq = "CSeq" HCOLON 1*DIGIT LWS Method. RFC 3261 §8.1.1.5: the sequence number MUST be
 * expressible as a 32-bit unsigned integer.
 */
export function parseCSeq(text: string): CSeq {
  return withByteOffsets(text, scanCSeq);
}

/** `parseCSeq` with character indexes in errors. */
export function scanCSeq(text: string): CSeq {
  const scanner = new Scanner(text);
  scanner.skipWs();
  const seq = readUint32(scanner, "CSeq number");
  if (scanner.skipWs() === 0) scanner.fail(`expected whitespace after the CSeq number, found ${scanner.found()}`);
  const method = scanner.token("a method");
  scanner.skipWs();
  if (!scanner.atEnd()) scanner.fail(`unexpected ${scanner.found()} after the CSeq method`);
  return { seq, method };
}

/** A CSeq value as written: `<seq> <method>`. */
export function formatCSeq(cseq: CSeq): string {
  return cseq.seq + " " + cseq.method;
}

/** delta-seconds = 1*DIGIT, as a whole value; at most 2^32-1 (RFC 3261 §20.19, §20.23). */
export function parseDeltaSeconds(text: string, what: string): number {
  const scanner = new Scanner(text);
  const value = readUint32(scanner, what);
  if (!scanner.atEnd()) scanner.fail(`unexpected ${scanner.found()} in ${what}`);
  return value;
}

/** 1*DIGIT at the scanner, at most 2^32-1. */
export function readUint32(scanner: Scanner, what: string): number {
  const start = scanner.i;
  let value = 0;
  while (scanner.i < scanner.end) {
    const c = scanner.s.charCodeAt(scanner.i);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + c - 0x30;
    if (value > UINT32_MAX) scanner.fail(`${what} is above 2^32-1`, start);
    scanner.i++;
  }
  if (scanner.i === start) scanner.fail(`expected ${what} (digits), found ${scanner.found()}`);
  return value;
}

/** Expires = "Expires" HCOLON delta-seconds (RFC 3261 §20.19). */
export function scanExpires(text: string): number {
  return parseDeltaSeconds(text, "Expires");
}

/** Min-Expires = "Min-Expires" HCOLON delta-seconds (RFC 3261 §20.23). */
export function scanMinExpires(text: string): number {
  return parseDeltaSeconds(text, "Min-Expires");
}

/** Max-Forwards = 1*DIGIT, an integer in 0-255 (RFC 3261 §20.22). */
export function scanMaxForwards(text: string): number {
  const value = parseDeltaSeconds(text, "Max-Forwards");
  if (value > 255) throw new SipParseError(`Max-Forwards ${value} is above 255`, 0);
  return value;
}
