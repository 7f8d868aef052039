/**
 * Which worker owns a datagram: a hash of its To AOR, so that every request about one AOR (its
 * REGISTERs, their retransmissions, a query, an unREGISTER) reaches the worker that holds that
 * AOR's bindings, nonces and transactions. The To header is found by a byte scan of the header
 * section; only when that finds nothing usable (a folded To, no To) is the datagram parsed.
 */
import { getTo, parseMessage, SipParseError } from "../../engine/sip/index.js";
import { aorFromText, aorOf, type AorMatching } from "../aor.js";

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;

/**
 * The worker (0 to `shards` - 1) that owns the AOR of `data`'s To, the AOR read as the registrar
 * reads it under `matching`. Bytes whose AOR cannot be read at all go to worker 0, which answers
 * or drops them as a single registrar would.
 */
export function shardOf(data: Uint8Array, shards: number, matching: AorMatching): number {
  if (shards <= 1) return 0;
  const aor = scannedAor(data, matching) ?? parsedAor(data, matching);
  return aor === null ? 0 : hash(aor) % shards;
}

/** The AOR key from the To header found by the byte scan, or null when the scan is not sure. */
export function scannedAor(data: Uint8Array, matching: AorMatching): string | null {
  const value = toValue(data);
  if (value === null) return null;
  const uri = uriOf(value);
  if (uri === null) return null;
  const reading = aorFromText(uri, matching);
  return reading.ok ? reading.aor : null;
}

/** The text of the one-line To header value, or null (none, folded, or the header section ends first). */
function toValue(data: Uint8Array): string | null {
  const end = data.length;
  // Past the start line: headers begin after its LF.
  let at = data.indexOf(LF) + 1;
  while (at > 0 && at < end) {
    const lineEnd = data.indexOf(LF, at);
    if (lineEnd === -1) return null;
    const contentEnd = lineEnd > at && data[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (contentEnd === at) return null; // the empty line: no To
    const colon = toColon(data, at, contentEnd);
    if (colon !== -1) {
      const next = data[lineEnd + 1];
      if (next === SP || next === HTAB) return null; // folded: the parser knows how to read it
      return Buffer.from(data.buffer, data.byteOffset + colon + 1, contentEnd - colon - 1).toString("utf8").trim();
    }
    at = lineEnd + 1;
  }
  return null;
}

/** Where the colon of a `To` or `t` header line starting at `at` is, or -1 for any other line. */
function toColon(data: Uint8Array, at: number, end: number): number {
  const first = data[at]! | 0x20;
  if (first !== 0x74) return -1; // t
  let name = at + 1;
  if (name < end && (data[name]! | 0x20) === 0x6f) name++; // o
  let colon = name;
  while (colon < end && (data[colon] === SP || data[colon] === HTAB)) colon++;
  return colon < end && data[colon] === COLON ? colon : -1;
}

/** The URI of a name-addr or addr-spec header value (RFC 3261 §20.39), or null. */
function uriOf(value: string): string | null {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "<") {
      const close = value.indexOf(">", i + 1);
      return close === -1 ? null : value.slice(i + 1, close);
    }
  }
  if (quoted) return null;
  // An addr-spec: its header parameters start at the first semicolon (RFC 3261 §20).
  const semicolon = value.indexOf(";");
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim();
}

function parsedAor(data: Uint8Array, matching: AorMatching): string | null {
  try {
    const reading = aorOf(getTo(parseMessage(data)).uri, matching);
    return reading.ok ? reading.aor : null;
  } catch (error) {
    if (error instanceof SipParseError) return null;
    throw error;
  }
}

/** FNV-1a over the key's UTF-16 code units: cheap, and spreads user1..userN evenly. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
