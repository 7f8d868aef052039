/** A `SipMessage` to bytes (RFC 3261 §7): start line, headers in order, empty line, body. */
import { equalsIgnoreCase } from "./abnf.js";
import { formatUri } from "./format-uri.js";
import type { SipMessage } from "./message.js";

const CONTENT_LENGTH = "Content-Length";

/**
 * Writes a message as sent on the wire. Content-Length always states the body's real length:
 * an existing Content-Length header keeps its place with the value corrected, and one is appended
 * when missing (RFC 3261 §18.3: mandatory on streams, and harmless on datagrams). CR and LF inside
 * a value or reason phrase become spaces, so no value can start a header line of its own.
 */
export function serializeMessage(message: SipMessage): Uint8Array {
  let head =
    message.kind === "request"
      ? message.method + " " + formatUri(message.uri) + " SIP/2.0\r\n"
      : "SIP/2.0 " + message.status + " " + oneLine(message.reason) + "\r\n";
  const length = String(message.body.length);
  let hasLength = false;
  for (const header of message.headers) {
    const name = header.name;
    if (name === CONTENT_LENGTH || equalsIgnoreCase(name, CONTENT_LENGTH) || name === "l" || name === "L") {
      head += CONTENT_LENGTH + ": " + length + "\r\n";
      hasLength = true;
    } else {
      head += name + ": " + oneLine(header.value) + "\r\n";
    }
  }
  if (!hasLength) head += CONTENT_LENGTH + ": " + length + "\r\n";
  head += "\r\n";
  const headLength = Buffer.byteLength(head, "utf8");
  const out = Buffer.allocUnsafe(headLength + message.body.length);
  out.write(head, 0, "utf8");
  out.set(message.body, headLength);
  return out;
}

/** The text with CR and LF as spaces, so that it cannot start a header line of its own. */
export function oneLine(text: string): string {
  return text.indexOf("\r") === -1 && text.indexOf("\n") === -1 ? text : text.replace(/[\r\n]/g, " ");
}
