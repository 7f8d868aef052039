import { Core, type NameAddrHeader, type URI } from "sip.js";
import { packageLabel, type Adapter } from "../adapter.js";
import {
  challengeSummary,
  portOrNull,
  required,
  type RawParams,
  type UriSummary,
  type ViaSummary,
} from "../normalized.js";

// sip.js types parsed header values as `any`: these interfaces declare the grammar results read here.
interface SipJsVia {
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
  rport?: string;
  /** Unknown or valueless parameters; a bare `;rport` lands here with the value `undefined`. */
  params?: Record<string, string | undefined>;
}

interface SipJsChallenge {
  realm?: string;
  nonce?: string;
  qop?: string[];
  algorithm?: string;
  opaque?: string;
}

type SipJsMessage = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

const loggers = new Core.LoggerFactory();
loggers.builtinEnabled = false;
const logger = loggers.getLogger("bench");

const uri = (u: URI): UriSummary<RawParams> => ({
  scheme: u.scheme,
  user: u.user ?? null,
  host: u.host,
  port: portOrNull(u.port),
  params: u.parameters,
});

function via(message: SipJsMessage, index: number): ViaSummary {
  const v = required(message.parseHeader("via", index) as SipJsVia | undefined, `Via #${index}`);
  const summary: ViaSummary = {
    transport: v.transport,
    host: v.host,
    port: portOrNull(v.port),
    branch: v.branch ?? null,
  };
  if (v.received !== undefined) summary.received = v.received;
  if (v.rport !== undefined) summary.rport = v.rport;
  else if (v.params !== undefined && "rport" in v.params) summary.rport = null;
  return summary;
}

function challenge(message: SipJsMessage): SipJsChallenge | undefined {
  for (const name of ["www-authenticate", "proxy-authenticate"]) {
    if (message.hasHeader(name)) return required(message.parseHeader(name) as SipJsChallenge | undefined, name);
  }
  return undefined;
}

/**
 * `Core.Parser` is the parser behind the UserAgent's transport: it parses the start line, From,
 * To, Call-ID, CSeq, Contact, the first Via and the challenge while splitting; further Vias are
 * parsed here through `parseHeader`, as sip.js does on use.
 */
export const sipjsAdapter: Adapter = {
  name: packageLabel("sip.js"),
  extract(bytes) {
    const message = required(Core.Parser.parseMessage(bytes.toString("utf8"), logger), "message (parse failed)");
    const cseq = required(message.parseHeader("cseq") as { value: number; method: string } | undefined, "CSeq");
    const auth = challenge(message);
    return {
      start:
        message instanceof Core.IncomingResponseMessage
          ? { status: required(message.statusCode, "status"), reason: required(message.reasonPhrase, "reason") }
          : { method: message.method, uri: uri(required(message.ruri, "Request-URI")) },
      headerNames: Object.keys(message.headers),
      vias: message.getHeaders("via").map((_, index) => via(message, index)),
      fromTag: message.fromTag ?? null,
      toTag: message.toTag ?? null,
      callId: required(message.callId, "Call-ID"),
      cseq: { seq: cseq.value, method: cseq.method },
      contacts: (message.headers["Contact"] ?? []).map((header) => {
        const contact = header.parsed as NameAddrHeader;
        return { uri: uri(contact.uri), params: contact.parameters };
      }),
      challenge:
        auth === undefined
          ? null
          : challengeSummary((field) => (field === "qop" ? auth.qop?.join(",") : auth[field])),
    };
  },
  limitations: [],
};
