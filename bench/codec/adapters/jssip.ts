import { createRequire } from "node:module";
import { packageLabel, type Adapter } from "../adapter.js";
import { portOrNull, required, type RawParams, type UriSummary } from "../normalized.js";
import { familyChallenge, familyContacts, familyVia, type FamilyMessage, type FamilyVia } from "./jssip-family.js";

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

interface JsSipVia extends FamilyVia {
  rport?: number;
}

interface JsSipMessage extends FamilyMessage {
  method: string;
  ruri?: JsSipUri;
  status_code?: number;
  reason_phrase?: string;
  from_tag?: string;
  to_tag?: string;
  call_id?: string;
  getHeaders(name: string): string[];
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

/**
 * Parses the start line, From, To, Call-ID, CSeq, Contact, the first Via and the challenge while
 * splitting; further Vias are parsed here through `parseHeader`, as JsSIP's own code does on use.
 */
export const jssipAdapter: Adapter = {
  name: packageLabel("jssip"),
  extract(bytes) {
    const message = required(parseMessage(bytes.toString("utf8"), undefined), "message (parse failed)");
    const cseq = required(message.parseHeader("cseq") as { value: number; method: string } | undefined, "CSeq");
    return {
      start:
        message.status_code === undefined
          ? { method: message.method, uri: uri(required(message.ruri, "Request-URI")) }
          : { status: message.status_code, reason: required(message.reason_phrase, "reason") },
      headerNames: Object.keys(message.headers),
      vias: message.getHeaders("via").map((_, index) =>
        familyVia<JsSipVia>(message, index, (v) => (v.rport === undefined ? undefined : String(v.rport))),
      ),
      fromTag: message.from_tag ?? null,
      toTag: message.to_tag ?? null,
      callId: required(message.call_id, "Call-ID"),
      cseq: { seq: cseq.value, method: cseq.method },
      contacts: familyContacts<JsSipNameAddr>(message).map((contact) => ({ uri: uri(contact.uri), params: contact._parameters })),
      challenge: familyChallenge(message),
    };
  },
  limitations: [{ path: "vias.*.rport", reason: "its Via grammar drops a bare ;rport (only rport=N is kept)" }],
};
