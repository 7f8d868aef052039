/**
 * Real-world-shaped messages (fixtures/sip/*.sip): REGISTERs as Asterisk (pjsip), OpenSIPS
 * uac_registrant, pjsua and Kamailio write them, and registrar answers (401 with two challenges,
 * 407, 200 with three bindings, 423, 403, 503 with Retry-After, compact and folded headers, IPv6).
 * Each one is parsed, its key fields checked, and it must survive serialize + parse unchanged.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { compareUris } from "./compare-uri.js";
import { formatUri } from "./format-uri.js";
import {
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFrom,
  getMinExpires,
  getRetryAfter,
  getTo,
  getVias,
  headerValue,
  headerValues,
} from "./headers.js";
import type { NameAddr, SipMessage } from "./message.js";
import { getTag } from "./name-addr.js";
import { getParam } from "./params.js";
import { parseMessage } from "./parse-message.js";
import { parseUri } from "./parse-uri.js";
import { serializeMessage } from "./serialize.js";
import { viaBranch, viaReceived, viaRport } from "./via.js";
import { fixtures } from "../../testkit/sip-fixtures.js";

const { dir: DIR, message: load, request, response } = fixtures("sip/");

function contacts(message: SipMessage): NameAddr[] {
  const list = getContacts(message);
  assert.ok(!list.wildcard);
  return list.contacts;
}

describe("corpus: REGISTER requests", () => {
  it("Asterisk (pjsip): rport flag, +sip.instance, reg-id, Allow list, double space before Content-Length", () => {
    const message = request("register-asterisk-pjsip.sip");
    assert.equal(formatUri(message.uri), "sip:sip.provider.example");
    const [via] = getVias(message);
    assert.equal(viaRport(via!), true);
    assert.equal(viaBranch(via!), "z9hG4bKPj6c1f3e8a-2b1d-4f7a-9c3e-7d5a1b2c3d4e");
    assert.equal(getTag(getFrom(message)), "1c2b7e4a-9f3d-4b8e-a1c6-5d7e8f9a0b1c");
    assert.equal(getTag(getTo(message)), null);
    assert.deepEqual(getCSeq(message), { seq: 38617, method: "REGISTER" });
    const [contact] = contacts(message);
    assert.equal(formatUri(contact!.uri), "sip:4420123456@192.0.2.10:5060;line=zlzvwkr");
    assert.equal(getParam(contact!.params, "expires"), "3600");
    assert.equal(getParam(contact!.params, "+sip.instance"), '"<urn:uuid:6f0e2d3c-1b4a-4c5d-8e9f-a0b1c2d3e4f5>"');
    assert.equal(getParam(contact!.params, "reg-id"), "1");
    assert.equal(getExpires(message), 3600);
    assert.equal(headerValues(message, "Allow").length, 14);
    assert.deepEqual(headerValues(message, "Supported"), ["path", "outbound", "gruu"]);
    assert.equal(headerValue(message, "Content-Length"), "0");
  });

  it("OpenSIPS uac_registrant: the spec §6.1 header order", () => {
    const message = request("register-opensips-uac.sip");
    assert.deepEqual(
      message.headers.map((header) => header.name),
      ["Via", "To", "From", "CSeq", "Call-ID", "Max-Forwards", "Content-Length", "User-Agent", "Contact"],
    );
    assert.equal(getCallId(message), "5d41402abc4b2a76b9719d91101");
    assert.equal(getTag(getFrom(message)), "3f2a1");
    const [contact] = contacts(message);
    assert.ok(compareUris(contact!.uri, parseUri("sip:alice@10.0.0.5:5060")));
    assert.ok(!compareUris(contact!.uri, parseUri("sip:alice@10.0.0.5")));
    assert.equal(getParam(contact!.params, "expires"), "3600");
  });

  it("pjsua over TCP on IPv6: bracketed hosts in the Request-URI, Via and Contact", () => {
    const message = request("register-pjsua-tcp-ipv6.sip");
    assert.equal(message.uri.kind === "sip" && message.uri.hostKind, "ipv6");
    const [via] = getVias(message);
    assert.deepEqual([via?.transport, via?.host, via?.port], ["TCP", "[2001:db8::10]", 50724]);
    assert.equal(getParam(via!.params, "alias"), null);
    assert.equal(getFrom(message).displayName, "Bob");
    const [contact] = contacts(message);
    assert.equal(contact!.uri.kind === "sip" && contact!.uri.host, "[2001:db8::10]");
    assert.equal(getParam(contact!.params, "reg-id"), "1");
    assert.equal(getExpires(message), 300);
  });

  it("Kamailio uac: Authorization with qop, nc and cnonce", () => {
    const message = request("register-kamailio-authorization.sip");
    const [credentials] = getAuthValues(message, "Authorization");
    assert.equal(credentials?.scheme, "Digest");
    assert.deepEqual(Object.fromEntries(credentials?.params ?? []), {
      username: "trunk01",
      realm: "pbx.example.org",
      nonce: "Y3d6c2FkZmFzZGY0MzI1NDM1NDM2NDU=",
      uri: "sip:pbx.example.org",
      response: "8f4b1e2a9c3d5e6f7a8b9c0d1e2f3a4b",
      algorithm: "MD5",
      cnonce: "2318771",
      qop: "auth",
      nc: "00000001",
    });
    assert.equal(getVias(message)[0]?.port, null);
  });

  it("wildcard unREGISTER: Contact * with Expires 0", () => {
    const message = request("register-wildcard-unregister.sip");
    assert.deepEqual(getContacts(message), { wildcard: true });
    assert.equal(getExpires(message), 0);
  });
});

describe("corpus: registrar responses", () => {
  it("401 with two challenges, in order", () => {
    const message = response("401-two-challenges.sip");
    assert.equal(message.status, 401);
    const challenges = getAuthValues(message, "WWW-Authenticate");
    assert.deepEqual(
      challenges.map((challenge) => [challenge.params.get("algorithm"), challenge.params.get("qop"), challenge.params.get("stale")]),
      [
        ["SHA-256", "auth,auth-int", "FALSE"],
        ["MD5", "auth,auth-int", "FALSE"],
      ],
    );
    assert.equal(challenges[0]?.params.get("realm"), "sip.provider.example");
    assert.equal(challenges[1]?.params.get("opaque"), "a1b2c3");
    const [via] = getVias(message);
    assert.equal(viaRport(via!), 5060);
    assert.equal(viaReceived(via!), "198.51.100.23");
    assert.equal(getTag(getTo(message)), "b27e1a1d33761e85846fc98f5f3a7e58.9c1f");
  });

  it("407 with a Proxy-Authenticate challenge", () => {
    const message = response("407-proxy-challenge.sip");
    assert.equal(message.reason, "Proxy Authentication Required");
    assert.deepEqual(getAuthValues(message, "WWW-Authenticate"), []);
    assert.equal(getAuthValues(message, "Proxy-Authenticate")[0]?.params.get("nonce"), "6a4e5c4a0000e1b1f1a4c8d3f2b1a0e9d8c7b6a5");
  });

  it("200 with three bindings over two Contact headers, ours found by URI comparison", () => {
    const message = response("200-three-bindings.sip");
    const bindings = contacts(message);
    assert.deepEqual(
      bindings.map((binding) => [formatUri(binding.uri), getParam(binding.params, "expires")]),
      [
        ["sip:4420123456@192.0.2.10:5060;line=zlzvwkr", "3600"],
        ["sip:4420123456@10.8.0.14:5062;ob", "1800"],
        ["sip:4420123456@203.0.113.77:49152;transport=tcp", "47"],
      ],
    );
    assert.equal(getParam(bindings[0]!.params, "received"), '"sip:198.51.100.23:5060"');
    assert.equal(getParam(bindings[2]!.params, "q"), "0.5");
    const ours = parseUri("sip:4420123456@192.0.2.10:5060;line=zlzvwkr");
    assert.equal(bindings.findIndex((binding) => compareUris(binding.uri, ours)), 0);
    assert.deepEqual(headerValues(message, "Date"), ["Tue, 11 Jun 2024 09:30:00 GMT"]);
  });

  it("423 with Min-Expires", () => {
    const message = response("423-interval-too-brief.sip");
    assert.equal(message.status, 423);
    assert.equal(message.reason, "Interval Too Brief");
    assert.equal(getMinExpires(message), 600);
  });

  it("403 with a Reason header", () => {
    const message = response("403-forbidden.sip");
    assert.equal(message.status, 403);
    assert.deepEqual(headerValues(message, "Reason"), ['SIP;cause=403;text="Authentication failed"']);
  });

  it("503 with Retry-After, a comment and a duration, behind two Vias", () => {
    const message = response("503-retry-after.sip");
    assert.deepEqual(getRetryAfter(message), {
      seconds: 120,
      comment: "Registrar maintenance",
      duration: 3600,
      params: [["duration", "3600"]],
    });
    assert.deepEqual(getVias(message).map((via) => via.host), ["203.0.113.5", "192.0.2.10"]);
  });

  it("401 with compact names and folded values", () => {
    const message = response("401-compact-folded.sip");
    assert.deepEqual(
      message.headers.map((header) => header.name),
      ["Via", "From", "To", "Call-ID", "CSeq", "WWW-Authenticate", "Contact", "Supported", "Content-Length"],
    );
    const [via] = getVias(message);
    assert.equal(viaReceived(via!), "198.51.100.23");
    assert.equal(viaRport(via!), 50612);
    assert.equal(getCallId(message), "3848276298220188511@10.20.30.40");
    assert.equal(getFrom(message).displayName, "Alice Example");
    assert.deepEqual(Object.fromEntries(getAuthValues(message, "WWW-Authenticate")[0]?.params ?? []), {
      realm: "example.org",
      nonce: "6f0bbd5c33a2c5e1b7fb1c8bc0f5e7a2",
      opaque: "5ccc069c403ebaf9f0171e9517f40e41",
      algorithm: "MD5",
      qop: "auth",
    });
    assert.equal(getParam(contacts(message)[0]!.params, "expires"), "300");
  });

  it("200 over IPv6 and TLS, with a UTF-8 body", () => {
    const message = response("200-ipv6-via-and-body.sip");
    const vias = getVias(message);
    assert.deepEqual(vias.map((via) => [via.transport, via.host, via.port]), [
      ["UDP", "[2001:db8:85a3::8a2e:370:7334]", 5062],
      ["TLS", "[::ffff:192.0.2.128]", null],
    ]);
    assert.equal(viaReceived(vias[0]!), "2001:db8:85a3::8a2e:370:7334");
    assert.equal(getCallId(message), "1j9FpLxk3uxtm8tn@[2001:db8::9:1]");
    assert.equal(getFrom(message).uri.kind === "sip" && getFrom(message).uri.scheme, "sips");
    assert.equal(Buffer.from(message.body).toString("utf8"), "Grüße, Carol");
  });
});

describe("corpus: every file", () => {
  const files = readdirSync(DIR).filter((file) => file.endsWith(".sip"));

  it("has the expected files", () => {
    assert.equal(files.length, 13);
  });

  it("survives serialize + parse with the same meaning", () => {
    for (const file of files) {
      const message = load(file);
      const again = parseMessage(serializeMessage(message));
      assert.deepEqual(again, message, file);
      assert.deepEqual(getVias(again), getVias(message), file);
      assert.deepEqual(getContacts(again), getContacts(message), file);
    }
  });
});
