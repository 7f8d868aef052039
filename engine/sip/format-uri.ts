import type { Uri } from "./message.js";
import { formatParams } from "./params.js";

/** Writes a URI back as text (RFC 3261 §19.1.1 layout); parts are written as stored, escapes kept. */
export function formatUri(uri: Uri): string {
  switch (uri.kind) {
    case "sip": {
      let out = uri.scheme + ":";
      if (uri.user !== null) {
        out += uri.user;
        if (uri.password !== null) out += ":" + uri.password;
        out += "@";
      }
      out += uri.host;
      if (uri.port !== null) out += ":" + uri.port;
      if (uri.params.length > 0) out += formatParams(uri.params);
      for (let i = 0; i < uri.headers.length; i++) {
        const [name, value] = uri.headers[i]!;
        out += (i === 0 ? "?" : "&") + name + "=" + (value ?? "");
      }
      return out;
    }
    case "tel":
      return "tel:" + uri.number + formatParams(uri.params);
    case "absolute":
      return uri.scheme + ":" + uri.opaque;
  }
}
