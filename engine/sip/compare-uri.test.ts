import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareUris } from "./compare-uri.js";
import { parseUri } from "./parse-uri.js";

const same = (a: string, b: string): boolean => compareUris(parseUri(a), parseUri(b));

describe("compareUris (RFC 3261 §19.1.4)", () => {
  it("finds the RFC's equivalent pairs equal, both ways", () => {
    const pairs: Array<[string, string]> = [
      ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com;security=on"],
      ["sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
      [
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
      ],
      ["sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
    ];
    for (const [a, b] of pairs) {
      assert.ok(same(a, b), `${a} = ${b}`);
      assert.ok(same(b, a), `${b} = ${a}`);
    }
  });

  it("finds the RFC's non-equivalent pairs different, both ways", () => {
    const pairs: Array<[string, string]> = [
      ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"],
      ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"],
      ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"],
      ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"],
    ];
    for (const [a, b] of pairs) {
      assert.ok(!same(a, b), `${a} ≠ ${b}`);
      assert.ok(!same(b, a), `${b} ≠ ${a}`);
    }
  });

  it("is not transitive, as the RFC warns", () => {
    assert.ok(same("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
    assert.ok(same("sip:carol@chicago.com", "sip:carol@chicago.com;security=off"));
    assert.ok(!same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
  });

  it("never matches sip with sips, or a URI with a user against one without", () => {
    assert.ok(!same("sip:alice@atlanta.com", "sips:alice@atlanta.com"));
    assert.ok(!same("sip:atlanta.com", "sip:alice@atlanta.com"));
  });

  it("compares user and password case-sensitively after unescaping", () => {
    assert.ok(same("sip:alice:pw@h", "sip:%61lice:%70w@h"));
    assert.ok(!same("sip:alice:pw@h", "sip:alice:PW@h"));
    assert.ok(!same("sip:alice:pw@h", "sip:alice@h"));
  });

  it("requires the spec §4.1 parameters to be both absent or equal", () => {
    for (const name of ["transport=udp", "ttl=1", "user=phone", "method=INVITE", "maddr=239.0.0.1", "lr", "r2=on", "gr", "pn-provider=apns", "pn-prid=abc", "pn-param=x", "pn-purr=y"]) {
      assert.ok(!same("sip:a@h", `sip:a@h;${name}`), name);
      assert.ok(same(`sip:a@h;${name}`, `sip:a@h;${name.toUpperCase()}`), `${name} case-insensitive`);
    }
    assert.ok(!same("sip:a@h;lr", "sip:a@h;lr=on"));
    assert.ok(same("sip:a@h;%6C%72", "sip:a@h;lr"));
  });

  it("compares other parameters only when both have them", () => {
    assert.ok(same("sip:a@h;line=abc", "sip:a@h"));
    assert.ok(same("sip:a@h;line=abc", "sip:a@h;line=ABC"));
    assert.ok(!same("sip:a@h;line=abc", "sip:a@h;line=abd"));
    assert.ok(!same("sip:a@h;ob", "sip:a@h;ob=1"));
  });

  it("compares URI headers by name (any case or compact form) and unescaped value", () => {
    assert.ok(same("sip:a@h?Subject=hi%20there", "sip:a@h?subject=hi there".replace(" ", "%20")));
    assert.ok(same("sip:a@h?s=x", "sip:a@h?Subject=x"));
    assert.ok(!same("sip:a@h?subject=x", "sip:a@h?subject=X"));
    assert.ok(!same("sip:a@h?subject=x", "sip:a@h?subject=x&priority=urgent"));
  });

  it("compares hosts case-insensitively and IPv6 addresses by value", () => {
    assert.ok(same("sip:a@EXAMPLE.com", "sip:a@example.COM"));
    assert.ok(same("sip:a@[::1]", "sip:a@[0:0:0:0:0:0:0:1]"));
    assert.ok(same("sip:a@[2001:DB8::1]:5060", "sip:a@[2001:db8:0::1]:5060"));
    assert.ok(same("sip:a@[::ffff:192.0.2.1]", "sip:a@[::ffff:c000:201]"));
    assert.ok(!same("sip:a@[::1]", "sip:a@[::2]"));
    assert.ok(!same("sip:a@[::1]", "sip:a@[::1]:5060"));
  });

  it("compares tel URIs by number without visual separators and by parameters (RFC 3966 §4)", () => {
    assert.ok(same("tel:+1-201-555-0123", "tel:+1(201)5550123"));
    assert.ok(same("tel:7042;phone-context=EXAMPLE.com", "tel:7042;Phone-Context=example.com"));
    assert.ok(!same("tel:+1-201-555-0123", "tel:1-201-555-0123"));
    assert.ok(!same("tel:7042;phone-context=a", "tel:7042"));
    assert.ok(!same("tel:+1234", "sip:+1234@h"));
  });

  it("compares other schemes by scheme and unescaped text", () => {
    assert.ok(same("urn:uuid:abc", "URN:uuid:%61bc"));
    assert.ok(!same("urn:uuid:abc", "urn:uuid:abd"));
    assert.ok(!same("urn:x", "tels:x"));
  });

  it("keeps an escaped reserved character apart from its literal form (§19.1.4), in every part", () => {
    // user: ";", ",", "=", "&", "+", "$", "?" and "/" may appear literally or escaped.
    for (const [literal, escaped] of [[";", "%3B"], [",", "%2C"], ["=", "%3D"], ["&", "%26"], ["+", "%2B"], ["$", "%24"], ["?", "%3F"], ["/", "%2F"]]) {
      assert.ok(!same(`sip:a${literal}b@h`, `sip:a${escaped}b@h`), `user ${literal} vs ${escaped}`);
      assert.ok(same(`sip:a${escaped}b@h`, `sip:a${escaped!.toLowerCase()}b@h`), `user ${escaped} vs its lowercase hex`);
    }
    assert.ok(!same("sip:a:p%2Bw@h", "sip:a:p+w@h"), "password");
    assert.ok(!same("sip:a@h;x=a:b", "sip:a@h;x=a%3Ab"), "parameter value");
    assert.ok(!same("sip:a@h?subject=a/b", "sip:a@h?subject=a%2Fb"), "header value");
    assert.ok(!same("urn:a:b", "urn:a%3Ab"), "opaque URI");
  });

  it("still decodes escapes of unreserved characters, and never reads %25 as the start of an escape", () => {
    assert.ok(same("sip:%61%2D%7E@h", "sip:a-~@h"));
    assert.ok(same("sip:a@h;x=%41", "sip:a@h;x=a"));
    // "%253B" is a literal "%3B" spelled out, not an escaped ";": it equals neither ";" nor "%3B".
    assert.ok(!same("sip:a%253B@h", "sip:a%3B@h"));
    assert.ok(!same("sip:a%253B@h", "sip:a;@h"));
    assert.ok(same("sip:a%253B@h", "sip:a%25%33%42@h"));
  });
});

