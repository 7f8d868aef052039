/**
 * The registrar and proxy URIs that REGISTERs go to, each parsed once and the parse shared. Every
 * REGISTER needs its registrar URI parsed twice (for its request line and for its next hop), and
 * thousands of records share a handful of registrars. The parse is frozen, as every request holds
 * the same object; past SHARED_URIS_MAX distinct texts the memo starts afresh, so that it stays
 * small whatever the table holds.
 */
import type { Uri } from "../../sip/index.js";
import { parseUri } from "../../sip/index.js";

export const SHARED_URIS_MAX = 256;

const parsed = new Map<string, Uri>();

/** `parseUri(text)`, frozen (params and headers too); throws as `parseUri` does, and then remembers nothing. */
export function sharedUri(text: string): Uri {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const uri = frozenUri(parseUri(text));
  if (parsed.size >= SHARED_URIS_MAX) parsed.clear();
  parsed.set(text, uri);
  return uri;
}

function frozenUri(uri: Uri): Uri {
  if (uri.kind !== "absolute") {
    for (const param of uri.params) Object.freeze(param);
    Object.freeze(uri.params);
  }
  if (uri.kind === "sip") {
    for (const header of uri.headers) Object.freeze(header);
    Object.freeze(uri.headers);
  }
  return Object.freeze(uri);
}
