/**
 * The address-of-record a REGISTER is about, from its To URI, written as text so it can key a
 * map: two To URIs with the same key are the same AOR. How much of the URI counts is a choice:
 *
 *   registrar  (the default) user and host only, as registrars in the field do (Kamailio's usrloc
 *              keys `user@domain`): the port, the URI parameters and sip: versus sips: are
 *              ignored, so Kamailio's `uac` To `sip:user5@127.0.0.1:15160` is `sip:user5@127.0.0.1`.
 *   strict     RFC 3261 §10.3 step 5: scheme, user, host and port (URI parameters and headers
 *              removed, escapes decoded, host in lowercase).
 */
import { parseUri, SipParseError, unescapeUriComponent, type Uri } from "../engine/sip/index.js";

export type AorMatching = "registrar" | "strict";

export const DEFAULT_AOR_MATCHING: AorMatching = "registrar";

export type AorReading = { readonly ok: true; readonly aor: string; readonly target: AorTarget } | { readonly ok: false; readonly reason: string };

/** The parts of an AOR a script rule matches on; `key` is the map key for the matching in force. */
export interface AorTarget {
  readonly key: string;
  readonly scheme: "sip" | "sips";
  /** Unescaped; "" when the URI has no user part. */
  readonly user: string;
  /** In lowercase. */
  readonly host: string;
  readonly port: number | null;
}

/**
 * The key of a To URI under `matching` (default DEFAULT_AOR_MATCHING, `registrar`); only sip and
 * sips URIs name something a registrar can bind, others read as not ok.
 */
export function aorOf(uri: Uri, matching: AorMatching = DEFAULT_AOR_MATCHING): AorReading {
  if (uri.kind !== "sip") return { ok: false, reason: `the To URI scheme ${uri.scheme} is not sip or sips` };
  const user = uri.user === null ? "" : unescapeUriComponent(uri.user);
  const host = uri.host.toLowerCase();
  const at = user === "" ? "" : `${user}@`;
  const key = matching === "registrar" ? `sip:${at}${host}` : `${uri.scheme}:${at}${host}${uri.port === null ? "" : `:${uri.port}`}`;
  return { ok: true, aor: key, target: { key, scheme: uri.scheme === "sips" ? "sips" : "sip", user, host, port: uri.port } };
}

/**
 * The key of an AOR written as text (`sip:alice@example.org`), for looking bindings up, under
 * `matching` (default DEFAULT_AOR_MATCHING, `registrar`). Text that does not parse reads as not ok;
 * throws (rethrows) only an error that is not a SipParseError, which is a bug.
 */
export function aorFromText(text: string, matching: AorMatching = DEFAULT_AOR_MATCHING): AorReading {
  try {
    return aorOf(parseUri(text), matching);
  } catch (error) {
    if (error instanceof SipParseError) return { ok: false, reason: `AOR "${text}" does not parse: ${error.problem}` };
    throw error;
  }
}
