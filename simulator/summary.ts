/**
 * One line that says what a SIP message is, for transcripts and ladders:
 *
 *   REGISTER sip:example.org CSeq 2 (Authorization; Contact 1; Expires 3600)
 *   401 Unauthorized CSeq 1 REGISTER (challenge MD5, SHA-256)
 *   200 OK CSeq 2 REGISTER (Contact 1)
 *
 * It reads leniently: a header that does not parse is left out, and bytes that are not a message
 * at all are summarized as such, because a transcript must record whatever came in.
 */
import {
  findHeaders,
  formatUri,
  getAuthValues,
  getContacts,
  getCSeq,
  headerValue,
  parseMessage,
  SipParseError,
  type SipMessage,
} from "../engine/sip/index.js";
import { lenient } from "./lenient-read.js";

/** The one-line summary of a message's bytes; bytes that are no SIP message are summarized as such, never thrown. */
export function summarize(raw: Uint8Array): string {
  let message: SipMessage;
  try {
    message = parseMessage(raw);
  } catch (error) {
    return unparsable(error);
  }
  return summarizeMessage(message);
}

/** What `summarize` says of bytes that are not a SIP message. */
export function unparsable(error: unknown): string {
  return `unparsable: ${error instanceof SipParseError ? error.problem : String(error)}`;
}

/** `summarize` for a message already parsed. */
export function summarizeMessage(message: SipMessage): string {
  const cseq = lenient(() => {
    const { seq, method } = getCSeq(message);
    return message.kind === "request" ? `CSeq ${seq}` : `CSeq ${seq} ${method}`;
  });
  const head = message.kind === "request" ? `${message.method} ${formatUri(message.uri)}` : `${message.status} ${message.reason}`;
  const notes = message.kind === "request" ? requestNotes(message) : responseNotes(message);
  const parts = [head, cseq].filter((part) => part !== null).join(" ");
  return notes.length === 0 ? parts : `${parts} (${notes.join("; ")})`;
}

function requestNotes(message: SipMessage): string[] {
  const notes: string[] = [];
  if (findHeaders(message, "Authorization").length > 0) notes.push("Authorization");
  if (findHeaders(message, "Proxy-Authorization").length > 0) notes.push("Proxy-Authorization");
  const contacts = contactNote(message);
  if (contacts !== null) notes.push(contacts);
  const expires = headerValue(message, "Expires");
  if (expires !== null) notes.push(`Expires ${expires}`);
  return notes;
}

function responseNotes(message: SipMessage): string[] {
  const notes: string[] = [];
  for (const name of ["WWW-Authenticate", "Proxy-Authenticate"] as const) {
    const algorithms = lenient(() => getAuthValues(message, name).map((v) => v.params.get("algorithm") ?? "MD5"));
    if (algorithms !== null && algorithms.length > 0) {
      const stale = lenient(() => getAuthValues(message, name).some((v) => v.params.get("stale")?.toLowerCase() === "true"));
      notes.push(`challenge ${algorithms.join(", ")}${stale === true ? ", stale" : ""}`);
    }
  }
  const contacts = contactNote(message);
  if (contacts !== null) notes.push(contacts);
  const minExpires = headerValue(message, "Min-Expires");
  if (minExpires !== null) notes.push(`Min-Expires ${minExpires}`);
  return notes;
}

function contactNote(message: SipMessage): string | null {
  const contacts = lenient(() => getContacts(message));
  if (contacts === null) return findHeaders(message, "Contact").length > 0 ? "Contact malformed" : null;
  if (contacts.wildcard) return "Contact *";
  return contacts.contacts.length === 0 ? null : `Contact ${contacts.contacts.length}`;
}
