/**
 * A response to a request written straight to bytes: the same bytes as `createResponseTo` then
 * `serializeMessage`, without the message, its header objects and the copies between them. A
 * registrar answers every request this way, so its answer costs one string and one buffer.
 */
import { equalsIgnoreCase } from "./abnf.js";
import { reasonPhrase, type ResponseInit } from "./build.js";
import { canonicalHeaderName } from "./header-names.js";
import { headerNameIs } from "./headers.js";
import type { SipRequest } from "./message.js";
import { oneLine } from "./serialize.js";

const CONTENT_LENGTH = "Content-Length";
const TO = "To";

/**
 * `serializeMessage(createResponseTo(request, init))`, byte for byte, with one difference that
 * `setHeader(response, "To", to)` would make: when `to` is not null, the response's first To
 * header (copied or among `init.headers`) says `to` and any later one is left out; the request
 * must have a To. As in createResponse, `reason` defaults to the RFC 3261 §21 phrase, `headers`
 * to none and `body` to empty.
 */
export function responseBytesTo(request: SipRequest, init: ResponseInit, to: string | null): Uint8Array {
  const body = init.body === undefined ? EMPTY : typeof init.body === "string" ? Buffer.from(init.body, "utf8") : init.body;
  const length = String(body.length);
  let head = "SIP/2.0 " + init.status + " " + oneLine(init.reason ?? reasonPhrase(init.status)) + "\r\n";
  let toWritten = false;
  // RFC 3261 §8.2.6.2 order: every Via, then From, To, Call-ID, CSeq, each in the request's order.
  for (let c = 0; c < COPIED.length; c++) {
    const name = COPIED[c]!;
    const headers = request.headers;
    for (let i = 0; i < headers.length; i++) {
      const header = headers[i]!;
      if (!headerNameIs(header.name, name)) continue;
      if (name === TO && to !== null) {
        if (!toWritten) head += "To: " + oneLine(to) + "\r\n";
        toWritten = true;
      } else head += name + ": " + oneLine(header.value) + "\r\n";
    }
  }
  let hasLength = false;
  const extra = init.headers ?? NONE;
  for (let i = 0; i < extra.length; i++) {
    const [given, value] = extra[i]!;
    const name = canonicalHeaderName(given);
    if (name === CONTENT_LENGTH || equalsIgnoreCase(name, CONTENT_LENGTH) || name === "l" || name === "L") {
      head += CONTENT_LENGTH + ": " + length + "\r\n";
      hasLength = true;
    } else if (to !== null && headerNameIs(name, TO)) {
      if (!toWritten) head += "To: " + oneLine(to) + "\r\n";
      toWritten = true;
    } else head += name + ": " + oneLine(value) + "\r\n";
  }
  if (!hasLength) head += CONTENT_LENGTH + ": " + length + "\r\n";
  head += "\r\n";
  const headLength = Buffer.byteLength(head, "utf8");
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.write(head, 0, "utf8");
  out.set(body, headLength);
  return out;
}

const COPIED = ["Via", "From", "To", "Call-ID", "CSeq"] as const;
const EMPTY = new Uint8Array(0);
const NONE: NonNullable<ResponseInit["headers"]> = [];
