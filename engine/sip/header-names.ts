/**
 * Header names: the usual spelling of known headers, compact forms (RFC 3261 §7.3.3 and the
 * extensions that define one), and which headers carry comma-separated lists.
 */

/**
 * Headers whose grammar is a comma-separated list (`#element` or `*(COMMA element)` in RFC 3261
 * §25.1 and the defining RFCs). Not lists, although their values contain commas: the
 * authentication headers (RFC 3261 §25.1 challenge/credentials), Date, Retry-After and the free
 * text headers, listed in SINGLE_VALUE_NAMES. Unknown headers are never split.
 */
const LIST_NAMES = [
  "Accept",
  "Accept-Contact",
  "Accept-Encoding",
  "Accept-Language",
  "Alert-Info",
  "Allow",
  "Allow-Events",
  "Call-Info",
  "Contact",
  "Content-Encoding",
  "Content-Language",
  "Error-Info",
  "In-Reply-To",
  "P-Asserted-Identity",
  "P-Preferred-Identity",
  "Path",
  "Proxy-Require",
  "Reason",
  "Record-Route",
  "Reject-Contact",
  "Request-Disposition",
  "Require",
  "Route",
  "Security-Client",
  "Security-Server",
  "Security-Verify",
  "Service-Route",
  "Supported",
  "Unsupported",
  "Via",
  "Warning",
] as const;

/** Known headers with one value each (or whose values contain commas that do not separate). */
const SINGLE_VALUE_NAMES = [
  "Authentication-Info",
  "Authorization",
  "Call-ID",
  "Content-Disposition",
  "Content-Length",
  "Content-Type",
  "CSeq",
  "Date",
  "Event",
  "Expires",
  "Flow-Timer",
  "From",
  "Identity",
  "Max-Forwards",
  "MIME-Version",
  "Min-Expires",
  "Min-SE",
  "Organization",
  "Priority",
  "Privacy",
  "Proxy-Authenticate",
  "Proxy-Authorization",
  "RAck",
  "Refer-To",
  "Referred-By",
  "Replaces",
  "Reply-To",
  "Retry-After",
  "RSeq",
  "Server",
  "Session-Expires",
  "Subject",
  "Subscription-State",
  "Timestamp",
  "To",
  "User-Agent",
  "WWW-Authenticate",
] as const;

const KNOWN_NAMES = [...LIST_NAMES, ...SINGLE_VALUE_NAMES] as const;

/**
 * Compact forms: RFC 3261 §7.3.3 (i m e l c f s k t v), RFC 6665 (o Event, u Allow-Events),
 * RFC 3515 (r Refer-To), RFC 3892 (b Referred-By), RFC 3841 (a Accept-Contact, j Reject-Contact,
 * d Request-Disposition), RFC 4028 (x Session-Expires), RFC 8224 (y Identity).
 */
const COMPACT_FORMS: Record<string, (typeof KNOWN_NAMES)[number]> = {
  i: "Call-ID",
  m: "Contact",
  e: "Content-Encoding",
  l: "Content-Length",
  c: "Content-Type",
  f: "From",
  s: "Subject",
  k: "Supported",
  t: "To",
  v: "Via",
  o: "Event",
  u: "Allow-Events",
  r: "Refer-To",
  b: "Referred-By",
  a: "Accept-Contact",
  j: "Reject-Contact",
  d: "Request-Disposition",
  x: "Session-Expires",
  y: "Identity",
};

const LIST_HEADERS: ReadonlySet<string> = new Set<string>(LIST_NAMES);

/** Exact spellings first (no allocation on the common path), then lowercase. */
const BY_SPELLING = new Map<string, string>();
const BY_LOWERCASE = new Map<string, string>();
/**
 * For `knownHeaderNameAt`: [spelling, canonical] pairs bucketed by length and lowercase first
 * char, so that a name in a message is recognised without slicing it out first.
 */
const BUCKETS: Array<Array<readonly [string, string]> | undefined> = [];
const BUCKET_LENGTH_MAX = 31;

function bucketKey(length: number, firstChar: number): number {
  const lower = firstChar >= 0x41 && firstChar <= 0x5a ? firstChar | 0x20 : firstChar;
  return (length << 7) | (lower & 0x7f);
}

function addSpelling(spelling: string, canonical: string): void {
  BY_SPELLING.set(spelling, canonical);
  BY_LOWERCASE.set(spelling.toLowerCase(), canonical);
  const key = bucketKey(spelling.length, spelling.charCodeAt(0));
  (BUCKETS[key] ??= []).push([spelling, canonical]);
}

for (const name of KNOWN_NAMES) addSpelling(name, name);
for (const [compact, name] of Object.entries(COMPACT_FORMS)) addSpelling(compact, name);

/**
 * The full name in its usual spelling for a known header or compact form (`v`, `VIA` → `Via`);
 * any other name as written. Header names are case-insensitive (RFC 3261 §7.3.1).
 */
export function canonicalHeaderName(name: string): string {
  return BY_SPELLING.get(name) ?? BY_LOWERCASE.get(name.toLowerCase()) ?? name;
}

/** The canonical name if `s[start, end)` is a known header name or compact form, else null. */
export function knownHeaderNameAt(s: string, start: number, end: number): string | null {
  const length = end - start;
  if (length > BUCKET_LENGTH_MAX || length === 0) return null;
  const bucket = BUCKETS[bucketKey(length, s.charCodeAt(start))];
  if (bucket === undefined) return null;
  for (let k = 0; k < bucket.length; k++) {
    const entry = bucket[k]!;
    if (equalsIgnoreCaseAt(s, start, entry[0])) return entry[1];
  }
  return null;
}

function equalsIgnoreCaseAt(s: string, start: number, spelling: string): boolean {
  for (let i = 0; i < spelling.length; i++) {
    const x = s.charCodeAt(start + i);
    const y = spelling.charCodeAt(i);
    if (x === y) continue;
    if ((x | 0x20) !== (y | 0x20) || (y | 0x20) < 0x61 || (y | 0x20) > 0x7a) return false;
  }
  return true;
}

/** True when a header is known to be a comma-separated list. */
export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(canonicalHeaderName(name));
}

/** Header name equality: case-insensitive, compact forms equal to their full names. */
export function sameHeaderName(a: string, b: string): boolean {
  return a === b || canonicalHeaderName(a).toLowerCase() === canonicalHeaderName(b).toLowerCase();
}
