/**
 * URI equivalence, RFC 3261 §19.1.4, as ../spec/uac-registrant.md §4.1 applies it to find our
 * binding among the Contacts of a 200 OK.
 */
import { equalsIgnoreCase } from "./abnf.js";
import { comparableOctets } from "./escape.js";
import { canonicalHeaderName } from "./header-names.js";
import type { Params, SipUri, TelUri, Uri } from "./message.js";

/**
 * URI parameters that must be both absent or equal. RFC 3261 §19.1.4 names transport, ttl, user,
 * method and maddr; the spec (§4.1, after OpenSIPS) adds lr, r2, gr and the RFC 8599
 * push-notification parameters.
 */
const MUST_MATCH_PARAMS = new Set([
  "transport",
  "ttl",
  "user",
  "method",
  "maddr",
  "lr",
  "r2",
  "gr",
  "pn-provider",
  "pn-prid",
  "pn-param",
  "pn-purr",
]);

/** True when two URIs are equivalent: sip/sips by §19.1.4, tel by RFC 3966 §4, others by scheme and unescaped text. */
export function compareUris(a: Uri, b: Uri): boolean {
  if (a.kind === "sip" && b.kind === "sip") return compareSip(a, b);
  if (a.kind === "tel" && b.kind === "tel") return compareTel(a, b);
  if (a.kind === "absolute" && b.kind === "absolute") {
    return a.scheme === b.scheme && comparableOctets(a.opaque) === comparableOctets(b.opaque);
  }
  return false;
}

function compareSip(a: SipUri, b: SipUri): boolean {
  // "A SIP and SIPS URI are never equivalent."
  if (a.scheme !== b.scheme) return false;
  // "Comparison of the userinfo of SIP and SIPS URIs is case-sensitive"; escapes are decoded
  // first because "characters other than those in the reserved set are equivalent to their
  // %-encoding" (and only those: `%3B` is not `;`).
  if (!sameOptional(a.user, b.user, false)) return false;
  if (!sameOptional(a.password, b.password, false)) return false;
  // Host is case-insensitive; an IP address never matches a host name.
  if (a.hostKind !== b.hostKind) return false;
  if (a.hostKind === "ipv6") {
    if (normalizeIPv6(a.host) !== normalizeIPv6(b.host)) return false;
  } else if (!equalsIgnoreCase(a.host, b.host)) {
    return false;
  }
  // "A URI omitting the optional port component will not match a URI explicitly declaring port 5060."
  if (a.port !== b.port) return false;
  if (!compareUriParams(a.params, b.params)) return false;
  return compareUriHeaders(a.headers, b.headers);
}

/** Both absent, or equal after unescaping all but the reserved characters (case-insensitively when `ignoreCase`). */
function sameOptional(a: string | null, b: string | null, ignoreCase: boolean): boolean {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  const x = comparableOctets(a);
  const y = comparableOctets(b);
  return ignoreCase ? equalsIgnoreCase(x, y) : x === y;
}

/**
 * "Any uri-parameter appearing in both URIs must match"; the must-match ones appearing in only one
 * never match; "all other uri-parameters appearing in only one URI are ignored". Names and values
 * compare case-insensitively after unescaping.
 */
function compareUriParams(a: Params, b: Params): boolean {
  if (sameParams(a, b)) return true;
  const left = paramMap(a);
  const right = paramMap(b);
  for (const [name, value] of left) {
    const other = right.get(name);
    if (other === undefined) {
      if (MUST_MATCH_PARAMS.has(name)) return false;
      continue;
    }
    if (!sameOptional(value, other, true)) return false;
  }
  for (const name of right.keys()) {
    if (!left.has(name) && MUST_MATCH_PARAMS.has(name)) return false;
  }
  return true;
}

/** The same names and values in the same order, as written: equal without building maps. */
function sameParams(a: Params, b: Params): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

/** Lowercase unescaped name → value; the first of repeated names wins. */
function paramMap(params: Params): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const [name, value] of params) {
    const key = comparableOctets(name).toLowerCase();
    if (!map.has(key)) map.set(key, value);
  }
  return map;
}

/**
 * "URI header components are never ignored. Any present header component MUST be present in both
 * URIs and match." Names compare as header names (case-insensitive, compact forms expanded);
 * values compare after unescaping (all but reserved characters), case-sensitively (the safe reading for free text such as
 * Subject). Order does not matter.
 */
function compareUriHeaders(a: Params, b: Params): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const key = ([name, value]: [string, string | null]): string =>
    canonicalHeaderName(comparableOctets(name)).toLowerCase() + "\n" + comparableOctets(value ?? "");
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((entry, i) => entry === right[i]);
}

/**
 * RFC 3966 §4: tel URIs are equal when the numbers are equal once visual separators are removed
 * (case-insensitively, for hex digits) and the same parameters appear in both, with equal values.
 */
function compareTel(a: TelUri, b: TelUri): boolean {
  if (stripSeparators(a.number) !== stripSeparators(b.number)) return false;
  const left = paramMap(a.params);
  const right = paramMap(b.params);
  if (left.size !== right.size) return false;
  for (const [name, value] of left) {
    const other = right.get(name);
    if (other === undefined || !sameOptional(value, other, true)) return false;
  }
  return true;
}

function stripSeparators(number: string): string {
  let out = "";
  for (let i = 0; i < number.length; i++) {
    const c = number[i]!;
    if (c !== "-" && c !== "." && c !== "(" && c !== ")") out += c;
  }
  return out.toLowerCase();
}

/**
 * Writes a bracketed IPv6 address as eight lowercase groups without leading zeros, so that
 * `[::1]` and `[0:0:0:0:0:0:0:1]` compare equal (RFC 5954 §4.1 leaves this equivalence to the
 * address, not its spelling). An embedded IPv4 tail becomes two groups.
 */
function normalizeIPv6(host: string): string {
  let text = host.slice(1, -1).toLowerCase();
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const octets = tail.split(".").map(Number);
    const high = ((octets[0] ?? 0) << 8) | (octets[1] ?? 0);
    const low = ((octets[2] ?? 0) << 8) | (octets[3] ?? 0);
    text = text.slice(0, lastColon + 1) + high.toString(16) + ":" + low.toString(16);
  }
  const halves = text.split("::");
  const head = halves[0] === "" ? [] : (halves[0] ?? "").split(":");
  const rest = halves.length > 1 ? (halves[1] === "" ? [] : (halves[1] ?? "").split(":")) : [];
  const zeros = new Array<string>(Math.max(0, 8 - head.length - rest.length)).fill("0");
  const groups = halves.length > 1 ? [...head, ...zeros, ...rest] : head;
  return groups.map((group) => parseInt(group, 16).toString(16)).join(":");
}
