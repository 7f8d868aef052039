import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SipParseError } from "./errors.js";
import { unescapeUriComponent } from "./escape.js";
import { formatUri } from "./format-uri.js";
import type { SipUri, TelUri } from "./message.js";
import { parseUri } from "./parse-uri.js";
import { parseErrorOf } from "../../testkit/sip-fixtures.js";

function sip(text: string): SipUri {
  const uri = parseUri(text);
  assert.equal(uri.kind, "sip");
  return uri;
}

function rejects(text: string, pattern: RegExp): SipParseError {
  return parseErrorOf(() => parseUri(text), pattern);
}

describe("parseUri: sip and sips (RFC 3261 §19.1.1)", () => {
  it("reads every part", () => {
    assert.deepEqual(sip("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent"), {
      kind: "sip",
      scheme: "sips",
      user: "alice",
      password: "secret",
      host: "atlanta.example.com",
      hostKind: "domain",
      port: 5061,
      params: [
        ["transport", "tcp"],
        ["lr", null],
        ["maddr", "239.255.255.1"],
      ],
      headers: [
        ["subject", "project%20x"],
        ["priority", "urgent"],
      ],
    });
  });

  it("tells host kinds apart", () => {
    assert.equal(sip("sip:192.0.2.4").hostKind, "ipv4");
    assert.equal(sip("sip:255.255.255.255:5060").hostKind, "ipv4");
    const v6 = sip("sip:bob@[2001:db8::9:1]:5062;transport=tcp");
    assert.equal(v6.hostKind, "ipv6");
    assert.equal(v6.host, "[2001:db8::9:1]");
    assert.equal(v6.port, 5062);
    assert.equal(sip("sip:[::ffff:192.0.2.128]").hostKind, "ipv6");
    assert.equal(sip("sip:a.example.com.").hostKind, "domain");
    assert.equal(sip("sip:host_1.example").hostKind, "domain");
  });

  it("lowercases the scheme only", () => {
    const uri = sip("SIP:Alice@AtLanTa.CoM;Transport=TCP");
    assert.equal(uri.scheme, "sip");
    assert.equal(uri.user, "Alice");
    assert.equal(uri.host, "AtLanTa.CoM");
    assert.deepEqual(uri.params, [["Transport", "TCP"]]);
  });

  it("keeps %-escapes as written and unescapes on request", () => {
    const uri = sip("sip:sips%3Auser%40example.com@example.net");
    assert.equal(uri.user, "sips%3Auser%40example.com");
    assert.equal(unescapeUriComponent(uri.user ?? ""), "sips:user@example.com");
    assert.equal(unescapeUriComponent("%C3%A9t%C3%A9"), "été");
    assert.equal(unescapeUriComponent("null-%00-null"), "null-\u0000-null");
    assert.equal(unescapeUriComponent("bad%zzescape%4"), "bad%zzescape%4");
  });

  it("allows the user-unreserved characters, including ';' and '?' in the user part", () => {
    const uri = sip("sip:user;par=u%40example.net@example.com");
    assert.equal(uri.user, "user;par=u%40example.net");
    assert.equal(uri.host, "example.com");
    assert.equal(sip("sip:+1-212-555-1212;phone-context=example.com@gw.example.com;user=phone").user, "+1-212-555-1212;phone-context=example.com");
  });

  it("reads an empty password and an empty URI header value", () => {
    assert.equal(sip("sip:alice:@example.com").password, "");
    assert.deepEqual(sip("sip:example.com?body=").headers, [["body", ""]]);
  });

  it("rejects what the grammar does not allow, saying where", () => {
    assert.equal(rejects("sip:alice@", /missing host/).offset, 10);
    assert.equal(rejects("sip:@example.com", /empty user part/).offset, 4);
    assert.equal(rejects("sip::pw@example.com", /empty user part/).offset, 4);
    assert.equal(rejects("sip:a b@example.com", /invalid character ' ' in URI/).offset, 5);
    assert.equal(rejects("sip:alice@example.com:99999", /port number above 65535/).offset, 22);
    rejects("sip:alice@example.com:", /expected a port number/);
    rejects("sip:alice@example.com:50x", /invalid character 'x' in URI/);
    rejects("sip:alice@[2001:db8::zz]", /invalid IPv6 address/);
    rejects("sip:alice@[2001:db8::1", /unterminated IPv6 reference/);
    rejects("sip:1.2.3.400", /invalid IPv4 address/);
    rejects("sip:1.2.3", /invalid IPv4 address/);
    rejects("sip:a..example.com", /empty label/);
    rejects("sip:-a.example.com", /may not start or end with '-'/);
    rejects("sip:a@b@c", /invalid character '@'/);
    assert.equal(rejects("sip:alice%2@example.com", /invalid %-escape in URI/).offset, 9);
    assert.equal(rejects("sip:h;a=%zz", /invalid %-escape in URI/).offset, 8);
    rejects("sip:example.com;=x", /empty URI parameter name/);
    rejects("sip:example.com;x=", /empty value for URI parameter 'x'/);
    rejects("sip:example.com?x", /URI header 'x' needs '='/);
    rejects("sip:example.com?=y", /empty URI header name/);
    rejects("sip:example.com>", /invalid character '>' in URI/);
    rejects("<sip:example.com>", /must start with a scheme/);
    rejects("sip", /scheme must end with ':'/);
    rejects("", /empty URI/);
  });

  it("gives byte offsets for text that is not ASCII", () => {
    assert.equal(rejects("sip:é@x.example;a b", /invalid character/).offset, 4);
    assert.equal(rejects("sip:x.example;é", /invalid character 0xe9 in URI/).offset, 14);
    const error = rejects("tel:+1;é=x", /empty tel URI parameter name/);
    assert.equal(error.offset, 7);
  });
});

describe("parseUri: tel (RFC 3966)", () => {
  it("reads global and local numbers with parameters", () => {
    const global = parseUri("tel:+1-201-555-0123;ext=22;isub=%41b") as TelUri;
    assert.deepEqual(global, {
      kind: "tel",
      scheme: "tel",
      number: "+1-201-555-0123",
      params: [
        ["ext", "22"],
        ["isub", "%41b"],
      ],
    });
    const local = parseUri("TEL:7042;phone-context=example.com") as TelUri;
    assert.equal(local.number, "7042");
    assert.deepEqual(local.params, [["phone-context", "example.com"]]);
    assert.equal((parseUri("tel:*21#;flag") as TelUri).number, "*21#");
  });

  it("rejects numbers without digits and characters outside the grammar", () => {
    rejects("tel:+", /no digits/);
    rejects("tel:+-()", /no digits/);
    rejects("tel:+1a", /invalid character 'a' in tel URI/);
    rejects("tel:123 4", /invalid character ' ' in tel URI/);
    rejects("tel:1;=x", /empty tel URI parameter name/);
  });
});

describe("parseUri: other schemes", () => {
  it("keeps any other scheme whole as an absolute URI", () => {
    assert.deepEqual(parseUri("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), {
      kind: "absolute",
      scheme: "urn",
      opaque: "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
    });
    assert.deepEqual(parseUri("TELS:+1234"), { kind: "absolute", scheme: "tels", opaque: "+1234" });
    assert.deepEqual(parseUri("soap.beep://192.0.2.103:3002"), { kind: "absolute", scheme: "soap.beep", opaque: "//192.0.2.103:3002" });
    assert.deepEqual(parseUri("http://www.example.com/a?b=c"), { kind: "absolute", scheme: "http", opaque: "//www.example.com/a?b=c" });
  });

  it("rejects characters no URI may hold unescaped", () => {
    rejects("urn:a b", /invalid character ' ' in urn: URI/);
    rejects("urn:a<b>", /invalid character '<'/);
    rejects("urn:", /empty urn: URI/);
    rejects("1urn:x", /must start with a scheme/);
  });
});

describe("formatUri", () => {
  it("writes back the text it was parsed from", () => {
    for (const text of [
      "sip:example.com",
      "sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent",
      "sip:bob@[2001:db8::1]:5060;ob",
      "sip:%61lice@192.0.2.4;user=phone",
      "tel:+1-201-555-0123;ext=22",
      "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
      "sip:example.com?body=",
    ]) {
      assert.equal(formatUri(parseUri(text)), text);
    }
  });

  it("writes a URI built by hand", () => {
    const uri: SipUri = {
      kind: "sip",
      scheme: "sip",
      user: "alice",
      password: null,
      host: "10.0.0.5",
      hostKind: "ipv4",
      port: 5060,
      params: [["transport", "udp"]],
      headers: [["x", null]],
    };
    assert.equal(formatUri(uri), "sip:alice@10.0.0.5:5060;transport=udp?x=");
  });
});
