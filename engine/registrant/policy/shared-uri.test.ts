import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatUri, parseUri, SipParseError } from "../../sip/index.js";
import { SHARED_URIS_MAX, sharedUri } from "./shared-uri.js";

describe("shared registrar URIs", () => {
  it("gives what parseUri gives, the same object for the same text", () => {
    const text = "sip:registrar.example:5070;transport=tcp?x=y";
    const uri = sharedUri(text);
    assert.deepEqual(uri, parseUri(text));
    assert.equal(sharedUri(text), uri);
    assert.equal(formatUri(uri), text);
    assert.deepEqual(sharedUri("tel:+1-201-555-0123;phone-context=example.com"), parseUri("tel:+1-201-555-0123;phone-context=example.com"));
    assert.deepEqual(sharedUri("urn:service:sos"), parseUri("urn:service:sos"));
  });

  it("is frozen, params and headers included, since every request holds it", () => {
    const uri = sharedUri("sip:frozen.example;lr?h=v");
    assert.ok(uri.kind === "sip");
    assert.throws(() => {
      (uri as { host: string }).host = "elsewhere";
    }, TypeError);
    assert.throws(() => uri.params.push(["x", null]), TypeError);
    assert.throws(() => (uri.params[0] as [string, string | null]).splice(0, 1), TypeError);
    assert.throws(() => uri.headers.push(["x", null]), TypeError);
    assert.throws(() => (uri.headers[0] as [string, string | null]).splice(0, 1), TypeError);
    const tel = sharedUri("tel:+1-201-555-0124;ext=1");
    assert.ok(tel.kind === "tel");
    assert.throws(() => tel.params.push(["x", null]), TypeError);
    assert.throws(() => (tel.params[0] as [string, string | null]).splice(0, 1), TypeError);
    assert.ok(Object.isFrozen(sharedUri("urn:frozen")));
  });

  it("throws as parseUri does and remembers nothing for a text that does not parse", () => {
    assert.throws(() => sharedUri("sip:"), SipParseError);
    assert.throws(() => sharedUri("sip:"), SipParseError);
  });

  it("starts afresh past its bound, parsing anew", () => {
    const first = sharedUri("sip:first.example");
    for (let i = 0; i < SHARED_URIS_MAX; i++) sharedUri(`sip:r${i}.example`);
    const again = sharedUri("sip:first.example");
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });
});
