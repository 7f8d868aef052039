import { Core, type NameAddrHeader, type URI } from "sip.js";
import { packageLabel, type Adapter } from "../adapter.js";
import { portOrNull, required, type RawParams, type UriSummary } from "../normalized.js";
import { familyChallenge, familyContacts, familyVia, type FamilyVia } from "./jssip-family.js";

// sip.js types parsed header values as `any`: these interfaces declare the grammar results read here.
interface SipJsVia extends FamilyVia {
  rport?: string;
  /** Unknown or valueless parameters; a bare `;rport` lands here with the value `undefined`. */
  params?: Record<string, string | undefined>;
}

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
    return {
      start:
        message instanceof Core.IncomingResponseMessage
          ? { status: required(message.statusCode, "status"), reason: required(message.reasonPhrase, "reason") }
          : { method: message.method, uri: uri(required(message.ruri, "Request-URI")) },
      headerNames: Object.keys(message.headers),
      vias: message.getHeaders("via").map((_, index) =>
        familyVia<SipJsVia>(message, index, (v) => v.rport ?? (v.params !== undefined && "rport" in v.params ? null : undefined)),
      ),
      fromTag: message.fromTag ?? null,
      toTag: message.toTag ?? null,
      callId: required(message.callId, "Call-ID"),
      cseq: { seq: cseq.value, method: cseq.method },
      contacts: familyContacts<NameAddrHeader>(message).map((contact) => ({ uri: uri(contact.uri), params: contact.parameters })),
      challenge: familyChallenge(message),
    };
  },
  limitations: [],
};
