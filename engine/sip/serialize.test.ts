import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRequest, createResponse, createResponseTo, reasonPhrase } from "./build.js";
import { getCSeq, getVias, setHeader } from "./headers.js";
import type { SipRequest } from "./message.js";
import { formatNameAddr } from "./name-addr.js";
import { parseMessage } from "./parse-message.js";
import { parseUri } from "./parse-uri.js";
import { formatCSeq } from "./scalars.js";
import { serializeMessage } from "./serialize.js";
import { formatVia } from "./via.js";

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

/** The REGISTER of ../shared/spec/uac-registrant.md §6.1, built with the helpers. */
function register(): SipRequest {
  const aor = parseUri("sip:alice@example.net");
  return createRequest({
    method: "REGISTER",
    uri: parseUri("sip:registrar.example.net"),
    headers: [
      ["Via", formatVia({ protocolVersion: "SIP/2.0", transport: "UDP", host: "10.0.0.5", port: 5060, params: [["branch", "z9hG4bK3a7f"]] })],
      ["To", formatNameAddr({ displayName: null, uri: aor, params: [] })],
      ["From", formatNameAddr({ displayName: null, uri: aor, params: [["tag", "3f2a1"]] })],
      ["CSeq", formatCSeq({ seq: 1, method: "REGISTER" })],
      ["Call-ID", "5d41402abc4b2a76b9719d91101"],
      ["Max-Forwards", "70"],
      ["Content-Length", "0"],
      ["Contact", "<sip:alice@10.0.0.5:5060>;expires=3600"],
    ],
  });
}

describe("serializeMessage", () => {
  it("writes the spec §6.1 REGISTER layout byte for byte", () => {
    assert.equal(
      text(serializeMessage(register())),
      "REGISTER sip:registrar.example.net SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK3a7f\r\n" +
        "To: <sip:alice@example.net>\r\n" +
        "From: <sip:alice@example.net>;tag=3f2a1\r\n" +
        "CSeq: 1 REGISTER\r\n" +
        "Call-ID: 5d41402abc4b2a76b9719d91101\r\n" +
        "Max-Forwards: 70\r\n" +
        "Content-Length: 0\r\n" +
        "Contact: <sip:alice@10.0.0.5:5060>;expires=3600\r\n" +
        "\r\n",
    );
  });

  it("corrects Content-Length in place, or appends it, to the real body length", () => {
    const wrong = createRequest({ method: "MESSAGE", uri: parseUri("sip:a@h"), headers: [["l", "99"], ["Subject", "x"]], body: "héllo" });
    assert.equal(text(serializeMessage(wrong)), "MESSAGE sip:a@h SIP/2.0\r\nContent-Length: 6\r\nSubject: x\r\n\r\nhéllo");
    const missing = createResponse({ status: 200, headers: [["Subject", "x"]] });
    assert.equal(text(serializeMessage(missing)), "SIP/2.0 200 OK\r\nSubject: x\r\nContent-Length: 0\r\n\r\n");
  });

  it("writes binary bodies unchanged", () => {
    const body = new Uint8Array([0, 255, 13, 10, 128]);
    const bytes = serializeMessage(createRequest({ method: "MESSAGE", uri: parseUri("sip:a@h"), body }));
    assert.deepEqual([...parseMessage(bytes).body], [...body]);
  });

  it("never lets a value or reason phrase start a new line", () => {
    const evil = createResponse({ status: 400, reason: "Bad\r\nVia: x", headers: [["Subject", "a\r\nVia: injected"]] });
    const written = text(serializeMessage(evil));
    assert.equal(written, "SIP/2.0 400 Bad  Via: x\r\nSubject: a  Via: injected\r\nContent-Length: 0\r\n\r\n");
    assert.deepEqual(getVias(parseMessage(serializeMessage(evil))), []);
  });

  it("round-trips a parsed message to the same meaning", () => {
    const original = parseMessage(
      Buffer.from("SIP/2.0 401 Unauthorized\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1\r\n  REGISTER\r\nWWW-Authenticate: Digest realm=\"r\",\r\n nonce=\"n\"\r\nl: 0\r\n\r\n"),
    );
    const again = parseMessage(serializeMessage(original));
    assert.deepEqual(again, original);
  });
});

describe("createRequest, createResponse, createResponseTo", () => {
  it("spells header names the usual way and encodes string bodies as UTF-8", () => {
    const request = createRequest({ method: "OPTIONS", uri: parseUri("sip:a@h"), headers: [["v", "SIP/2.0/UDP h"], ["call-id", "x"]], body: "é" });
    assert.deepEqual(request.headers, [
      { name: "Via", value: "SIP/2.0/UDP h" },
      { name: "Call-ID", value: "x" },
    ]);
    assert.deepEqual([...request.body], [0xc3, 0xa9]);
    assert.equal(createRequest({ method: "OPTIONS", uri: parseUri("sip:a@h") }).body.length, 0);
  });

  it("fills in the standard reason phrase", () => {
    assert.equal(createResponse({ status: 423 }).reason, "Interval Too Brief");
    assert.equal(createResponse({ status: 503, reason: "Down" }).reason, "Down");
    assert.equal(reasonPhrase(299), "OK");
    assert.equal(reasonPhrase(499), "Unknown");
  });

  it("copies Via, From, To, Call-ID and CSeq into a response (RFC 3261 §8.2.6.2)", () => {
    const request = register();
    setHeader(request, "Via", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK3a7f");
    request.headers.push({ name: "Via", value: "SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK2" });
    const response = createResponseTo(request, { status: 423, headers: [["Min-Expires", "600"]] });
    assert.deepEqual(response.headers.map((header) => header.name), ["Via", "Via", "From", "To", "Call-ID", "CSeq", "Min-Expires"]);
    assert.equal(response.reason, "Interval Too Brief");
    assert.deepEqual(getCSeq(response), { seq: 1, method: "REGISTER" });
    response.headers[0]!.value = "changed";
    assert.equal(request.headers[0]?.value, "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK3a7f");
  });
});
