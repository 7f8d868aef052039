/**
 * The address-of-record a REGISTER is about: its To URI in the canonical form of RFC 3261 §10.3
 * step 5 (URI parameters and headers removed, escapes decoded, host in lowercase), written as
 * text so it can key a map. Two To URIs with the same key are the same AOR.
 */
import { parseUri, SipParseError, unescapeUriComponent, type Uri } from "../engine/sip/index.js";

export type AorReading = { readonly ok: true; readonly aor: string } | { readonly ok: false; readonly reason: string };

/** The key of a To URI; only sip and sips URIs name something a registrar can bind. */
export function aorOf(uri: Uri): AorReading {
  if (uri.kind !== "sip") return { ok: false, reason: `the To URI scheme ${uri.scheme} is not sip or sips` };
  const user = uri.user === null ? "" : `${unescapeUriComponent(uri.user)}@`;
  const port = uri.port === null ? "" : `:${uri.port}`;
  return { ok: true, aor: `${uri.scheme}:${user}${uri.host.toLowerCase()}${port}` };
}

/** The key of an AOR written as text (`sip:alice@example.org`), for looking bindings up. */
export function aorFromText(text: string): AorReading {
  try {
    return aorOf(parseUri(text));
  } catch (error) {
    if (error instanceof SipParseError) return { ok: false, reason: `AOR "${text}" does not parse: ${error.problem}` };
    throw error;
  }
}
