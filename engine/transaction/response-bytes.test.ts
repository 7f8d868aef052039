import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { getVias, parseMessage, serializeMessage, type HeaderList, type SipRequest } from "../sip/index.js";
import type { SocketName } from "../transport/index.js";
import { createServerResponse, serverResponseBytes, type ServerResponseOptions } from "./response-builder.js";
import { withStampedVia } from "./via-headers.js";

const FIXTURES = new URL("../../fixtures/sip/", import.meta.url);
const SOURCE: SocketName = { protocol: "udp", host: "192.0.2.77", port: 40123 };

function parsed(text: string | Uint8Array): SipRequest {
  const message = parseMessage(typeof text === "string" ? new TextEncoder().encode(text) : text);
  assert.equal(message.kind, "request");
  return message as SipRequest;
}

/** The request as the transaction layer hands it over: its top Via stamped with received/rport. */
function stamped(request: SipRequest): SipRequest {
  const top = getVias(request)[0];
  assert.ok(top !== undefined);
  return withStampedVia(request, top, SOURCE);
}

function register(lines: readonly string[]): SipRequest {
  return parsed("REGISTER sip:registrar.example SIP/2.0\r\n" + lines.map((line) => line + "\r\n").join("") + "\r\n");
}

const HANDWRITTEN: ReadonlyArray<readonly [string, SipRequest]> = [
  [
    "SIPp's REGISTER, rport asked",
    register([
      "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-1-0;rport",
      "From: <sip:user1@bench.invalid>;tag=1",
      "To: <sip:user1@bench.invalid>",
      "Call-ID: 1-1@127.0.0.1",
      "CSeq: 1 REGISTER",
      "Contact: <sip:user1@127.0.0.1:5061>",
      "Max-Forwards: 70",
      "Expires: 3600",
      "Content-Length: 0",
    ]),
  ],
  [
    "three Vias on two lines, received already there",
    register([
      "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa;received=10.9.9.9;rport=1234, SIP/2.0/TCP proxy.example;branch=z9hG4bKb",
      "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKc",
      'From: "Alice A." <sip:alice@example.com>;tag=f1',
      "To: Alice <sip:alice@example.com;transport=udp>;x-param=1",
      "Call-ID: c1@host",
      "CSeq: 7 REGISTER",
      "Contact: <sip:alice@10.0.0.1>;expires=60, <sip:alice@10.0.0.3>;q=0.5",
      "Contact: sip:alice@10.0.0.4",
    ]),
  ],
  [
    "compact headers, To with a tag",
    register([
      "v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKz",
      "f: sip:bob@example.com;tag=ff",
      "t: sip:bob@example.com;tag=already",
      "i: compact@host",
      "CSeq: 2 REGISTER",
      "m: <sip:bob@10.0.0.1>",
      "l: 0",
    ]),
  ],
  [
    "lower-case names, IPv6 Via",
    register([
      "via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK6;rport",
      "from: <sip:carol@example.com>;tag=c",
      "to: <sip:carol@example.com>",
      "call-id: six@host",
      "cseq: 3 REGISTER",
      "contact: *",
      "expires: 0",
    ]),
  ],
];

const CORPUS: ReadonlyArray<readonly [string, SipRequest]> = [
  ...["register-asterisk-pjsip", "register-kamailio-authorization", "register-opensips-uac", "register-pjsua-tcp-ipv6", "register-wildcard-unregister"].map(
    (name) => [name, parsed(readFileSync(new URL(`${name}.sip`, FIXTURES)))] as const,
  ),
  ...HANDWRITTEN,
];

const ANSWERS: ReadonlyArray<readonly [number, Omit<ServerResponseOptions, "toTag">]> = [
  [100, {}],
  [401, { headers: [["WWW-Authenticate", 'Digest realm="bench.invalid", nonce="abc", algorithm=MD5, qop="auth"']] }],
  [200, { headers: [["Contact", "<sip:user1@127.0.0.1:5061>;expires=3600"], ["Contact", "<sip:user1@10.0.0.9>;expires=60"], ["Date", "Mon, 07 Dec 2026 20:00:00 GMT"]] }],
  [403, { reason: "wrong digest response\r\nX-Injected: 1" }],
  [423, { headers: [["Min-Expires", "600"]] }],
  [503, { headers: [["retry-after", "30"], ["l", "99"]], body: "busy\r\n" }],
  [480, { headers: [["t", "<sip:other@example.com>"]], body: new Uint8Array([1, 2, 3]) }],
];

describe("server responses written as bytes", () => {
  for (const [name, original] of CORPUS) {
    for (const [status, options] of ANSWERS) {
      it(`${name}: ${status} is byte for byte what the serializer writes`, () => {
        const request = stamped(original);
        const expected = serializeMessage(createServerResponse(request, status, { ...options, toTag: "a1b2c3" }));
        const written = serverResponseBytes(request, status, { ...options, toTag: "a1b2c3" });
        assert.equal(Buffer.from(written).toString("latin1"), Buffer.from(expected).toString("latin1"));
      });
    }
  }

  it("stamps received and rport into the copied top Via and tags the To", () => {
    const request = stamped(HANDWRITTEN[0]![1]);
    const text = Buffer.from(serverResponseBytes(request, 200, { toTag: "t9" })).toString("latin1");
    assert.match(text, /^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:5061;branch=z9hG4bK-1-1-0;rport=40123;received=192\.0\.2\.77\r\n/);
    assert.match(text, /\r\nTo: <sip:user1@bench\.invalid>;tag=t9\r\n/);
    assert.match(text, /\r\nContent-Length: 0\r\n\r\n$/);
  });

  it("keeps a To that has a tag and every Via of a multi-Via request", () => {
    const request = stamped(HANDWRITTEN[1]![1]);
    const text = Buffer.from(serverResponseBytes(request, 401, { toTag: "t9", headers: [] satisfies HeaderList })).toString("latin1");
    assert.equal(text.split("\r\nVia: ").length - 1, 2);
    assert.ok(text.includes("proxy.example"));
  });
});
