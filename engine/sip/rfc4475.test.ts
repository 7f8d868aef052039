/**
 * RFC 4475 torture tests, one per message, read from fixtures/sip/rfc4475/. Valid messages
 * (§3.1.1, §3.2, §3.3) must parse with the fields the RFC points out read correctly. Invalid ones
 * (§3.1.2) must be rejected with a SipParseError naming the problem — by parseMessage when the
 * framing or start line is broken, by the accessor of the broken header otherwise (the codec
 * parses headers on use) — or parsed robustly where the RFC lets an element go on.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { compareUris } from "./compare-uri.js";
import { SipParseError } from "./errors.js";
import { unescapeUriComponent } from "./escape.js";
import { formatUri } from "./format-uri.js";
import {
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getRetryAfter,
  getTo,
  getVias,
  headerValue,
  headerValues,
} from "./headers.js";
import type { NameAddr, SipMessage, SipUri, Uri } from "./message.js";
import { getTag } from "./name-addr.js";
import { getParam } from "./params.js";
import { parseUri } from "./parse-uri.js";
import { viaBranch, viaReceived } from "./via.js";
import { EVERY_READER, fixtures, parseErrorOf } from "../../testkit/sip-fixtures.js";

const { dir: DIR, bytes: bytesOf, message: parse, request, response } = fixtures("sip/rfc4475/");

function sipUri(uri: Uri): SipUri {
  assert.equal(uri.kind, "sip");
  return uri;
}

function contacts(message: SipMessage): NameAddr[] {
  const list = getContacts(message);
  assert.ok(!list.wildcard);
  return list.contacts;
}


const text = (body: Uint8Array): string => Buffer.from(body).toString("latin1");

describe("RFC 4475 §3.1.1 valid messages", () => {
  it("3.1.1.1 wsinv: folding, LWS everywhere, escapes in quotes, mixed header forms", () => {
    const message = request("wsinv.dat");
    assert.equal(message.method, "INVITE");
    assert.deepEqual(sipUri(message.uri).params, [["unknownparam", null]]);
    const to = getTo(message);
    assert.equal(formatUri(to.uri), "sip:vivekg@chair-dnrc.example.com");
    assert.equal(getTag(to), "1918181833n");
    const from = getFrom(message);
    assert.equal(from.displayName, 'J Rosenberg \\"');
    assert.equal(getTag(from), "98asjd8");
    assert.equal(getMaxForwards(message), 68);
    assert.equal(getCallId(message), "wsinv.ndaksdj@192.0.2.1");
    assert.deepEqual(getCSeq(message), { seq: 9, method: "INVITE" });
    assert.equal(headerValue(message, "Subject"), "");
    assert.equal(headerValue(message, "NewFangledHeader"), "newfangled value continued newfangled value");
    assert.equal(headerValue(message, "UnknownHeaderWithUnusualValue"), ";;,,;;,;");
    assert.deepEqual(
      getVias(message).map((via) => [via.protocolVersion, via.transport, via.host, viaBranch(via)]),
      [
        ["SIP/2.0", "UDP", "192.0.2.2", "390skdjuw"],
        ["SIP/2.0", "TCP", "spindle.example.com", "z9hG4bK9ikj8"],
        ["SIP/2.0", "UDP", "192.168.255.111", "z9hG4bK30239"],
      ],
    );
    assert.deepEqual(sipUri(parseUri(headerValue(message, "Route")?.slice(1, -1) ?? "")).params, [
      ["lr", null],
      ["unknownwith", "value"],
      ["unknown-no-value", null],
    ]);
    const [contact] = contacts(message);
    assert.equal(contact?.displayName, 'Quoted string ""');
    assert.deepEqual(contact?.params, [
      ["newparam", "newvalue"],
      ["secondparam", null],
      ["q", "0.33"],
    ]);
    assert.equal(message.body.length, 150);
  });

  it("3.1.1.2 intmeth: the widest range of valid characters in tokens, words and quoted strings", () => {
    const message = request("intmeth.dat");
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    assert.equal(message.method, method);
    const uri = sipUri(message.uri);
    assert.equal(uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert.equal(uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    assert.equal(uri.host, "example.com");
    assert.equal(viaBranch(getVias(message)[0]!), "z9hG4bK-.!%66*_+`'~");
    const to = getTo(message);
    assert.equal(to.displayName, "BEL:\x07 NUL:\x00 DEL:\x7f");
    assert.equal(sipUri(to.uri).user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    const from = getFrom(message);
    assert.equal(from.displayName, "token1~` token2'+_ token3*%!.-");
    assert.equal(getParam(from.params, "fromParam''~+*_!.-%"), '"работающий"');
    assert.equal(getTag(from), "_token~1'+`*%!-.");
    assert.equal(getCallId(message), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    assert.deepEqual(getCSeq(message), { seq: 139122385, method });
    assert.equal(getMaxForwards(message), 255);
    assert.equal(headerValue(message, "extensionHeader-!.%*+_`'~"), "\ufeff大停電");
  });

  it("3.1.1.3 esc01: %-escapes read and unescaped where the RFC says they mean characters", () => {
    const message = request("esc01.dat");
    const uri = sipUri(message.uri);
    assert.equal(unescapeUriComponent(uri.user ?? ""), "sips:user@example.com");
    assert.equal(uri.host, "example.net");
    assert.equal(unescapeUriComponent(sipUri(getTo(message).uri).user ?? ""), "user");
    assert.equal(unescapeUriComponent(sipUri(getFrom(message).uri).user ?? ""), "I have spaces");
    const contact = sipUri(contacts(message)[0]!.uri);
    assert.equal(unescapeUriComponent(contact.user ?? ""), "caller");
    assert.deepEqual(
      contact.params.map(([name, value]) => [unescapeUriComponent(name), value === null ? null : unescapeUriComponent(value)]),
      [
        ["lr", null],
        ["name", "value%41"],
      ],
    );
    assert.ok(compareUris(contacts(message)[0]!.uri, parseUri("sip:caller@host5.example.net;lr;name=value%25%34%31")));
  });

  it("3.1.1.4 escnull: escaped NULs in URIs", () => {
    const message = request("escnull.dat");
    assert.equal(unescapeUriComponent(sipUri(getTo(message).uri).user ?? ""), "null-\u0000-null");
    assert.deepEqual(
      contacts(message).map((contact) => unescapeUriComponent(sipUri(contact.uri).user ?? "")),
      ["\u0000", "\u0000\u0000"],
    );
  });

  it("3.1.1.5 esc02: % where it is not an escape (method, display name, branch, header name)", () => {
    const message = request("esc02.dat");
    assert.equal(message.method, "RE%47IST%45R");
    assert.equal(getTo(message).displayName, "%Z%45");
    assert.equal(viaBranch(getVias(message)[0]!), "z9hG4bK209%fzsnel234");
    assert.deepEqual(getCSeq(message), { seq: 29344, method: "RE%47IST%45R" });
    assert.deepEqual(
      contacts(message).map((contact) => formatUri(contact.uri)),
      ["sip:alias1@host1.example.com", "sip:alias3@host3.example.com"],
    );
    assert.equal(headerValue(message, "C%6Fntact"), "<sip:alias2@host2.example.com>");
  });

  it("3.1.1.6 lwsdisp: no LWS between display name and <", () => {
    const from = getFrom(request("lwsdisp.dat"));
    assert.equal(from.displayName, "caller");
    assert.equal(getTag(from), "323");
  });

  it("3.1.1.7 longreq: long values everywhere", () => {
    const message = request("longreq.dat");
    const to = getTo(message);
    assert.equal(to.displayName, "I have a user name of " + "extreme".repeat(10) + " proportion");
    const toUri = sipUri(to.uri);
    assert.equal(toUri.port, 6000);
    assert.equal(toUri.params.length, 3);
    assert.equal(getParam(toUri.params, "longparam" + "name".repeat(25)), "shortvalue");
    const from = getFrom(message);
    assert.equal(sipUri(from.uri).user, "amazinglylongcallername".repeat(5));
    assert.equal(getTag(from)?.length, 155);
    assert.equal(from.params.length, 3);
    assert.equal(getCallId(message), "longreq.one" + "really".repeat(20) + "longcallid");
    const vias = getVias(message);
    assert.equal(vias.length, 34);
    assert.deepEqual(vias.slice(0, 33).map((via) => via.host), Array.from({ length: 33 }, (_, k) => `sip${33 - k}.example.com`));
    const last = vias[33]!;
    assert.equal(viaReceived(last), "192.0.2.5");
    assert.equal(viaBranch(last), "very" + "long".repeat(50) + "branchvalue");
    assert.equal(sipUri(contacts(message)[0]!.uri).user, "amazinglylongcallername".repeat(5));
    const long = "long".repeat(20);
    assert.equal(
      headerValue(message, "Unknown-" + "Long".repeat(20) + "-Name"),
      `unknown-${long}-value; unknown-${long}-parameter-name = unknown-${long}-parameter-value`,
    );
    assert.equal(message.body.length, 150);
  });

  it("3.1.1.8 dblreq: octets after Content-Length in a datagram are ignored", () => {
    const message = request("dblreq.dat");
    assert.equal(message.method, "REGISTER");
    assert.equal(message.body.length, 0);
    assert.equal(getCallId(message), "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    assert.equal(headerValue(message, "Content-Type"), null);
  });

  it("3.1.1.9 semiuri: a semicolon in the user part is not a parameter", () => {
    const message = request("semiuri.dat");
    const uri = sipUri(message.uri);
    assert.equal(uri.user, "user;par=u%40example.net");
    assert.equal(uri.host, "example.com");
    assert.deepEqual(uri.params, []);
    assert.deepEqual(headerValues(message, "Accept"), [
      "application/sdp",
      "application/pkcs7-mime",
      "multipart/mixed",
      "multipart/signed",
      "message/sip",
      "message/sipfrag",
    ]);
  });

  it("3.1.1.10 transports: varied and unknown transports in Via", () => {
    assert.deepEqual(
      getVias(request("transports.dat")).map((via) => [via.transport, via.host]),
      [
        ["UDP", "t1.example.com"],
        ["SCTP", "t2.example.com"],
        ["TLS", "t3.example.com"],
        ["UNKNOWN", "t4.example.com"],
        ["TCP", "t5.example.com"],
      ],
    );
  });

  it("3.1.1.11 mpart01: a multipart body with binary content, kept as bytes", () => {
    const message = request("mpart01.dat");
    assert.equal(headerValue(message, "Content-Type"), "multipart/mixed;boundary=7a9cbec02ceef655");
    assert.equal(message.body.length, 553);
    assert.ok(text(message.body).startsWith("--7a9cbec02ceef655\r\nContent-Type: text/plain"));
    assert.ok(text(message.body).endsWith("\r\n--7a9cbec02ceef655--\r\n"));
    const file = bytesOf("mpart01.dat");
    assert.deepEqual(Buffer.from(message.body), file.subarray(file.length - 553));
  });

  it("3.1.1.12 unreason: an unusual UTF-8 reason phrase", () => {
    const message = response("unreason.dat");
    assert.equal(message.status, 200);
    assert.equal(message.reason, "= 2**3 * 5**2 но сто девяносто девять - простое");
  });

  it("3.1.1.13 noreason: an empty reason phrase", () => {
    const message = response("noreason.dat");
    assert.equal(message.status, 100);
    assert.equal(message.reason, "");
  });
});

describe("RFC 4475 §3.1.2 invalid messages", () => {
  it("3.1.2.1 badinv01: rejected when the broken Via or Contact is read", () => {
    const message = parse("badinv01.dat");
    parseErrorOf(() => getVias(message), /Via header .*expected a parameter name after ';'/);
    parseErrorOf(() => getContacts(message), /Contact header .*expected a parameter name after ';'/);
  });

  it("3.1.2.2 clerr: rejected, Content-Length larger than the message", () => {
    parseErrorOf(() => parse("clerr.dat"), /Content-Length 9999 is larger than the \d+ body bytes/);
  });

  it("3.1.2.3 ncl: rejected, negative Content-Length", () => {
    parseErrorOf(() => parse("ncl.dat"), /Content-Length '-999' is not a decimal number/);
  });

  it("3.1.2.4 scalar02: rejected when the overlarge CSeq, Max-Forwards or Expires is read", () => {
    const message = parse("scalar02.dat");
    parseErrorOf(() => getCSeq(message), /CSeq number is above 2\^32-1/);
    parseErrorOf(() => getMaxForwards(message), /Max-Forwards 300 is above 255/);
    parseErrorOf(() => getExpires(message), /Expires is above 2\^32-1/);
    // The Contact expires parameter is kept as written; the registrant applies its own rule to it.
    assert.equal(getParam(contacts(message)[0]!.params, "expires"), "280297596632815");
  });

  it("3.1.2.5 scalarlg: rejected when the overlarge CSeq or Retry-After is read", () => {
    const message = response("scalarlg.dat");
    assert.equal(message.status, 503);
    parseErrorOf(() => getCSeq(message), /CSeq number is above 2\^32-1/);
    parseErrorOf(() => getRetryAfter(message), /Retry-After seconds is above 2\^32-1/);
  });

  it("3.1.2.6 quotbal: rejected when the To with an unterminated quote is read", () => {
    parseErrorOf(() => getTo(parse("quotbal.dat")), /To header .*unterminated quoted string/);
  });

  it("3.1.2.7 ltgtruri: rejected, <> around the Request-URI", () => {
    parseErrorOf(() => parse("ltgtruri.dat"), /URI must start with a scheme, found '<'/);
  });

  it("3.1.2.8 lwsruri: rejected, whitespace in the Request-URI", () => {
    parseErrorOf(() => parse("lwsruri.dat"), /whitespace inside the Request-URI/);
  });

  it("3.1.2.9 lwsstart: rejected, several SPs between request-line elements", () => {
    parseErrorOf(() => parse("lwsstart.dat"), /more than one SP between method and Request-URI/);
  });

  it("3.1.2.10 trws: rejected, SP at the end of the request line", () => {
    parseErrorOf(() => parse("trws.dat"), /request line ends with whitespace/);
  });

  it("3.1.2.11 escruri: parsed robustly (the RFC allows ignoring escaped headers); the headers are kept", () => {
    const uri = sipUri(request("escruri.dat").uri);
    assert.equal(uri.host, "example.com");
    assert.deepEqual(uri.headers, [["Route", "%3Csip:example.com%3E"]]);
  });

  it("3.1.2.12 baddate: parsed robustly, the Date value is kept as written and never interpreted", () => {
    const message = request("baddate.dat");
    assert.equal(headerValue(message, "Date"), "Fri, 01 Jan 2010 16:00:00 EST");
    assert.deepEqual(headerValues(message, "Date"), ["Fri, 01 Jan 2010 16:00:00 EST"]);
    assert.equal(message.body.length, 150);
  });

  it("3.1.2.13 regbadct: rejected when the Contact with an unbracketed escaped header is read", () => {
    parseErrorOf(() => getContacts(parse("regbadct.dat")), /Contact header .*'\?' must be enclosed in <>/);
  });

  it("3.1.2.14 badaspec: rejected when the To with spaces inside <> is read", () => {
    const message = parse("badaspec.dat");
    assert.equal(getFrom(message).displayName, "Bell, Alexander");
    parseErrorOf(() => getTo(message), /To header .*whitespace after '<'/);
  });

  it("3.1.2.15 baddn: rejected when a display name with a non-token character is read", () => {
    const message = parse("baddn.dat");
    parseErrorOf(() => getFrom(message), /From header .*display name must be tokens or a quoted string, found ','/);
    parseErrorOf(() => getTo(message), /To header .*display name must be tokens or a quoted string, found ','/);
  });

  it("3.1.2.16 badvers: rejected, unknown protocol version", () => {
    parseErrorOf(() => parse("badvers.dat"), /unsupported SIP version 'SIP\/7.0'/);
  });

  it("3.1.2.17 mismatch01: parsed; the method mismatch is for the transaction layer to see", () => {
    const message = request("mismatch01.dat");
    assert.equal(message.method, "OPTIONS");
    assert.deepEqual(getCSeq(message), { seq: 8, method: "INVITE" });
  });

  it("3.1.2.18 mismatch02: parsed; unknown method with a mismatched CSeq", () => {
    const message = request("mismatch02.dat");
    assert.equal(message.method, "NEWMETHOD");
    assert.deepEqual(getCSeq(message), { seq: 8, method: "INVITE" });
    assert.equal(message.body.length, 138);
  });

  it("3.1.2.19 bigcode: rejected, overlarge status code", () => {
    parseErrorOf(() => parse("bigcode.dat"), /status code has more than three digits/);
  });
});

describe("RFC 4475 §3.2 transaction layer and §3.3 application layer: parsed, the layers above decide", () => {
  it("3.2.1 badbranch: a branch that is only the magic cookie is read as is", () => {
    assert.equal(viaBranch(getVias(request("badbranch.dat"))[0]!), "z9hG4bK");
  });

  it("3.3.1 insuf: missing required headers are reported when read", () => {
    const message = request("insuf.dat");
    parseErrorOf(() => getFrom(message), /missing From header/);
    parseErrorOf(() => getTo(message), /missing To header/);
    parseErrorOf(() => getCallId(message), /missing Call-ID header/);
    assert.equal(getMaxForwards(message), null);
    assert.deepEqual(getCSeq(message), { seq: 193942, method: "INVITE" });
  });

  it("3.3.2 unkscm: an unknown Request-URI scheme is kept as an absolute URI", () => {
    assert.deepEqual(request("unkscm.dat").uri, { kind: "absolute", scheme: "nobodyknowsthisscheme", opaque: "totallyopaquecontent" });
  });

  it("3.3.3 novelsc: a known but atypical scheme is kept as an absolute URI", () => {
    assert.deepEqual(request("novelsc.dat").uri, { kind: "absolute", scheme: "soap.beep", opaque: "//192.0.2.103:3002" });
  });

  it("3.3.4 unksm2: unknown schemes in To, From and Contact", () => {
    const message = request("unksm2.dat");
    assert.deepEqual(getTo(message).uri, { kind: "absolute", scheme: "isbn", opaque: "2983792873" });
    assert.deepEqual(getFrom(message).uri, { kind: "absolute", scheme: "http", opaque: "//www.example.com" });
    assert.equal(getTag(getFrom(message)), "3234233");
    assert.deepEqual(contacts(message)[0]!.uri, { kind: "absolute", scheme: "name", opaque: "John_Smith" });
  });

  it("3.3.5 bext01: Require and Proxy-Require lists", () => {
    const message = request("bext01.dat");
    assert.deepEqual(headerValues(message, "Require"), ["nothingSupportsThis", "nothingSupportsThisEither"]);
    assert.deepEqual(headerValues(message, "Proxy-Require"), ["noProxiesSupportThis", "norDoAnyProxiesSupportThis"]);
  });

  it("3.3.6 invut: an unknown Content-Type with its body", () => {
    const message = request("invut.dat");
    assert.equal(headerValue(message, "Content-Type"), "application/unknownformat");
    assert.equal(text(message.body), '<audio>\r\n <pcmu port="443"/>\r\n</audio>\r\n');
  });

  it("3.3.7 regaut01: an unknown Authorization scheme", () => {
    const [value] = getAuthValues(request("regaut01.dat"), "Authorization");
    assert.equal(value?.scheme, "NoOneKnowsThisScheme");
    assert.deepEqual(Object.fromEntries(value?.params ?? []), { "opaque-data": "here" });
  });

  it("3.3.8 multi01: repeated single-value headers are reported when read", () => {
    const message = request("multi01.dat");
    parseErrorOf(() => getCallId(message), /more than one Call-ID header/);
    parseErrorOf(() => getCSeq(message), /more than one CSeq header/);
    parseErrorOf(() => getTo(message), /more than one To header/);
    parseErrorOf(() => getFrom(message), /more than one From header/);
    parseErrorOf(() => getMaxForwards(message), /more than one Max-Forwards header/);
    assert.equal(contacts(message).length, 2);
  });

  it("3.3.9 mcl01: rejected, because conflicting Content-Lengths leave the framing undecidable (the RFC: equivalent to an invalid message)", () => {
    parseErrorOf(() => parse("mcl01.dat"), /conflicting Content-Length values 13 and 5/);
  });

  it("3.3.10 bcast: a broadcast address in the second Via", () => {
    const message = response("bcast.dat");
    assert.deepEqual(getVias(message).map((via) => via.host), ["192.0.2.198", "255.255.255.255"]);
  });

  it("3.3.11 zeromf: Max-Forwards of zero", () => {
    assert.equal(getMaxForwards(request("zeromf.dat")), 0);
  });

  it("3.3.12 cparam01: parameters after an addr-spec Contact are header parameters", () => {
    const [contact] = contacts(request("cparam01.dat"));
    assert.equal(formatUri(contact!.uri), "sip:+19725552222@gw1.example.net");
    assert.deepEqual(contact!.params, [["unknownparam", null]]);
  });

  it("3.3.13 cparam02: inside <> the parameter belongs to the URI", () => {
    const [contact] = contacts(request("cparam02.dat"));
    assert.deepEqual(sipUri(contact!.uri).params, [["unknownparam", null]]);
    assert.deepEqual(contact!.params, []);
  });

  it("3.3.14 regescrt: an escaped header in a bracketed Contact URI", () => {
    const message = request("regescrt.dat");
    const uri = sipUri(contacts(message)[0]!.uri);
    assert.deepEqual(uri.headers, [["Route", "%3Csip:sip.example.com%3E"]]);
    assert.equal(unescapeUriComponent(uri.headers[0]![1] ?? ""), "<sip:sip.example.com>");
  });

  it("3.3.15 sdp01: an unacceptable Accept", () => {
    const message = request("sdp01.dat");
    assert.deepEqual(headerValues(message, "Accept"), ["text/nobodyKnowsThis"]);
    assert.equal(message.body.length, 150);
  });
});

describe("RFC 4475 §3.4 RFC 2543 syntax", () => {
  it("3.4.1 inv2543: parsed robustly; no Content-Length on a datagram means the rest of it", () => {
    const message = request("inv2543.dat");
    assert.equal(getVias(message)[0]?.host, "iftgw.example.com");
    assert.equal(viaBranch(getVias(message)[0]!), null);
    assert.ok(text(message.body).startsWith("v=0\r\n"));
    assert.equal(message.body.length, bytesOf("inv2543.dat").length - bytesOf("inv2543.dat").indexOf("\r\n\r\n") - 4);
    // addr-spec form: ";user=phone" after a bare URI is a header parameter (RFC 3261 §20).
    assert.deepEqual(getTo(message).params, [["user", "phone"]]);
    assert.deepEqual(sipUri(getFrom(message).uri).params, [["user", "phone"]]);
    assert.equal(getMaxForwards(message), null);
  });
});

describe("every fixture", () => {
  const files = readdirSync(DIR).filter((file) => file.endsWith(".dat"));

  it("holds all 49 RFC messages plus test.dat", () => {
    assert.equal(files.length, 50);
  });

  it("test.dat (not from the RFC): rejected, a request line without SIP version", () => {
    parseErrorOf(() => parse("test.dat"), /Method SP Request-URI SP SIP-Version/);
  });

  it("never makes the codec throw anything but SipParseError, whatever is read", () => {
    for (const file of files) {
      let message: SipMessage;
      try {
        message = parse(file);
      } catch (error) {
        assert.ok(error instanceof SipParseError, `${file}: ${String(error)}`);
        continue;
      }
      for (const read of EVERY_READER) {
        try {
          read(message);
        } catch (error) {
          assert.ok(error instanceof SipParseError, `${file}: ${String(error)}`);
        }
      }
    }
  });
});
