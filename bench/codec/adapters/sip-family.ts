/**
 * `sip` (kirm) and its fork `drachtio-sip` return the same object shape: headers keyed by
 * lowercase full name, Via/From/To/Contact/auth parsed eagerly, URIs left as text for the
 * library's own `parseUri`.
 */
import {
  challengeSummary,
  portOrNull,
  required,
  type Extracted,
  type RawParams,
  type UriSummary,
  type ViaSummary,
} from "../normalized.js";

// Both packages are untyped CommonJS: these interfaces declare the parts of their results read here.
export type FamilyParams = Record<string, string | null | undefined>;

export interface FamilyUri {
  /** `sip` spells it `schema`, `drachtio-sip` `scheme`. */
  schema?: string;
  scheme?: string;
  user?: string;
  host: string;
  port: number;
  params: FamilyParams;
}

interface FamilyAor {
  uri: string;
  params: FamilyParams;
}

interface FamilyVia {
  protocol: string;
  host: string;
  port?: number;
  params: FamilyParams;
}

export interface FamilyMessage {
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: {
    [name: string]: unknown;
    via?: FamilyVia[];
    from?: FamilyAor;
    to?: FamilyAor;
    "call-id"?: string;
    cseq?: { seq: number; method: string };
    contact?: FamilyAor[] | "*";
    "www-authenticate"?: FamilyParams[];
    "proxy-authenticate"?: FamilyParams[];
  };
}

export type FamilyParseUri = (text: string) => FamilyUri | undefined;

export function extractFamily(message: FamilyMessage, parseUri: FamilyParseUri): Extracted {
  const h = message.headers;
  const uri = (text: string): UriSummary<RawParams> => {
    const u = required(parseUri(text), `URI in ${text}`);
    return {
      scheme: required(u.scheme ?? u.schema, "URI scheme"),
      user: u.user ?? null,
      host: u.host,
      port: portOrNull(u.port),
      params: u.params,
    };
  };
  const challenge = (h["www-authenticate"] ?? h["proxy-authenticate"])?.[0];
  return {
    start:
      message.status === undefined
        ? { method: required(message.method, "method"), uri: uri(required(message.uri, "Request-URI")) }
        : { status: message.status, reason: required(message.reason, "reason") },
    headerNames: Object.keys(h),
    vias: (h.via ?? []).map(familyVia),
    fromTag: h.from?.params["tag"] ?? null,
    toTag: h.to?.params["tag"] ?? null,
    callId: required(h["call-id"], "Call-ID"),
    cseq: required(h.cseq, "CSeq"),
    contacts:
      h.contact === undefined || h.contact === "*"
        ? []
        : h.contact.map((aor) => ({ uri: uri(aor.uri), params: aor.params })),
    challenge: challenge === undefined ? null : challengeSummary((field) => challenge[field] ?? undefined),
  };
}

function familyVia(via: FamilyVia): ViaSummary {
  const summary: ViaSummary = {
    transport: via.protocol,
    host: via.host,
    port: portOrNull(via.port),
    branch: via.params["branch"] ?? null,
  };
  const received = via.params["received"];
  if (received) summary.received = received;
  if ("rport" in via.params) summary.rport = via.params["rport"] ?? null;
  return summary;
}
