import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRequest, parseUri, serializeMessage } from "../../sip/index.js";
import type { SendAction } from "./actions.js";
import { buildRegister } from "./request.js";
import { testConfig } from "../../../testkit/registrant-fixtures.js";

const send: SendAction = {
  kind: "send",
  request: "register",
  generation: 1,
  callId: "0123456789abcdef0123456789a",
  fromTag: "bcdef",
  cseq: 1,
  expiresSec: 3600,
  credentials: null,
};

function wire(text: string): string {
  return text.split("\n").join("\r\n") + "\r\n\r\n";
}

describe("REGISTER as built (spec §6.1, C-REG-1)", () => {
  it("C-REG-1 §6.1 first REGISTER: exact layout, header order fixed, no Via (the transaction adds it)", () => {
    const request = buildRegister(testConfig({ binding_params: ";transport=udp;q=0.5" }), send, "uacreg/0.1.0");
    assert.equal(
      Buffer.from(serializeMessage(request)).toString("utf8"),
      wire(
        [
          "REGISTER sip:registrar.example.com SIP/2.0",
          "To: <sip:alice@example.com>",
          "From: <sip:alice@example.com>;tag=bcdef",
          "CSeq: 1 REGISTER",
          "Call-ID: 0123456789abcdef0123456789a",
          "Max-Forwards: 70",
          "Content-Length: 0",
          "User-Agent: uacreg/0.1.0",
          "Contact: <sip:alice@10.0.0.5:5060>;transport=udp;q=0.5;expires=3600",
        ].join("\n"),
      ),
    );
  });

  it("C-REG-1 §6.1 From is the third-party registrant when set; the R-URI is the registrar's bare URI", () => {
    const config = testConfig({ third_party_registrant: "sip:admin@example.com", registrar: "<sip:registrar.example.com:5070>" });
    const text = Buffer.from(serializeMessage(buildRegister(config, send, "ua"))).toString("utf8");
    assert.match(text, /^REGISTER sip:registrar\.example\.com:5070 SIP\/2\.0\r\n/);
    assert.match(text, /\r\nFrom: <sip:admin@example\.com>;tag=bcdef\r\n/);
    assert.match(text, /\r\nTo: <sip:alice@example\.com>\r\n/);
  });

  it("§6.1 unREGISTER: our contact with expires=0", () => {
    const text = Buffer.from(serializeMessage(buildRegister(testConfig(), { ...send, request: "unregister", expiresSec: 0, cseq: 4 }, "ua"))).toString("utf8");
    assert.match(text, /\r\nCSeq: 4 REGISTER\r\n/);
    assert.match(text, /\r\nContact: <sip:alice@10\.0\.0\.5:5060>;expires=0\r\n/);
    assert.doesNotMatch(text, /Expires: /);
  });

  it("§6.1 / §7 wildcard unREGISTER: Contact: * and Expires: 0 in place of the Contact", () => {
    const wildcard = { ...send, request: "wildcard" as const, expiresSec: 0, cseq: 2 };
    const text = Buffer.from(serializeMessage(buildRegister(testConfig(), wildcard, "ua"))).toString("utf8");
    assert.ok(text.endsWith("User-Agent: ua\r\nContact: *\r\nExpires: 0\r\n\r\n"), text);
  });

  it("§6.1 / §6.3 credentials go last, in the header the challenge asked for", () => {
    const credentials = { header: "Proxy-Authorization" as const, value: 'Digest username="alice", realm="r"' };
    const text = Buffer.from(serializeMessage(buildRegister(testConfig(), { ...send, credentials }, "ua"))).toString("utf8");
    assert.ok(text.endsWith(';expires=3600\r\nProxy-Authorization: Digest username="alice", realm="r"\r\n\r\n'), text);
  });

  it("is what createRequest makes of the same headers, for every kind of send", () => {
    const config = testConfig({ third_party_registrant: "sip:admin@example.com", binding_params: ";q=0.5" });
    const credentials = { header: "Proxy-Authorization" as const, value: 'Digest username="alice"' };
    const sends: SendAction[] = [
      send,
      { ...send, request: "unregister", expiresSec: 0, cseq: 4, credentials },
      { ...send, request: "wildcard", expiresSec: 0, cseq: 2 },
      { ...send, contact: "sip:alice@203.0.113.7:4000", credentials: { ...credentials, header: "Authorization" } },
    ];
    for (const each of sends) {
      const built = buildRegister(config, each, "ua");
      const headers = built.headers.map((h) => [h.name, h.value] as const);
      assert.deepEqual(built, createRequest({ method: "REGISTER", uri: parseUri(config.registrarUri), headers }));
      assert.deepEqual(
        headers.map(([name]) => name),
        ["To", "From", "CSeq", "Call-ID", "Max-Forwards", "Content-Length", "User-Agent", "Contact", ...(each.request === "wildcard" ? ["Expires"] : []), ...(each.credentials === null ? [] : [each.credentials.header])],
      );
    }
  });
});
