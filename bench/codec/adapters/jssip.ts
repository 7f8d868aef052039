import { createRequire } from "node:module";
import { packageLabel, type Adapter } from "../adapter.js";
import {
  challengeSummary,
  portOrNull,
  required,
  type RawParams,
  type UriSummary,
  type ViaSummary,
} from "../normalized.js";

// JsSIP's Parser module has no type declarations (and its public URI type hides the parameter
// map): these interfaces declare the parts of lib/Parser.js and lib/SIPMessage.js results read here.
interface JsSipUri {
  scheme: string;
  user: string | undefined;
  host: string;
  port: number | undefined;
  _parameters: Record<string, string | null>;
}

interface JsSipNameAddr {
  uri: JsSipUri;
  _parameters: Record<string, string | null>;
}

interface JsSipVia {
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  rport?: number;
}

interface JsSipChallenge {
  realm?: string;
  nonce?: string;
  qop?: string[];
  algorithm?: string;
  opaque?: string;
}

interface JsSipMessage {
  method: string;
  ruri?: JsSipUri;
  status_code?: number;
  reason_phrase?: string;
  from_tag?: string;
  to_tag?: string;
  call_id?: string;
  headers: Record<string, Array<{ raw: string; parsed?: unknown }>>;
  hasHeader(name: string): boolean;
  getHeaders(name: string): string[];
  parseHeader(name: string, index?: number): unknown;
}

const require = createRequire(import.meta.url);
// Untyped CommonJS; the package's main module does not export the parser, so it is loaded by path.
const { parseMessage } = require("jssip/lib/Parser.js") as {
  parseMessage(data: string, ua: undefined): JsSipMessage | undefined;
};

const uri = (u: JsSipUri): UriSummary<RawParams> => ({
  scheme: u.scheme,
  user: u.user ?? null,
  host: u.host,
  port: portOrNull(u.port),
  params: u._parameters,
});

function via(message: JsSipMessage, index: number): ViaSummary {
  const v = required(message.parseHeader("via", index) as JsSipVia | undefined, `Via #${index}`);
  const summary: ViaSummary = {
    transport: v.transport,
    host: v.host,
    port: portOrNull(v.port),
    branch: v.branch ?? null,
  };
  if (v.received !== undefined) summary.received = v.received;
  if (v.rport !== undefined) summary.rport = String(v.rport);
  return summary;
}

function challenge(message: JsSipMessage): JsSipChallenge | undefined {
  for (const name of ["www-authenticate", "proxy-authenticate"]) {
    if (message.hasHeader(name)) return required(message.parseHeader(name) as JsSipChallenge | undefined, name);
  }
  return undefined;
}

/**
 * Parses the start line, From, To, Call-ID, CSeq, Contact, the first Via and the challenge while
 * splitting; further Vias are parsed here through `parseHeader`, as JsSIP's own code does on use.
 */
export const jssipAdapter: Adapter = {
  name: packageLabel("jssip"),
  extract(bytes) {
    const message = required(parseMessage(bytes.toString("utf8"), undefined), "message (parse failed)");
    const cseq = required(message.parseHeader("cseq") as { value: number; method: string } | undefined, "CSeq");
    const auth = challenge(message);
    return {
      start:
        message.status_code === undefined
          ? { method: message.method, uri: uri(required(message.ruri, "Request-URI")) }
          : { status: message.status_code, reason: required(message.reason_phrase, "reason") },
      headerNames: Object.keys(message.headers),
      vias: message.getHeaders("via").map((_, index) => via(message, index)),
      fromTag: message.from_tag ?? null,
      toTag: message.to_tag ?? null,
      callId: required(message.call_id, "Call-ID"),
      cseq: { seq: cseq.value, method: cseq.method },
      contacts: (message.headers["Contact"] ?? []).map((header) => {
        const contact = header.parsed as JsSipNameAddr;
        return { uri: uri(contact.uri), params: contact._parameters };
      }),
      challenge:
        auth === undefined
          ? null
          : challengeSummary((field) => (field === "qop" ? auth.qop?.join(",") : auth[field])),
    };
  },
  limitations: [{ path: "vias.*.rport", reason: "its Via grammar drops a bare ;rport (only rport=N is kept)" }],
};
