/**
 * What kind of REGISTER a script rule sees. Exactly one of:
 *   wildcard    Contact: * (remove every binding)
 *   unregister  every Contact asks for 0 seconds (its expires parameter, else the Expires header)
 *   refresh     a live binding of the AOR was written by this Call-ID (RFC 3261 §10.2.4)
 *   initial     anything else, a query without Contact included
 * plus `authenticated` when it carries Authorization or Proxy-Authorization.
 */
import { findHeaders, getCallId, getContacts, getExpires, getParam, getTo, hasParam, SipParseError, type SipRequest } from "../../engine/sip/index.js";
import { aorOf, type AorMatching, type AorTarget } from "../aor.js";
import type { BindingTable } from "../bindings.js";
import type { RequestKind } from "./types.js";

export interface Classified {
  readonly aor: string;
  readonly target: AorTarget;
  readonly kinds: ReadonlySet<RequestKind>;
}

/**
 * What a script sees of a REGISTER: its AOR under `matching` (default DEFAULT_AOR_MATCHING) and
 * its kinds. Null when the To, Contact or Expires does not parse: no script then, the registrar
 * answers 400 or 404. Throws (rethrows) only an error that is not a SipParseError, which is a bug.
 */
export function classifyRegister(request: SipRequest, bindings: BindingTable, nowMs: number, matching?: AorMatching): Classified | null {
  try {
    const reading = aorOf(getTo(request).uri, matching);
    if (!reading.ok) return null;
    const kinds = new Set<RequestKind>([phase(request, reading.aor, bindings, nowMs)]);
    if (findHeaders(request, "Authorization").length > 0 || findHeaders(request, "Proxy-Authorization").length > 0) kinds.add("authenticated");
    return { aor: reading.aor, target: reading.target, kinds };
  } catch (error) {
    if (error instanceof SipParseError) return null;
    throw error;
  }
}

function phase(request: SipRequest, aor: string, bindings: BindingTable, nowMs: number): RequestKind {
  const contacts = getContacts(request);
  if (contacts.wildcard) return "wildcard";
  const expiresHeader = getExpires(request);
  const removes = contacts.contacts.every((contact) =>
    hasParam(contact.params, "expires") ? getParam(contact.params, "expires") === "0" : expiresHeader === 0,
  );
  if (contacts.contacts.length > 0 && removes) return "unregister";
  const callId = getCallId(request);
  return bindings.current(nowMs, aor).some((binding) => binding.callId === callId) ? "refresh" : "initial";
}
