import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAuthValue, parseAuthValue, parseAuthValues } from "./auth-value.js";
import { formatUri } from "./format-uri.js";
import {
  addHeader,
  findHeaders,
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getMinExpires,
  getRetryAfter,
  getTo,
  getVias,
  headerValue,
  headerValues,
  removeHeader,
  setHeader,
} from "./headers.js";
import type { NameAddr, SipMessage } from "./message.js";
import { getTag } from "./name-addr.js";
import { findParam, formatParams, getParam, hasParam, removeParam, setParam } from "./params.js";
import { parseMessage } from "./parse-message.js";
import { parseRetryAfter } from "./retry-after.js";
import { formatCSeq, parseCSeq } from "./scalars.js";
import { sameHeaderName } from "./header-names.js";
import { splitList } from "./split-list.js";
import { formatVia, parseVias, viaBranch, viaReceived, viaRport } from "./via.js";
import { parseErrorOf } from "../../testkit/sip-fixtures.js";

function message(...headers: string[]): SipMessage {
  return parseMessage(Buffer.from(`OPTIONS sip:a SIP/2.0\r\n${headers.join("\r\n")}\r\n\r\n`, "utf8"));
}


describe("Via (RFC 3261 §20.42)", () => {
  it("reads protocol, sent-by and parameters, across headers and comma lists, top first", () => {
    const vias = getVias(
      message(
        "Via: SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK776asdhds",
        "v: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKa;received=2001:db8::9;rport=5061, SIP/2.0/TLS proxy.example.com;branch=z9hG4bKb",
      ),
    );
    assert.deepEqual(vias, [
      { protocolVersion: "SIP/2.0", transport: "UDP", host: "192.0.2.10", port: 5060, params: [["rport", null], ["branch", "z9hG4bK776asdhds"]] },
      {
        protocolVersion: "SIP/2.0",
        transport: "TCP",
        host: "[2001:db8::1]",
        port: 5061,
        params: [["branch", "z9hG4bKa"], ["received", "2001:db8::9"], ["rport", "5061"]],
      },
      { protocolVersion: "SIP/2.0", transport: "TLS", host: "proxy.example.com", port: null, params: [["branch", "z9hG4bKb"]] },
    ]);
    const [first, second, third] = vias;
    assert.ok(first !== undefined && second !== undefined && third !== undefined);
    assert.equal(viaBranch(first), "z9hG4bK776asdhds");
    assert.equal(viaRport(first), true);
    assert.equal(viaRport(second), 5061);
    assert.equal(viaRport(third), null);
    assert.equal(viaReceived(second), "2001:db8::9");
    assert.equal(viaReceived(first), null);
  });

  it("accepts LWS around the slashes, the colon and the parameters", () => {
    const [via] = parseVias("SIP  /   2.0 / UDP  192.168.255.111 : 5070  ; branch= z9hG4bK30239 ;received=[::1]");
    assert.deepEqual(via, {
      protocolVersion: "SIP/2.0",
      transport: "UDP",
      host: "192.168.255.111",
      port: 5070,
      params: [["branch", "z9hG4bK30239"], ["received", "[::1]"]],
    });
  });

  it("says a bad rport is no port", () => {
    const [via] = parseVias("SIP/2.0/UDP h;rport=99999");
    assert.ok(via !== undefined);
    assert.equal(viaRport(via), null);
  });

  it("formats a Via", () => {
    const text = "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK3a7f;rport";
    assert.equal(formatVia(parseVias(text)[0]!), text);
    assert.equal(formatVia({ protocolVersion: "SIP/2.0", transport: "TLS", host: "[::1]", port: null, params: [] }), "SIP/2.0/TLS [::1]");
  });

  it("rejects malformed values, naming the header", () => {
    const error = parseErrorOf(() => getVias(message("Via: SIP/2.0/UDP 192.0.2.15;;,;,,")), /Via header 'SIP\/2.0\/UDP 192.0.2.15;;,;,,': expected a parameter name after ';'/);
    assert.equal(error.offset, 23);
    parseErrorOf(() => parseVias("SIP/2.0 192.0.2.1"), /expected '\/' after the protocol version/);
    parseErrorOf(() => parseVias("SIP/2.0/UDP"), /expected whitespace before sent-by/);
    parseErrorOf(() => parseVias("SIP/2.0/UDP h:port"), /expected a port number/);
    parseErrorOf(() => parseVias("SIP/2.0/UDP h, "), /expected a protocol name/);
    parseErrorOf(() => parseVias("SIP/2.0/UDP h x"), /expected ',' between Via values/);
  });

  it("gives no Vias for a message without one", () => {
    assert.deepEqual(getVias(message("To: <sip:a@h>")), []);
  });
});

describe("From, To, Call-ID, CSeq, Max-Forwards", () => {
  const dialog = message(
    'From: "Alice" <sip:alice@atlanta.com>;tag=1928301774',
    "t: sip:bob@biloxi.com",
    "i: a84b4c76e66710@pc33.atlanta.com",
    "CSeq: 314159 INVITE",
    "Max-Forwards: 70",
  );

  it("reads From and To with their tags", () => {
    const from: NameAddr = getFrom(dialog);
    assert.equal(from.displayName, "Alice");
    assert.equal(formatUri(from.uri), "sip:alice@atlanta.com");
    assert.equal(getTag(from), "1928301774");
    assert.equal(getTag(getTo(dialog)), null);
  });

  it("reads Call-ID, CSeq and Max-Forwards", () => {
    assert.equal(getCallId(dialog), "a84b4c76e66710@pc33.atlanta.com");
    assert.deepEqual(getCSeq(dialog), { seq: 314159, method: "INVITE" });
    assert.equal(getMaxForwards(dialog), 70);
    assert.equal(getMaxForwards(message("To: x")), null);
  });

  it("reads a folded CSeq and a Call-ID of word characters", () => {
    assert.deepEqual(getCSeq(message("cseq: 0009", "  INVITE")), { seq: 9, method: "INVITE" });
    assert.equal(getCallId(message("Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assert.deepEqual(parseCSeq("4294967295 REGISTER"), { seq: 4294967295, method: "REGISTER" });
    assert.equal(formatCSeq({ seq: 2, method: "REGISTER" }), "2 REGISTER");
  });

  it("rejects missing, repeated and malformed values", () => {
    parseErrorOf(() => getFrom(message("To: <sip:a@h>")), /missing From header/);
    parseErrorOf(() => getCallId(message("Call-ID: a", "Call-ID: b")), /more than one Call-ID header/);
    parseErrorOf(() => getCSeq(message("CSeq: 4294967296 REGISTER")), /CSeq header '4294967296 REGISTER': CSeq number is above 2\^32-1/);
    parseErrorOf(() => getCSeq(message("CSeq: REGISTER")), /expected CSeq number \(digits\)/);
    parseErrorOf(() => getCSeq(message("CSeq: 1REGISTER")), /expected whitespace after the CSeq number/);
    parseErrorOf(() => getCSeq(message("CSeq: 1 REGISTER x")), /unexpected 'x' after the CSeq method/);
    parseErrorOf(() => getCallId(message("Call-ID: a b")), /invalid character ' ' in Call-ID/);
    parseErrorOf(() => getCallId(message("Call-ID: a@b@c")), /invalid character '@' in Call-ID/);
    parseErrorOf(() => getCallId(message("Call-ID: a@")), /empty word after '@'/);
    parseErrorOf(() => getCallId(message("Call-ID:")), /empty Call-ID/);
    parseErrorOf(() => getMaxForwards(message("Max-Forwards: 300")), /Max-Forwards 300 is above 255/);
    parseErrorOf(() => getTo(message("To: Watson, Thomas <sip:t@h>")), /To header 'Watson, Thomas <sip:t@h>': display name must be tokens/);
  });
});

describe("Contact (RFC 3261 §20.10)", () => {
  it("reads every binding across headers, with URI and header parameters", () => {
    const list = getContacts(
      message(
        'Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600;+sip.instance="<urn:uuid:1>";reg-id=1, <sip:alice@10.8.0.14:5062;ob>;expires=1800',
        "m: sip:alice@203.0.113.77:49152;expires=47;q=0.5",
      ),
    );
    assert.equal(list.wildcard, false);
    assert.ok(!list.wildcard);
    assert.deepEqual(
      list.contacts.map((contact) => [formatUri(contact.uri), getParam(contact.params, "expires")]),
      [
        ["sip:alice@192.0.2.10:5060;transport=udp", "3600"],
        ["sip:alice@10.8.0.14:5062;ob", "1800"],
        ["sip:alice@203.0.113.77:49152", "47"],
      ],
    );
    assert.equal(getParam(list.contacts[0]?.params ?? [], "+sip.instance"), '"<urn:uuid:1>"');
  });

  it("reads the wildcard, and no Contact as an empty list", () => {
    assert.deepEqual(getContacts(message("Contact: *", "Expires: 0")), { wildcard: true });
    assert.deepEqual(getContacts(message("To: <sip:a@h>")), { wildcard: false, contacts: [] });
    parseErrorOf(() => getContacts(message("Contact: *", "Contact: <sip:a@h>")), /'\*' must be the only Contact value/);
  });
});

describe("Expires, Min-Expires, Retry-After", () => {
  it("reads delta-seconds", () => {
    assert.equal(getExpires(message("Expires: 3600")), 3600);
    assert.equal(getExpires(message("To: x")), null);
    assert.equal(getMinExpires(message("Min-Expires: 600")), 600);
    parseErrorOf(() => getExpires(message("Expires: 10000000000")), /Expires is above 2\^32-1/);
    parseErrorOf(() => getMinExpires(message("Min-Expires: 60s")), /unexpected 's' in Min-Expires/);
  });

  it("reads Retry-After with a comment and a duration (RFC 3261 §20.33)", () => {
    assert.deepEqual(getRetryAfter(message("Retry-After: 18000;duration=3600")), {
      seconds: 18000,
      comment: null,
      duration: 3600,
      params: [["duration", "3600"]],
    });
    assert.deepEqual(parseRetryAfter("120 (I'm in a (long) meeting) ;foo=bar"), {
      seconds: 120,
      comment: "I'm in a (long) meeting",
      duration: null,
      params: [["foo", "bar"]],
    });
    assert.equal(getRetryAfter(message("To: x")), null);
    parseErrorOf(() => parseRetryAfter("120 (unclosed"), /unterminated comment/);
    parseErrorOf(() => parseRetryAfter("soon"), /expected Retry-After seconds/);
    parseErrorOf(() => parseRetryAfter("5;duration=x"), /expected Retry-After duration/);
  });
});

describe("authentication headers (RFC 3261 §25.1, RFC 7235)", () => {
  it("reads every challenge with lowercase names and unquoted values", () => {
    const values = getAuthValues(
      message(
        'WWW-Authenticate: Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5',
        'WWW-Authenticate: Digest Realm="a\\"b", NONCE=x, algorithm=SHA-256',
      ),
      "WWW-Authenticate",
    );
    assert.equal(values.length, 2);
    assert.equal(values[0]?.scheme, "Digest");
    assert.deepEqual(Object.fromEntries(values[0]?.params ?? []), {
      realm: "atlanta.com",
      domain: "sip:boxesbybob.com",
      qop: "auth,auth-int",
      nonce: "f84f1cec41e6cbe5aea9c8e88d359",
      opaque: "",
      stale: "FALSE",
      algorithm: "MD5",
    });
    assert.deepEqual(Object.fromEntries(values[1]?.params ?? []), { realm: 'a"b', nonce: "x", algorithm: "SHA-256" });
  });

  it("reads several challenges in one header (RFC 7235 §4.1)", () => {
    const values = parseAuthValues('Digest realm="a", nonce="1", algorithm=SHA-256, Digest realm="a", nonce="2",, Basic realm="b"');
    assert.deepEqual(
      values.map((value) => [value.scheme, Object.fromEntries(value.params)]),
      [
        ["Digest", { realm: "a", nonce: "1", algorithm: "SHA-256" }],
        ["Digest", { realm: "a", nonce: "2" }],
        ["Basic", { realm: "b" }],
      ],
    );
  });

  it("keeps the header kinds apart", () => {
    const both = message('Proxy-Authenticate: Digest realm="p", nonce="1"', 'Authorization: Digest username="u", response="r"');
    assert.equal(getAuthValues(both, "Proxy-Authenticate")[0]?.params.get("realm"), "p");
    assert.equal(getAuthValues(both, "Authorization")[0]?.params.get("username"), "u");
    assert.deepEqual(getAuthValues(both, "WWW-Authenticate"), []);
    assert.deepEqual(getAuthValues(both, "Proxy-Authorization"), []);
  });

  it("reads an unknown scheme and a scheme alone", () => {
    assert.deepEqual(Object.fromEntries(parseAuthValue("NoOneKnowsThisScheme opaque-data=here").params), { "opaque-data": "here" });
    assert.equal(parseAuthValue("Digest").params.size, 0);
  });

  it("rejects malformed values", () => {
    parseErrorOf(() => parseAuthValue('Digest realm="a", realm="b"'), /duplicate auth parameter 'realm'/);
    parseErrorOf(() => parseAuthValue("Digest realm"), /expected '=' after 'realm'/);
    parseErrorOf(() => parseAuthValue("Basic dXNlcjpwYXNz"), /expected '=' after 'dXNlcjpwYXNz'/);
    parseErrorOf(() => parseAuthValue('Digest realm="a" nonce="b"'), /expected ',' between auth parameters/);
    parseErrorOf(() => parseAuthValue("Digest realm="), /expected a value for 'realm'/);
    parseErrorOf(() => parseAuthValue('Digest realm="open'), /unterminated quoted string/);
    parseErrorOf(() => parseAuthValue('Digest realm="a", Digest realm="b"'), /expected one auth value, found 2/);
    parseErrorOf(() => parseAuthValue(', realm="a"'), /expected an auth scheme/);
    parseErrorOf(() => getAuthValues(message('WWW-Authenticate: Digest realm="x", ='), "WWW-Authenticate"), /WWW-Authenticate header .*expected an auth parameter name/);
  });

  it("formats credentials with tokens unquoted where the grammar wants them", () => {
    const params = new Map([
      ["username", "alice"],
      ["realm", "example.com"],
      ["nonce", "abc123"],
      ["uri", "sip:example.com"],
      ["qop", "auth"],
      ["nc", "00000001"],
      ["cnonce", "1834973413"],
      ["response", "9ccd0c28bec3cccc8277ef4336e20bd9"],
      ["algorithm", "MD5"],
    ]);
    const text = formatAuthValue({ scheme: "Digest", params });
    assert.equal(
      text,
      'Digest username="alice", realm="example.com", nonce="abc123", uri="sip:example.com", qop=auth, nc=00000001, cnonce="1834973413", response="9ccd0c28bec3cccc8277ef4336e20bd9", algorithm=MD5',
    );
    assert.deepEqual(parseAuthValue(text).params, params);
    assert.equal(formatAuthValue({ scheme: "Digest", params: new Map([["qop", "auth,auth-int"], ["realm", 'a"b']]) }), 'Digest qop="auth,auth-int", realm="a\\"b"');
    assert.equal(formatAuthValue({ scheme: "Digest", params: new Map() }), "Digest");
  });
});

describe("generic header access", () => {
  const sample = message(
    "Via: SIP/2.0/UDP a;branch=1",
    "Allow: INVITE, ACK,BYE",
    'Contact: "Doe, John" <sip:j@h>;q=1, <sip:k,l@h>',
    'WWW-Authenticate: Digest realm="a, b", nonce="c"',
    "Date: Sat, 13 Nov 2010 23:29:00 GMT",
    "X-Custom: a, b",
    "v: SIP/2.0/UDP b;branch=2",
    "Supported:",
  );

  it("finds headers by any spelling or compact form", () => {
    assert.equal(headerValue(sample, "via"), "SIP/2.0/UDP a;branch=1");
    assert.equal(headerValue(sample, "V"), "SIP/2.0/UDP a;branch=1");
    assert.equal(headerValue(sample, "x-custom"), "a, b");
    assert.equal(headerValue(sample, "Missing"), null);
    assert.equal(findHeaders(sample, "VIA").length, 2);
  });

  it("splits known lists, respecting quotes and <>, and nothing else", () => {
    assert.deepEqual(headerValues(sample, "Allow"), ["INVITE", "ACK", "BYE"]);
    assert.deepEqual(headerValues(sample, "m"), ['"Doe, John" <sip:j@h>;q=1', "<sip:k,l@h>"]);
    assert.deepEqual(headerValues(sample, "WWW-Authenticate"), ['Digest realm="a, b", nonce="c"']);
    assert.deepEqual(headerValues(sample, "Date"), ["Sat, 13 Nov 2010 23:29:00 GMT"]);
    assert.deepEqual(headerValues(sample, "X-Custom"), ["a, b"]);
    assert.deepEqual(headerValues(sample, "Via"), ["SIP/2.0/UDP a;branch=1", "SIP/2.0/UDP b;branch=2"]);
    assert.deepEqual(headerValues(sample, "Supported"), []);
  });

  it("rejects broken lists", () => {
    assert.deepEqual(splitList(' a ,"b,\\"c" , <d,e>'), ["a", '"b,\\"c"', "<d,e>"]);
    parseErrorOf(() => splitList("a,,b"), /empty element/);
    parseErrorOf(() => splitList('"a,b'), /unterminated quoted string/);
    parseErrorOf(() => splitList("<a,b"), /missing '>'/);
    parseErrorOf(() => headerValues(message("Allow: A,"), "Allow"), /Allow header 'A,': empty element/);
  });

  it("sets, adds and removes headers in place", () => {
    const edited = message("Via: 1", "Expires: 5", "Via: 2", "Expires: 6");
    setHeader(edited, "expires", "60");
    addHeader(edited, "i", "abc");
    addHeader(edited, "Max-Forwards", "70", 0);
    assert.deepEqual(edited.headers, [
      { name: "Max-Forwards", value: "70" },
      { name: "Via", value: "1" },
      { name: "Expires", value: "60" },
      { name: "Via", value: "2" },
      { name: "Call-ID", value: "abc" },
    ]);
    setHeader(edited, "User-Agent", "uacreg");
    assert.equal(edited.headers.at(-1)?.name, "User-Agent");
    assert.equal(removeHeader(edited, "v"), 2);
    assert.equal(removeHeader(edited, "Via"), 0);
    assert.deepEqual(edited.headers.map((header) => header.name), ["Max-Forwards", "Expires", "Call-ID", "User-Agent"]);
  });

  it("compares header names case-insensitively, compact forms equal to full names", () => {
    assert.ok(sameHeaderName("WWW-Authenticate", "www-authenticate"));
    assert.ok(sameHeaderName("v", "VIA"));
    assert.ok(sameHeaderName("X-Thing", "x-thing"));
    assert.ok(!sameHeaderName("Via", "Route"));
    assert.ok(!sameHeaderName("l", "Content-Type"));
  });

  it("matches hand-written names in another case or compact form", () => {
    const handMade: SipMessage = { kind: "response", status: 200, reason: "OK", body: new Uint8Array(0), headers: [{ name: "cseq", value: "1 REGISTER" }, { name: "i", value: "x@y" }] };
    assert.deepEqual(getCSeq(handMade), { seq: 1, method: "REGISTER" });
    assert.equal(getCallId(handMade), "x@y");
  });
});

describe("parameter helpers", () => {
  it("looks names up case-insensitively and tells flags from absence", () => {
    const params: Array<[string, string | null]> = [["Expires", "60"], ["lr", null], ["expires", "30"]];
    assert.equal(getParam(params, "EXPIRES"), "60");
    assert.deepEqual(findParam(params, "LR"), ["lr", null]);
    assert.equal(getParam(params, "lr"), null);
    assert.equal(hasParam(params, "lr"), true);
    assert.equal(hasParam(params, "ob"), false);
    assert.equal(findParam(params, "ob"), undefined);
  });

  it("sets, removes and formats", () => {
    const params: Array<[string, string | null]> = [["expires", "60"], ["lr", null], ["EXPIRES", "30"]];
    setParam(params, "Expires", "0");
    setParam(params, "ob", null);
    assert.deepEqual(params, [["Expires", "0"], ["lr", null], ["ob", null]]);
    assert.equal(formatParams(params), ";Expires=0;lr;ob");
    assert.equal(removeParam(params, "LR"), 1);
    assert.equal(formatParams(params), ";Expires=0;ob");
  });
});
