import {
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getFromTag,
  getToTag,
  getVias,
  parseMessage,
  serializeMessage,
  viaBranch,
  viaReceived,
  viaRport,
  type SipMessage,
  type Uri,
} from "../../../engine/index.js";
import type { Adapter } from "../adapter.js";
import { challengeSummary, type Extracted, type RawParams, type UriSummary, type ViaSummary } from "../normalized.js";

function uri(u: Uri): UriSummary<RawParams> {
  if (u.kind !== "sip") throw new Error(`not a SIP URI: ${u.scheme}`);
  return { scheme: u.scheme, user: u.user, host: u.host, port: u.port, params: u.params };
}

/** The fields through the typed accessors, each of which parses its header on call. */
function fields(message: SipMessage): Extracted {
  const contacts = getContacts(message);
  const challenge = getAuthValues(message, "WWW-Authenticate")[0] ?? getAuthValues(message, "Proxy-Authenticate")[0];
  return {
    start:
      message.kind === "request"
        ? { method: message.method, uri: uri(message.uri) }
        : { status: message.status, reason: message.reason },
    headerNames: message.headers.map((header) => header.name),
    vias: getVias(message).map((via) => {
      const summary: ViaSummary = {
        transport: via.transport,
        host: via.host,
        port: via.port,
        branch: viaBranch(via),
      };
      const received = viaReceived(via);
      if (received !== null) summary.received = received;
      const rport = viaRport(via);
      if (rport !== null) summary.rport = rport === true ? null : String(rport);
      return summary;
    }),
    fromTag: getFromTag(message),
    toTag: getToTag(message),
    callId: getCallId(message),
    cseq: getCSeq(message),
    contacts: contacts.wildcard
      ? []
      : contacts.contacts.map((contact) => ({ uri: uri(contact.uri), params: contact.params })),
    challenge: challenge === undefined ? null : challengeSummary((field) => challenge.params.get(field)),
  };
}

export const uacregAdapter: Adapter = {
  name: "uacreg",
  extract: (bytes) => fields(parseMessage(bytes)),
  limitations: [],
  roundTrip: {
    work: "parse + fields + serialize",
    run(bytes) {
      const message = parseMessage(bytes);
      fields(message);
      return serializeMessage(message);
    },
  },
};
