/**
 * Retry-After (RFC 3261 §20.33, §25.1):
 *   Retry-After = "Retry-After" HCOLON delta-seconds [ comment ] *( SEMI retry-param )
 *   retry-param = ("duration" EQUAL delta-seconds) / generic-param
 *   comment = LPAREN *(ctext / quoted-pair / comment) RPAREN
 */
import { withByteOffsets } from "./errors.js";
import type { RetryAfter } from "./message.js";
import { findParam } from "./params.js";
import { parseDeltaSeconds, readUint32 } from "./scalars.js";
import { Scanner } from "./scanner.js";

const LPAREN = 0x28;
const RPAREN = 0x29;
const BACKSLASH = 0x5c;

/**
 * Parses a Retry-After value: seconds, comment and `duration`. Throws SipParseError (offsets in
 * bytes) when the value does not follow the grammar above.
 */
export function parseRetryAfter(text: string): RetryAfter {
  return withByteOffsets(text, scanRetryAfter);
}

/** `parseRetryAfter` with character indexes in errors. */
export function scanRetryAfter(text: string): RetryAfter {
  const scanner = new Scanner(text);
  scanner.skipWs();
  const seconds = readUint32(scanner, "Retry-After seconds");
  scanner.skipWs();
  const comment = scanner.peek() === LPAREN ? readComment(scanner) : null;
  const retryAfter: RetryAfter = { seconds, comment, duration: null, params: [] };
  scanner.params(retryAfter.params, "Retry-After");
  scanner.skipWs();
  if (!scanner.atEnd()) scanner.fail(`unexpected ${scanner.found()} in Retry-After`);
  const duration = findParam(retryAfter.params, "duration");
  if (duration !== undefined) {
    retryAfter.duration = parseDeltaSeconds(duration[1] ?? "", "Retry-After duration");
  }
  return retryAfter;
}

/** The comment's text between the outer parentheses, as written (nested comments included). */
function readComment(scanner: Scanner): string {
  const s = scanner.s;
  const start = scanner.i;
  let depth = 0;
  while (scanner.i < scanner.end) {
    const c = s.charCodeAt(scanner.i);
    if (c === BACKSLASH) {
      scanner.i += 2;
      continue;
    }
    if (c === LPAREN) depth++;
    if (c === RPAREN && --depth === 0) {
      scanner.i++;
      return s.slice(start + 1, scanner.i - 1);
    }
    scanner.i++;
  }
  return scanner.fail("unterminated comment in Retry-After", start);
}
