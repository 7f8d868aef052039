/**
 * Via (RFC 3261 §20.42, §25.1):
 *   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by = host [ COLON port ]
 */
import { CHAR_CLASS, GEN_VALUE, TOKEN, classChars } from "./abnf.js";
import { withByteOffsets } from "./errors.js";
import type { Via } from "./message.js";
import { findParam, formatParams } from "./params.js";
import { scanHost, scanPlainHost, scanPort } from "./parse-uri.js";
import { Scanner } from "./scanner.js";

const SLASH = 0x2f;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Parses one Via header value (a comma-separated list of via-parms). */
export function parseVias(text: string): Via[] {
  return withByteOffsets(text, scanVias);
}

/** `parseVias` with character indexes in errors. */
export function scanVias(text: string): Via[] {
  const scanner = new Scanner(text);
  const list: Via[] = [];
  for (;;) {
    list.push(readPatternVia(scanner) ?? readPlainVia(scanner) ?? readVia(scanner));
    scanner.skipWs();
    if (scanner.atEnd()) return list;
    scanner.expect(COMMA, "between Via values");
  }
}

const SP = 0x20;
const HTAB = 0x09;
const SIP_2_0 = "SIP/2.0";

const TOKEN_CHARS = classChars(TOKEN);
/** More parameters than any Via in the wild carries; see VIA_PATTERN. */
const PATTERN_PARAMS_MAX = 32;
/**
 * The usual Via in one native match: `SIP/2.0/transport SP host[:port]` and the parameters in the
 * shape `plainParam` reads, captured as transport, host, port and the parameter run. The host is
 * a run of hostname characters, checked by `scanPlainHost` afterwards. After the host comes a
 * port of at most five digits, or nothing that `readPlainVia` would decline (':', whitespace).
 * A parameter is `;name=value` or a `;flag` not followed by '=' or whitespace, exactly what
 * `plainParam` accepts. Each lookahead also excludes the run before it, so that a failed one
 * cannot be met by giving back characters of that run: nothing backtracks, the match is linear.
 * At most PATTERN_PARAMS_MAX parameters are matched: the regex engine keeps a backtracking entry
 * per repetition of a group, and millions of them overflowed its stack (a RangeError, not a
 * SipParseError); the scanner reads any further ones.
 */
const VIA_PATTERN = new RegExp(
  `[ \\t]*SIP/2\\.0/([${TOKEN_CHARS}]+)[ \\t]+([A-Za-z0-9_.\\-]+)(?::([0-9]{1,5})(?![0-9])|(?![:A-Za-z0-9_.\\- \\t]))` +
    `((?:;[${TOKEN_CHARS}]+(?:=[${classChars(GEN_VALUE)}]+|(?![=${TOKEN_CHARS} \\t]))){0,${PATTERN_PARAMS_MAX}})`,
  "y",
);

/**
 * `readPlainVia` with one regex match instead of character loops: null, the scanner unmoved, for
 * anything the pattern does not cover; otherwise the Via and cursor `readPlainVia` would give.
 * Parameters after the matched run (a quoted value, whitespace) are read by the scanner.
 */
export function readPatternVia(scanner: Scanner): Via | null {
  const s = scanner.s;
  VIA_PATTERN.lastIndex = scanner.i;
  const match = VIA_PATTERN.exec(s);
  if (match === null) return null;
  const matchEnd = VIA_PATTERN.lastIndex;
  if (matchEnd > scanner.end) return null;
  const host = match[2]!;
  const paramText = match[4]!;
  const hostStart = matchEnd - paramText.length - (match[3] === undefined ? 0 : match[3].length + 1) - host.length;
  const checked = scanPlainHost(s, hostStart, scanner.end);
  if (checked === null || checked.end !== hostStart + host.length) return null;
  let port: number | null = null;
  if (match[3] !== undefined) {
    port = Number(match[3]);
    if (port > 65535) return null;
  }
  const via: Via = { protocolVersion: SIP_2_0, transport: match[1]!, host, port, params: [] };
  // The run holds only ';', '=' and characters of neither, so the separators split it. The next
  // '=' is kept across flags, so that a long run of them is not searched again for each one.
  const params = via.params;
  let semi = 0;
  let equal = -2;
  while (semi < paramText.length) {
    let next = paramText.indexOf(";", semi + 1);
    if (next === -1) next = paramText.length;
    if (equal !== -1 && equal < semi) equal = paramText.indexOf("=", semi + 1);
    if (equal !== -1 && equal < next) params.push([paramText.slice(semi + 1, equal), paramText.slice(equal + 1, next)]);
    else params.push([paramText.slice(semi + 1, next), null]);
    semi = next;
  }
  scanner.i = matchEnd;
  scanner.params(params, "Via");
  return via;
}

/**
 * The usual shape, `SIP/2.0/transport SP host[:port]` (then parameters), read without the
 * general scanner's steps; null, with the scanner unmoved, for anything else, which `readVia`
 * then reads from the same place. Where it returns a Via, it is the one `readVia` would return
 * and the scanner is where `readVia` would leave it: the parameters are read by the same code.
 */
export function readPlainVia(scanner: Scanner): Via | null {
  const s = scanner.s;
  const end = scanner.end;
  let i = scanner.i;
  while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === HTAB)) i++;
  if (i + 8 > end || !s.startsWith("SIP/2.0/", i)) return null;
  const transportStart = i + 8;
  i = transportStart;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c]! & TOKEN) === 0) break;
    i++;
  }
  const transportEnd = i;
  while (i < end && (s.charCodeAt(i) === SP || s.charCodeAt(i) === HTAB)) i++;
  if (transportEnd === transportStart || i === transportEnd) return null;
  const hostStart = i;
  const host = scanPlainHost(s, hostStart, end);
  if (host === null) return null;
  i = host.end;
  let port: number | null = null;
  const next = i < end ? s.charCodeAt(i) : -1;
  if (next === COLON) {
    // port = 1*DIGIT, at most 65535: five digits at most here, longer ones go the general way.
    const portStart = i + 1;
    let value = 0;
    i = portStart;
    while (i < end && i - portStart < 6) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + c - 0x30;
      i++;
    }
    if (i === portStart || i - portStart > 5 || value > 65535) return null;
    port = value;
  } else if (next === SP || next === HTAB) {
    return null;
  }
  scanner.i = i;
  const via: Via = {
    protocolVersion: SIP_2_0,
    transport: s.slice(transportStart, transportEnd),
    host: s.slice(hostStart, host.end),
    port,
    params: [],
  };
  scanner.params(via.params, "Via");
  return via;
}

export function readVia(scanner: Scanner): Via {
  scanner.skipWs();
  const name = scanner.token("a protocol name");
  scanner.skipWs();
  scanner.expect(SLASH, "after the protocol name");
  scanner.skipWs();
  const version = scanner.token("a protocol version");
  scanner.skipWs();
  scanner.expect(SLASH, "after the protocol version");
  scanner.skipWs();
  const transport = scanner.token("a transport");
  if (scanner.skipWs() === 0) scanner.fail(`expected whitespace before sent-by, found ${scanner.found()}`);
  const s = scanner.s;
  const hostStart = scanner.i;
  const host = scanHost(s, hostStart, scanner.end);
  scanner.i = host.end;
  let port: number | null = null;
  const save = scanner.i;
  scanner.skipWs();
  if (scanner.peek() === COLON) {
    scanner.i++;
    scanner.skipWs();
    const portEnd = scanPort(s, scanner.i, scanner.end);
    port = Number(s.slice(scanner.i, portEnd));
    scanner.i = portEnd;
  } else {
    scanner.i = save;
  }
  const via: Via = {
    protocolVersion: name + "/" + version,
    transport,
    host: s.slice(hostStart, host.end),
    port,
    params: [],
  };
  scanner.params(via.params, "Via");
  return via;
}

/** `SIP/2.0/UDP host:port;params` */
export function formatVia(via: Via): string {
  const port = via.port === null ? "" : ":" + via.port;
  return via.protocolVersion + "/" + via.transport + " " + via.host + port + formatParams(via.params);
}

/** The branch parameter (RFC 3261 §8.1.1.7), or null. */
export function viaBranch(via: Via): string | null {
  return findParam(via.params, "branch")?.[1] ?? null;
}

/** The received parameter (RFC 3261 §18.2.1), or null. */
export function viaReceived(via: Via): string | null {
  return findParam(via.params, "received")?.[1] ?? null;
}

/**
 * The rport parameter (RFC 3581 §4): `true` when present without a value (a request asking for
 * it), the port number when filled in (a response), `null` when absent or not a valid port.
 */
export function viaRport(via: Via): number | true | null {
  const param = findParam(via.params, "rport");
  if (param === undefined) return null;
  const value = param[1];
  if (value === null) return true;
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}
