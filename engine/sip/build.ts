/** Building messages to send: requests, responses, and responses copied from a request. */
import { canonicalHeaderName } from "./header-names.js";
import { findHeaders } from "./headers.js";
import type { SipHeader, SipRequest, SipResponse, Uri } from "./message.js";

/** Headers as `[name, value]` pairs in wire order; names may be in any case or compact form. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export interface RequestInit {
  method: string;
  uri: Uri;
  headers?: HeaderList;
  /** A string is encoded as UTF-8. */
  body?: Uint8Array | string;
}

export interface ResponseInit {
  status: number;
  /** Defaults to the RFC 3261 §21 phrase for the status. */
  reason?: string;
  headers?: HeaderList;
  body?: Uint8Array | string;
}

/** A request to send; `headers` default to none and `body` to empty (a string is sent as UTF-8). */
export function createRequest(init: RequestInit): SipRequest {
  return {
    kind: "request",
    method: init.method,
    uri: init.uri,
    headers: toHeaders(init.headers),
    body: toBody(init.body),
  };
}

/** A response to send; `reason` defaults to the RFC 3261 §21 phrase, `headers` to none, `body` to empty. */
export function createResponse(init: ResponseInit): SipResponse {
  return {
    kind: "response",
    status: init.status,
    reason: init.reason ?? reasonPhrase(init.status),
    headers: toHeaders(init.headers),
    body: toBody(init.body),
  };
}

/** Headers RFC 3261 §8.2.6.2 copies from a request into its response, in this order. */
const COPIED = ["Via", "From", "To", "Call-ID", "CSeq"] as const;

/**
 * A response to `request` (RFC 3261 §8.2.6.2): every Via in order, From, To, Call-ID and CSeq
 * copied, then `init.headers`; `reason` and `body` default as in createResponse. Adding a To tag is
 * the caller's job (§8.2.6.2: only when the request's To had none).
 */
export function createResponseTo(request: SipRequest, init: ResponseInit): SipResponse {
  const copied: SipHeader[] = [];
  for (const name of COPIED) {
    for (const header of findHeaders(request, name)) copied.push({ name, value: header.value });
  }
  const response = createResponse(init);
  // push, not concat: Array.prototype.concat is a slow builtin, and every response passes here.
  for (const header of response.headers) copied.push(header);
  response.headers = copied;
  return response;
}

function toHeaders(headers: HeaderList | undefined): SipHeader[] {
  if (headers === undefined) return [];
  return headers.map(([name, value]) => ({ name: canonicalHeaderName(name), value }));
}

function toBody(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === "string" ? new Uint8Array(Buffer.from(body, "utf8")) : body;
}

/** RFC 3261 §21 reason phrases (plus 429, 439, 469, 470, 489, 494, 580, 607, 608 from later RFCs). */
const REASONS: Record<number, string> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  199: "Early Dialog Terminated",
  200: "OK",
  202: "Accepted",
  204: "No Notification",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  305: "Use Proxy",
  380: "Alternative Service",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  410: "Gone",
  412: "Conditional Request Failed",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  417: "Unknown Resource-Priority",
  420: "Bad Extension",
  421: "Extension Required",
  422: "Session Interval Too Small",
  423: "Interval Too Brief",
  428: "Use Identity Header",
  429: "Provide Referrer Identity",
  430: "Flow Failed",
  433: "Anonymity Disallowed",
  436: "Bad Identity-Info",
  437: "Unsupported Certificate",
  438: "Invalid Identity Header",
  439: "First Hop Lacks Outbound Support",
  440: "Max-Breadth Exceeded",
  469: "Bad Info Package",
  470: "Consent Needed",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  484: "Address Incomplete",
  485: "Ambiguous",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  489: "Bad Event",
  491: "Request Pending",
  493: "Undecipherable",
  494: "Security Agreement Required",
  500: "Server Internal Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  555: "Push Notification Service Not Supported",
  580: "Precondition Failure",
  600: "Busy Everywhere",
  603: "Decline",
  604: "Does Not Exist Anywhere",
  606: "Not Acceptable",
  607: "Unwanted",
  608: "Rejected",
};

/** The standard reason phrase for a status code, or a generic one for its class. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 200 && status < 300 ? "OK" : "Unknown");
}
