/**
 * Typed access to a message's headers. Each accessor parses the raw values when called (no cache:
 * headers can be edited, and one parse per use is cheap). A malformed value throws a
 * `SipParseError` whose message names the header and quotes its value (the first 80 characters);
 * the offset is the byte offset within that value (0 for a missing or repeated header). A
 * single-valued header (From, To, Call-ID, CSeq, ...) present more than once is malformed too
 * (RFC 3261 §7.3.1 allows repetition only for comma-list headers).
 */
import { equalsIgnoreCase } from "./abnf.js";
import { scanAuthValues } from "./auth-value.js";
import { SipParseError, toByteOffsets } from "./errors.js";
import { canonicalHeaderName, isListHeader } from "./header-names.js";
import type { AuthValue, ContactList, CSeq, NameAddr, RetryAfter, SipHeader, SipMessage, Via } from "./message.js";
import { scanNameAddr, scanNameAddrList, scanTag } from "./name-addr.js";
import { scanRetryAfter } from "./retry-after.js";
import { scanCallId, scanCSeq, scanExpires, scanMaxForwards, scanMinExpires } from "./scalars.js";
import { splitList } from "./split-list.js";
import { scanVias } from "./via.js";

export type AuthHeaderName = "WWW-Authenticate" | "Proxy-Authenticate" | "Authorization" | "Proxy-Authorization";

/**
 * Header name match. Parsed and built messages hold canonical names, so the first comparison
 * nearly always decides; the rest covers names written by hand in another case or compact form.
 */
export function headerNameIs(headerName: string, canonical: string): boolean {
  if (headerName === canonical) return true;
  if (headerName.length === canonical.length) return equalsIgnoreCase(headerName, canonical);
  return headerName.length === 1 && canonicalHeaderName(headerName) === canonical;
}

/** Every header with this name (case-insensitive, compact forms included), in order. */
export function findHeaders(message: SipMessage, name: string): SipHeader[] {
  const canonical = canonicalHeaderName(name);
  const found: SipHeader[] = [];
  for (const header of message.headers) {
    if (headerNameIs(header.name, canonical)) found.push(header);
  }
  return found;
}

/** The raw value of the first header with this name, or null. */
export function headerValue(message: SipMessage, name: string): string | null {
  const canonical = canonicalHeaderName(name);
  for (const header of message.headers) {
    if (headerNameIs(header.name, canonical)) return header.value;
  }
  return null;
}

/**
 * Every value of this header in order. Known comma-list headers (Via, Contact, Route, Allow, ...)
 * are split into their elements, respecting quotes and `<>`; other headers give one value each.
 */
export function headerValues(message: SipMessage, name: string): string[] {
  const canonical = canonicalHeaderName(name);
  const list = isListHeader(canonical);
  const values: string[] = [];
  for (const header of message.headers) {
    if (!headerNameIs(header.name, canonical)) continue;
    if (list) {
      for (const element of typed(header, splitList)) values.push(element);
    } else {
      values.push(header.value);
    }
  }
  return values;
}

/** Sets a header: replaces the first one of that name in place and removes the others, or appends. */
export function setHeader(message: SipMessage, name: string, value: string): void {
  const canonical = canonicalHeaderName(name);
  let index = -1;
  for (let i = 0; i < message.headers.length; i++) {
    if (!headerNameIs(message.headers[i]!.name, canonical)) continue;
    if (index === -1) {
      index = i;
      message.headers[i] = { name: canonical, value };
    } else {
      message.headers.splice(i, 1);
      i--;
    }
  }
  if (index === -1) message.headers.push({ name: canonical, value });
}

/** Appends a header (default), or inserts it at `index`, with its name in the usual spelling. */
export function addHeader(message: SipMessage, name: string, value: string, index?: number): void {
  const header = { name: canonicalHeaderName(name), value };
  if (index === undefined) message.headers.push(header);
  else message.headers.splice(index, 0, header);
}

/** Removes every header with this name; returns how many there were. */
export function removeHeader(message: SipMessage, name: string): number {
  const canonical = canonicalHeaderName(name);
  const before = message.headers.length;
  message.headers = message.headers.filter((header) => !headerNameIs(header.name, canonical));
  return before - message.headers.length;
}

/** Runs a `scan*` parser on a header's value; errors name the header and give byte offsets. */
function typed<T>(header: SipHeader, scan: (text: string) => T): T {
  try {
    return scan(header.value);
  } catch (error) {
    const value = header.value.length > 80 ? header.value.slice(0, 80) + "..." : header.value;
    throw toByteOffsets(error, header.value, `${header.name} header '${value}'`);
  }
}

/** The one header of a single-valued kind; null when absent, an error when repeated. */
function single(message: SipMessage, canonical: string): SipHeader | null {
  let found: SipHeader | null = null;
  for (const header of message.headers) {
    if (!headerNameIs(header.name, canonical)) continue;
    if (found !== null) throw new SipParseError(`more than one ${canonical} header`, 0);
    found = header;
  }
  return found;
}

function required(message: SipMessage, canonical: string): SipHeader {
  const header = single(message, canonical);
  if (header === null) throw new SipParseError(`missing ${canonical} header`, 0);
  return header;
}

/** All Via values, top first, across every Via header (RFC 3261 §20.42). */
export function getVias(message: SipMessage): Via[] {
  let vias: Via[] | null = null;
  for (const header of message.headers) {
    if (!headerNameIs(header.name, "Via")) continue;
    const list = typed(header, scanVias);
    if (vias === null) vias = list;
    else for (const via of list) vias.push(via);
  }
  return vias ?? [];
}

/** From (RFC 3261 §20.20); required. */
export function getFrom(message: SipMessage): NameAddr {
  return typed(required(message, "From"), scanNameAddr);
}

/** To (RFC 3261 §20.39); required. */
export function getTo(message: SipMessage): NameAddr {
  return typed(required(message, "To"), scanNameAddr);
}

/**
 * The From tag (RFC 3261 §19.3), or null; From is required. What a transaction or dialog matches
 * on, read without parsing the From URI: equal to `getTag(getFrom(message))` whenever `getFrom`
 * succeeds, with the same errors for a missing or repeated From or malformed header parameters.
 */
export function getFromTag(message: SipMessage): string | null {
  return typed(required(message, "From"), scanTag);
}

/** The To tag, as `getFromTag` reads the From tag. */
export function getToTag(message: SipMessage): string | null {
  return typed(required(message, "To"), scanTag);
}

/** Call-ID (RFC 3261 §20.8); required. */
export function getCallId(message: SipMessage): string {
  return typed(required(message, "Call-ID"), scanCallId);
}

/** CSeq (RFC 3261 §20.16); required. */
export function getCSeq(message: SipMessage): CSeq {
  return typed(required(message, "CSeq"), scanCSeq);
}

/** Max-Forwards (RFC 3261 §20.22), or null when absent. */
export function getMaxForwards(message: SipMessage): number | null {
  const header = single(message, "Max-Forwards");
  return header === null ? null : typed(header, scanMaxForwards);
}

/**
 * Every Contact across all Contact headers (RFC 3261 §20.10), or the wildcard; no Contact at all
 * gives an empty list. Throws SipParseError for a Contact that does not parse, or a `*` that is not
 * alone (§10.2.2).
 */
export function getContacts(message: SipMessage): ContactList {
  let contacts: NameAddr[] | null = null;
  let wildcard = false;
  let count = 0;
  for (const header of message.headers) {
    if (!headerNameIs(header.name, "Contact")) continue;
    count++;
    if (header.value === "*") {
      wildcard = true;
      continue;
    }
    const list = typed(header, scanNameAddrList);
    if (contacts === null) contacts = list;
    else for (const contact of list) contacts.push(contact);
  }
  if (!wildcard) return { wildcard: false, contacts: contacts ?? [] };
  if (count > 1) throw new SipParseError("Contact '*' must be the only Contact value", 0);
  return { wildcard: true };
}

/** Expires (RFC 3261 §20.19) in seconds, or null when absent. */
export function getExpires(message: SipMessage): number | null {
  const header = single(message, "Expires");
  return header === null ? null : typed(header, scanExpires);
}

/** Min-Expires (RFC 3261 §20.23) in seconds, or null when absent. */
export function getMinExpires(message: SipMessage): number | null {
  const header = single(message, "Min-Expires");
  return header === null ? null : typed(header, scanMinExpires);
}

/** Retry-After (RFC 3261 §20.33), or null when absent. */
export function getRetryAfter(message: SipMessage): RetryAfter | null {
  const header = single(message, "Retry-After");
  return header === null ? null : typed(header, scanRetryAfter);
}

/** Every challenge or credentials of this header kind, in order (several headers, or several per header). */
export function getAuthValues(message: SipMessage, name: AuthHeaderName): AuthValue[] {
  let values: AuthValue[] | null = null;
  for (const header of message.headers) {
    if (!headerNameIs(header.name, name)) continue;
    const list = typed(header, scanAuthValues);
    if (values === null) values = list;
    else for (const value of list) values.push(value);
  }
  return values ?? [];
}
