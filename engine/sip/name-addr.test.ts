import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SipParseError } from "./errors.js";
import { formatUri } from "./format-uri.js";
import { formatNameAddr, getTag, parseNameAddr, parseNameAddrList } from "./name-addr.js";
import { parseErrorOf } from "../../testkit/sip-fixtures.js";

function rejects(text: string, pattern: RegExp): SipParseError {
  return parseErrorOf(() => parseNameAddr(text), pattern);
}

describe("parseNameAddr (RFC 3261 §20.10)", () => {
  it("reads a name-addr without a display name", () => {
    const nameAddr = parseNameAddr("<sip:alice@example.com;transport=tcp>;tag=1928301774;expires=60");
    assert.equal(nameAddr.displayName, null);
    assert.equal(formatUri(nameAddr.uri), "sip:alice@example.com;transport=tcp");
    assert.deepEqual(nameAddr.params, [
      ["tag", "1928301774"],
      ["expires", "60"],
    ]);
    assert.equal(getTag(nameAddr), "1928301774");
  });

  it("unquotes a quoted display name and resolves quoted-pairs", () => {
    assert.equal(parseNameAddr('"Alice Example" <sip:a@h>').displayName, "Alice Example");
    assert.equal(parseNameAddr('"J Rosenberg \\\\\\"" <sip:j@h>').displayName, 'J Rosenberg \\"');
    assert.equal(parseNameAddr('"" <sip:j@h>').displayName, "");
    assert.equal(parseNameAddr('"Bell, Alexander" <sip:a@h>').displayName, "Bell, Alexander");
  });

  it("reads a display name of tokens, with or without space before '<'", () => {
    assert.equal(parseNameAddr("A. Bell <sip:a@h>").displayName, "A. Bell");
    assert.equal(parseNameAddr("caller<sip:a@h>;tag=1").displayName, "caller");
    assert.equal(parseNameAddr("Alice   Example  <sip:a@h>").displayName, "Alice   Example");
  });

  it("treats parameters after an addr-spec as header parameters (RFC 3261 §20)", () => {
    const nameAddr = parseNameAddr("sip:+19725552222@gw1.example.net;unknownparam;tag=x");
    assert.deepEqual(nameAddr.params, [
      ["unknownparam", null],
      ["tag", "x"],
    ]);
    assert.equal(nameAddr.uri.kind === "sip" && nameAddr.uri.params.length, 0);
    const inBrackets = parseNameAddr("<sip:+19725552222@gw1.example.net;unknownparam>");
    assert.deepEqual(inBrackets.params, []);
    assert.deepEqual(inBrackets.uri.kind === "sip" && inBrackets.uri.params, [["unknownparam", null]]);
  });

  it("accepts whitespace around ';' and '=' and keeps quoted values as written", () => {
    const nameAddr = parseNameAddr('sip:a@h ;   tag    = 1918181833n ; +sip.instance="<urn:uuid:1>" ; q = 0.33');
    assert.deepEqual(nameAddr.params, [
      ["tag", "1918181833n"],
      ["+sip.instance", '"<urn:uuid:1>"'],
      ["q", "0.33"],
    ]);
  });

  it("reads other schemes as absolute URIs", () => {
    assert.deepEqual(parseNameAddr("<urn:service:sos>").uri, { kind: "absolute", scheme: "urn", opaque: "service:sos" });
    assert.deepEqual(parseNameAddr("isbn:2983792873").uri, { kind: "absolute", scheme: "isbn", opaque: "2983792873" });
    assert.equal(parseNameAddr("<tel:+1-201-555-0123>;tag=9").uri.kind, "tel");
  });

  it("rejects malformed addresses, saying what and where", () => {
    assert.equal(rejects("Bell, Alexander <sip:a@h>", /display name must be tokens or a quoted string, found ','/).offset, 4);
    assert.equal(rejects("< sip:a@h >", /whitespace after '<'/).offset, 1);
    assert.equal(rejects("<sip:a@h >", /whitespace before '>'/).offset, 8);
    rejects('"Mr. J. User <sip:j.user@example.com>', /unterminated quoted string/);
    rejects("<sip:a@h", /missing '>'/);
    rejects('"name" sip:a@h', /expected '<' after the display name/);
    assert.equal(rejects("sip:user@example.com?Route=%3Csip:x%3E", /'\?' must be enclosed in <>/).offset, 20);
    rejects("sip:a@h, sip:b@h", /',' must be enclosed in <>/);
    rejects("<sip:a@h>;;", /expected a parameter name after ';'/);
    rejects("<sip:a@h>;tag=", /expected a value for parameter 'tag'/);
    rejects("<sip:a@h> junk", /unexpected 'j' after the address/);
    rejects("", /expected an address, found the end/);
    rejects("<sip:a@h>;x=\"open", /unterminated quoted string/);
  });

  it("gives byte offsets in text that is not ASCII", () => {
    const error = rejects('"Jörg" <sip:a@h>;=', /expected a parameter name/);
    assert.equal(error.offset, Buffer.byteLength('"Jörg" <sip:a@h>;'));
  });
});

describe("parseNameAddrList", () => {
  it("splits on commas outside quotes and brackets", () => {
    const list = parseNameAddrList('"Doe, John" <sip:j,k@h;x=1>;expires=60, sip:k@h;q=0.5 ,<sip:l@h>');
    assert.deepEqual(
      list.map((entry) => [entry.displayName, formatUri(entry.uri), entry.params]),
      [
        ["Doe, John", "sip:j,k@h;x=1", [["expires", "60"]]],
        [null, "sip:k@h", [["q", "0.5"]]],
        [null, "sip:l@h", []],
      ],
    );
  });

  it("rejects empty elements", () => {
    assert.throws(() => parseNameAddrList("<sip:a@h>,,<sip:b@h>"), SipParseError);
    assert.throws(() => parseNameAddrList("<sip:a@h>,"), SipParseError);
  });
});

describe("formatNameAddr", () => {
  it("always writes the <> form and quotes the display name", () => {
    assert.equal(formatNameAddr(parseNameAddr("sip:a@h;tag=1")), "<sip:a@h>;tag=1");
    assert.equal(formatNameAddr(parseNameAddr("A. Bell <sip:a@h>")), '"A. Bell" <sip:a@h>');
    assert.equal(formatNameAddr(parseNameAddr('"J \\"R\\" \\\\" <sip:a@h>')), '"J \\"R\\" \\\\" <sip:a@h>');
  });

  it("cannot be made to break the header line", () => {
    const text = formatNameAddr({ displayName: "evil\r\nVia: x", uri: parseNameAddr("<sip:a@h>").uri, params: [] });
    assert.equal(text, '"evil  Via: x" <sip:a@h>');
  });

  it("round-trips through parseNameAddr", () => {
    for (const text of ['"Alice" <sip:alice@atlanta.com>;tag=1928301774', "<sips:[2001:db8::1]:5061;transport=tls>;expires=0", '"a\\\\b" <tel:+1234>;x="y;z"']) {
      assert.deepEqual(parseNameAddr(formatNameAddr(parseNameAddr(text))), parseNameAddr(text));
    }
  });
});
