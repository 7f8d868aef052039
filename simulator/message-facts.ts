/**
 * What a person reading `uacreg simulate`'s output needs to know of one message, read leniently
 * from its bytes: the one-line summary, whose AOR it is about (To), which registration (a short
 * Call-ID), and for a REGISTER the expiry it asks for or that it is an unREGISTER. Parsed once,
 * for the printed line and the transcript file alike.
 */
import {
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getParam,
  getTo,
  hasParam,
  parseMessage,
  type SipMessage,
} from "../engine/sip/index.js";
import { aorOf, type AorMatching } from "./aor.js";
import { summarizeMessage, unparsable } from "./summary.js";
import { lenient } from "./lenient-read.js";

export interface MessageFacts {
  readonly summary: string;
  /** The AOR key of the To URI, when it reads as one. */
  readonly aor: string | null;
  readonly callId: string | null;
  readonly cseq: number | null;
  /** The status of a response; null for a request or bytes that do not parse. */
  readonly status: number | null;
  /** For a REGISTER: `asks 3600 s`, `unREGISTER`, `unREGISTER all (Contact *)`, `query`, `asks no expiry`. */
  readonly asks: string | null;
}

/** Characters of a Call-ID a line shows. */
const SHORT_CALL_ID_CHARS = 8;

export function readMessageFacts(raw: Uint8Array, matching?: AorMatching): MessageFacts {
  let message: SipMessage;
  try {
    message = parseMessage(raw);
  } catch (error) {
    return { summary: unparsable(error), aor: null, callId: null, cseq: null, status: null, asks: null };
  }
  const to = lenient(() => aorOf(getTo(message).uri, matching));
  return {
    summary: summarizeMessage(message),
    aor: to?.ok === true ? to.aor : null,
    callId: lenient(() => getCallId(message)),
    cseq: lenient(() => getCSeq(message).seq),
    status: message.kind === "response" ? message.status : null,
    asks: message.kind === "request" && message.method === "REGISTER" ? lenient(() => registerAsks(message)) : null,
  };
}

/**
 * The end of a Call-ID's part before `@`: generators (Kamailio's tm, SIPp's `[call_id]`) put a
 * per-process prefix first and the changing counter or random part last, so the end tells
 * registrations apart where the start would not. Greppable in the transcript and a capture.
 */
export function shortCallId(callId: string): string {
  const local = callId.split("@")[0] ?? callId;
  return local.length <= SHORT_CALL_ID_CHARS ? local : `…${local.slice(-SHORT_CALL_ID_CHARS)}`;
}

/** `sip:user5@127.0.0.1 call …9c1b2a7f asks 3600 s`, then `: why` when a reason is given. */
export function describeFacts(facts: MessageFacts, why?: string): string {
  const parts = [facts.summary];
  if (facts.aor !== null) parts.push(facts.aor);
  if (facts.callId !== null) parts.push(`call ${shortCallId(facts.callId)}`);
  if (facts.asks !== null) parts.push(facts.asks);
  const line = parts.join(" ");
  return why === undefined ? line : `${line}: ${why}`;
}

/** Every Contact's interval is its expires parameter, else the Expires header (RFC 3261 §10.2.1.1). */
function registerAsks(message: SipMessage): string {
  const contacts = getContacts(message);
  const expiresHeader = getExpires(message);
  if (contacts.wildcard) return expiresHeader === 0 ? "unREGISTER all (Contact *)" : "Contact * without Expires 0";
  if (contacts.contacts.length === 0) return "query";
  const asked = contacts.contacts.map((contact) => (hasParam(contact.params, "expires") ? getParam(contact.params, "expires") : expiresHeader === null ? null : String(expiresHeader)));
  if (asked.every((value) => value !== null && Number(value) === 0)) return "unREGISTER";
  const distinct = [...new Set(asked.map((value) => value ?? "no expiry"))];
  return distinct.length === 1 && distinct[0] === "no expiry" ? "asks no expiry" : `asks ${distinct.map((value) => (value === "no expiry" ? value : `${value} s`)).join(" / ")}`;
}
