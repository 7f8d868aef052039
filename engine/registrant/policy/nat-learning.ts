/**
 * D35: NAT learning from the registrar's Via (RFC 3261 §18.2.1 `received`, RFC 3581 `rport`),
 * as pure functions. A registrar writes into our top Via the address and port our REGISTER came
 * from; when that is not the Contact we registered, a NAT is between us, and with
 * `learn_received` = 1 the record's next REGISTERs carry a Contact with the learned address
 * instead, so that requests for the binding reach the NAT's public side.
 *
 * When this is wrong: when the registrar or an SBC on the way already fixes NATed contacts
 * (OpenSIPS `fix_nated_contact`, Path, RFC 5626 outbound): they then see a Contact that no longer
 * says where we are behind the NAT; when the address learned is the one of an SBC or a proxy
 * rather than our NAT's; and with a NAT that maps each destination differently (symmetric NAT),
 * where the address one registrar saw is useless to anyone else.
 */
import type { SipResponse, SipUri } from "../../sip/index.js";
import { formatUri, getVias, parseUri, SipParseError, viaReceived, viaRport } from "../../sip/index.js";
import { normalizeHost } from "../../transport/index.js";

/** The Contact with the address the registrar saw, or null when it saw the Contact's own (or said nothing). */
export function learnedContact(response: SipResponse, contact: string): string | null {
  let uri;
  let top;
  try {
    uri = parseUri(contact);
    top = getVias(response)[0];
    // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent; the Contact passed validation and the transaction layer parsed the Vias, and the codec throws only SipParseError
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent; the codec throws only SipParseError
    if (error instanceof SipParseError) return null;
    throw error;
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent; validation keeps only sip/sips contacts for this (a tel: contact has no host) and the transaction layer matched the reply by its top Via
  if (uri.kind !== "sip" || top === undefined) return null;
  const received = viaReceived(top);
  const rport = viaRport(top);
  const host = received ?? uri.host;
  const port = typeof rport === "number" ? rport : (uri.port ?? 5060);
  if (normalizeHost(host) === normalizeHost(uri.host) && port === (uri.port ?? 5060)) return null;
  // formatUri writes the host as given (hostKind is only the parser's note); an IPv6 received gets its brackets.
  const learned: SipUri = { ...uri, host: host.includes(":") && !host.startsWith("[") ? `[${host}]` : host, port };
  return formatUri(learned);
}
