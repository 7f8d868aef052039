/**
 * The SIP message model shared by the codec, digest, transactions, the engine and the simulator.
 *
 * A parsed message keeps every header in wire order as a raw (unfolded, trimmed) value; typed
 * views (Via, From/To, CSeq, Contact, challenges, ...) are read through the accessors in
 * `headers.ts`, which parse on first use. Messages built by uacreg use the same model, so one
 * serializer writes both.
 */

/** Parameters in written order; a flag parameter (`;lr`) has the value `null`. Names as written. */
export type Params = Array<[name: string, value: string | null]>;

export interface SipUri {
  readonly kind: "sip";
  scheme: "sip" | "sips";
  /** As written, %-escapes kept, so that serializing gives the same text back. */
  user: string | null;
  password: string | null;
  /** As written; an IPv6 reference keeps its brackets (`[2001:db8::1]`). */
  host: string;
  hostKind: "domain" | "ipv4" | "ipv6";
  port: number | null;
  params: Params;
  headers: Params;
}

export interface TelUri {
  readonly kind: "tel";
  scheme: "tel";
  /** The global or local number as written (`+1-201-555-0123`). */
  number: string;
  params: Params;
}

/** Any other scheme (`urn:`, `tels:`, unknown), kept whole. */
export interface AbsoluteUri {
  readonly kind: "absolute";
  /** Lowercase. */
  scheme: string;
  /** Everything after `scheme:`, as written. */
  opaque: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

/** name-addr or addr-spec with header parameters (From, To, Contact, Route, ...). */
export interface NameAddr {
  /** Unquoted, with quoted-pair escapes resolved; `null` when absent. */
  displayName: string | null;
  uri: Uri;
  /** Header parameters (after the URI), e.g. `tag`, `expires`, `+sip.instance`. */
  params: Params;
}

export interface Via {
  /** `SIP/2.0`. */
  protocolVersion: string;
  /** Transport as written, e.g. `UDP`, `TCP`, `TLS`, `WS`. */
  transport: string;
  /** sent-by host as written (IPv6 with brackets). */
  host: string;
  port: number | null;
  params: Params;
}

export interface CSeq {
  seq: number;
  method: string;
}

/** A `Contact:` list, or the wildcard `Contact: *`. */
export type ContactList = { wildcard: true } | { wildcard: false; contacts: NameAddr[] };

/**
 * One WWW-Authenticate / Proxy-Authenticate / Authorization / Proxy-Authorization value.
 * `params` keys are lowercase; values are unquoted (quoted-pairs resolved).
 */
export interface AuthValue {
  /** Auth scheme as written (`Digest`). */
  scheme: string;
  params: Map<string, string>;
}

/** A Retry-After value (RFC 3261 §20.33): `120 (in a meeting);duration=3600`. */
export interface RetryAfter {
  seconds: number;
  /** The comment's text without its outer parentheses, as written; `null` when absent. */
  comment: string | null;
  /** The `duration` parameter in seconds; `null` when absent. */
  duration: number | null;
  /** All parameters as written, `duration` included. */
  params: Params;
}

export interface SipHeader {
  /** The full name in its usual spelling (`Via`, `Call-ID`, `WWW-Authenticate`); compact forms are expanded; unknown names as written. */
  name: string;
  /** Unfolded (LWS folding replaced by one space), leading and trailing whitespace removed. */
  value: string;
}

interface MessageBase {
  headers: SipHeader[];
  body: Uint8Array;
}

export interface SipRequest extends MessageBase {
  readonly kind: "request";
  method: string;
  uri: Uri;
}

export interface SipResponse extends MessageBase {
  readonly kind: "response";
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;
