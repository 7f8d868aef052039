import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getTo, getTag, headerValue, parseMessage, type SipRequest } from "../sip/index.js";
import { createMalformedRequestResponse, createServerResponse } from "./response-builder.js";

function request(to: string): SipRequest {
  const text =
    "REGISTER sip:registrar.example SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;rport\r\n" +
    "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKb\r\n" +
    "Max-Forwards: 70\r\n" +
    "From: <sip:alice@example.com>;tag=f1\r\n" +
    `To: ${to}\r\n` +
    "Call-ID: c1@host\r\n" +
    "CSeq: 7 REGISTER\r\n" +
    "Contact: <sip:alice@10.0.0.1>\r\n" +
    "Content-Length: 0\r\n\r\n";
  const message = parseMessage(new TextEncoder().encode(text));
  assert.equal(message.kind, "request");
  return message as SipRequest;
}

describe("server response builder (RFC 3261 §8.2.6.2)", () => {
  it("copies every Via in order, From, To, Call-ID and CSeq, and nothing else", () => {
    const response = createServerResponse(request("<sip:alice@example.com>"), 200, { toTag: "t9" });
    assert.deepEqual(
      response.headers.map((h) => h.name),
      ["Via", "Via", "From", "To", "Call-ID", "CSeq"],
    );
    assert.equal(response.status, 200);
    assert.equal(response.reason, "OK");
    assert.equal(headerValue(response, "CSeq"), "7 REGISTER");
  });

  it("adds the To tag when the request had none", () => {
    const response = createServerResponse(request("Alice <sip:alice@example.com>"), 401, { toTag: "t9", reason: "Go Away" });
    assert.equal(getTag(getTo(response)), "t9");
    assert.equal(getTo(response).displayName, "Alice");
    assert.equal(response.reason, "Go Away");
  });

  it("keeps an existing To tag, and puts none on 100 Trying", () => {
    assert.equal(getTag(getTo(createServerResponse(request("<sip:a@b>;tag=old"), 200, { toTag: "t9" }))), "old");
    assert.equal(getTag(getTo(createServerResponse(request("<sip:a@b>"), 100, { toTag: "t9" }))), null);
  });

  it("appends extra headers and a body after the copied ones", () => {
    const response = createServerResponse(request("<sip:a@b>"), 423, {
      toTag: "t",
      headers: [["Min-Expires", "3600"]],
      body: "x",
    });
    assert.equal(response.headers.at(-1)?.name, "Min-Expires");
    assert.equal(new TextDecoder().decode(response.body), "x");
  });

  it("gives a malformed request's 400 a one-line, printable, bounded reason phrase", () => {
    const response = createMalformedRequestResponse(request("<sip:a@b>"), `Bad CSeq: '\u00fc\r\nX: 1' ${"y".repeat(400)}`);
    assert.equal(response.status, 400);
    assert.equal(response.reason.length, 200);
    assert.match(response.reason, /^Bad CSeq: '\?X: 1' y+\.\.\.$/);
    assert.equal(getTag(getTo(response)), getTag(getTo(createMalformedRequestResponse(request("<sip:a@b>"), "other"))), "stateless tag");
  });
});
