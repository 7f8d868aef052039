/**
 * Message framing on a stream transport (TCP, TLS): where the first complete message in a
 * receive buffer starts and ends. Works on the bytes directly, without decoding them, because the
 * transport calls it on every read.
 */
import { SipParseError } from "./errors.js";
import { resolveLimits, type SipLimits } from "./limits.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;

/**
 * Byte offsets of the first complete message in `buffer`, or `null` when more bytes are needed;
 * `limits` not given default to DEFAULT_SIP_LIMITS.
 *
 * RFC 5626 §3.5.1: CRLF keep-alives may sit between messages; they are skipped (`start` > 0) and do
 * not count toward `messageBytesMax`. RFC 3261 §18.3: on a stream the Content-Length header is
 * mandatory and frames the body, so a missing, invalid or repeated one can never make a message.
 * Throws SipParseError for such a Content-Length and for any exceeded limit (`limit` names it).
 * Bytes after `end` belong to the next message.
 */
export function frameMessage(
  buffer: Uint8Array,
  limits?: Partial<SipLimits>,
): { start: number; end: number } | null {
  const { messageBytesMax, headerCountMax, lineBytesMax } = resolveLimits(limits);
  const length = buffer.length;
  let start = 0;
  while (start < length && (buffer[start] === CR || buffer[start] === LF)) start++;
  if (start === length) return null;

  let contentLength = -1;
  let contentLengthOffset = -1;
  let inContentLength = false;
  let headerCount = 0;
  let lineStart = start;
  let firstLine = true;
  for (;;) {
    const lf = buffer.indexOf(LF, lineStart);
    const lineEnd = lf === -1 ? length : lf > lineStart && buffer[lf - 1] === CR ? lf - 1 : lf;
    if (lineEnd - lineStart > lineBytesMax) {
      throw new SipParseError(`line longer than ${lineBytesMax} bytes`, lineStart, "lineBytesMax");
    }
    if (lf === -1) {
      if (length - start > messageBytesMax) {
        throw new SipParseError(
          `header section longer than ${messageBytesMax} bytes`,
          start,
          "messageBytesMax",
        );
      }
      return null;
    }
    const next = lf + 1;
    if (lineEnd === lineStart) {
      // RFC 3261 §7: an empty line ends the header section; the body follows.
      return finish(start, next, contentLength, contentLengthOffset, length, messageBytesMax);
    }
    if (next - start > messageBytesMax) {
      throw new SipParseError(
        `header section longer than ${messageBytesMax} bytes`,
        lineStart,
        "messageBytesMax",
      );
    }
    if (firstLine) {
      firstLine = false;
    } else if (buffer[lineStart] === SP || buffer[lineStart] === HTAB) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header's value.
      if (inContentLength) {
        contentLength = continueDigits(buffer, lineStart, lineEnd, contentLength);
      }
    } else {
      headerCount++;
      if (headerCount > headerCountMax) {
        throw new SipParseError(
          `more than ${headerCountMax} header fields`,
          lineStart,
          "headerCountMax",
        );
      }
      const valueStart = contentLengthValueStart(buffer, lineStart, lineEnd);
      inContentLength = valueStart !== -1;
      if (inContentLength) {
        if (contentLengthOffset !== -1) {
          throw new SipParseError("more than one Content-Length header", lineStart);
        }
        contentLengthOffset = lineStart;
        contentLength = continueDigits(buffer, valueStart, lineEnd, -1);
      }
    }
    lineStart = next;
  }
}

function finish(
  start: number,
  bodyStart: number,
  contentLength: number,
  contentLengthOffset: number,
  length: number,
  messageBytesMax: number,
): { start: number; end: number } | null {
  if (contentLengthOffset === -1) {
    throw new SipParseError("missing Content-Length header on a stream transport", start);
  }
  if (contentLength === -1) {
    throw new SipParseError("Content-Length value is empty", contentLengthOffset);
  }
  const end = bodyStart + contentLength;
  if (end - start > messageBytesMax) {
    throw new SipParseError(
      `Content-Length ${contentLength} makes the message longer than ${messageBytesMax} bytes`,
      contentLengthOffset,
      "messageBytesMax",
    );
  }
  return end <= length ? { start, end } : null;
}

/** Offset of the value of a `Content-Length` (or compact `l`) header line, or -1 for other headers. */
function contentLengthValueStart(buffer: Uint8Array, lineStart: number, lineEnd: number): number {
  let i = lineStart;
  const first = buffer[i] ?? 0;
  if ((first | 0x20) !== 0x6c && (first | 0x20) !== 0x63) return -1;
  if ((first | 0x20) === 0x63) {
    const name = "content-length";
    if (lineEnd - lineStart < name.length) return -1;
    for (let k = 0; k < name.length; k++) {
      const byte = buffer[lineStart + k] ?? 0;
      const lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
      if (lower !== name.charCodeAt(k)) return -1;
    }
    i = lineStart + name.length;
  } else {
    i = lineStart + 1;
  }
  while (i < lineEnd && (buffer[i] === SP || buffer[i] === HTAB)) i++;
  return i < lineEnd && buffer[i] === COLON ? i + 1 : -1;
}

/**
 * Reads `1*DIGIT` with surrounding whitespace from a (possibly folded) Content-Length value,
 * continuing from `soFar` (-1 for none yet). Over nine digits can only exceed any message limit,
 * so it is capped rather than risking float imprecision.
 */
function continueDigits(
  buffer: Uint8Array,
  from: number,
  to: number,
  soFar: number,
): number {
  let i = from;
  while (i < to && (buffer[i] === SP || buffer[i] === HTAB)) i++;
  if (i === to) return soFar;
  if (soFar !== -1) {
    throw new SipParseError("Content-Length value is not a single number", i);
  }
  let value = 0;
  let digits = 0;
  while (i < to) {
    const byte = buffer[i] ?? 0;
    if (byte < 0x30 || byte > 0x39) break;
    if (digits < 10) value = value * 10 + (byte - 0x30);
    digits++;
    i++;
  }
  const digitsEnd = i;
  while (i < to && (buffer[i] === SP || buffer[i] === HTAB)) i++;
  if (digits === 0 || i !== to) {
    throw new SipParseError("Content-Length value is not a decimal number", digitsEnd);
  }
  return digits > 9 ? Number.MAX_SAFE_INTEGER : value;
}
