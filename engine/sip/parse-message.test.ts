import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SipParseError } from "./errors.js";
import type { SipMessage, SipRequest, SipResponse } from "./message.js";
import { parseMessage } from "./parse-message.js";
import { parseErrorOf } from "../../testkit/sip-fixtures.js";

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

function request(text: string): SipRequest {
  const message = parseMessage(bytes(text));
  assert.equal(message.kind, "request");
  return message;
}

function response(text: string): SipResponse {
  const message = parseMessage(bytes(text));
  assert.equal(message.kind, "response");
  return message;
}

function rejects(input: string | Uint8Array, pattern: RegExp, limits?: Parameters<typeof parseMessage>[1]): SipParseError {
  return parseErrorOf(() => parseMessage(typeof input === "string" ? bytes(input) : input, limits), pattern);
}

const names = (message: SipMessage): string[] => message.headers.map((header) => header.name);

describe("parseMessage: start line", () => {
  it("reads a request line", () => {
    const message = request("REGISTER sip:registrar.example.net SIP/2.0\r\nContent-Length: 0\r\n\r\n");
    assert.equal(message.method, "REGISTER");
    assert.deepEqual(message.uri, {
      kind: "sip",
      scheme: "sip",
      user: null,
      password: null,
      host: "registrar.example.net",
      hostKind: "domain",
      port: null,
      params: [],
      headers: [],
    });
  });

  it("reads a status line, including an empty or missing reason phrase", () => {
    const ok = response("SIP/2.0 200 OK\r\n\r\n");
    assert.equal(ok.status, 200);
    assert.equal(ok.reason, "OK");
    assert.equal(response("SIP/2.0 423 Interval Too Brief\r\n\r\n").reason, "Interval Too Brief");
    assert.equal(response("SIP/2.0 100 \r\n\r\n").reason, "");
    assert.equal(response("SIP/2.0 100\r\n\r\n").reason, "");
  });

  it("decodes a UTF-8 reason phrase", () => {
    assert.equal(response("SIP/2.0 486 Занято\r\n\r\n").reason, "Занято");
  });

  it("accepts the version in any case (RFC 3261 §7.1) but only 2.0", () => {
    assert.equal(request("OPTIONS sip:a sip/2.0\r\n\r\n").method, "OPTIONS");
    assert.equal(rejects("OPTIONS sip:a SIP/3.0\r\n\r\n", /unsupported SIP version 'SIP\/3.0'/).offset, 14);
    rejects("SIP/1.0 200 OK\r\n\r\n", /unsupported SIP version 'SIP\/1.0'/);
    rejects("GET / HTTP/1.1\r\n\r\n", /expected SIP\/2.0 at the end of the request line, found 'HTTP\/1.1'/);
  });

  it("rejects malformed request lines with the offset of the problem", () => {
    assert.equal(rejects("OPTIONS  sip:a SIP/2.0\r\n\r\n", /more than one SP/).offset, 8);
    assert.equal(rejects("OPTIONS sip:a b SIP/2.0\r\n\r\n", /whitespace inside the Request-URI/).offset, 13);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0 \r\n\r\n", /ends with whitespace/).offset, 21);
    rejects("OPTIONS sip:a\r\n\r\n", /Method SP Request-URI SP SIP-Version/);
    rejects("OPTIONS\r\n\r\n", /no Request-URI/);
    assert.equal(rejects("OPT(IONS sip:a SIP/2.0\r\n\r\n", /invalid character '\(' in method/).offset, 3);
    assert.equal(rejects("OPTIONS <sip:a> SIP/2.0\r\n\r\n", /must start with a scheme/).offset, 8);
    rejects("OPTIONS sip:a SIP/2.0", /start line does not end with CRLF/);
  });

  it("rejects malformed status lines", () => {
    rejects("SIP/2.0 20 OK\r\n\r\n", /three digits/);
    rejects("SIP/2.0 2000 OK\r\n\r\n", /more than three digits/);
    rejects("SIP/2.0 4294967301 big\r\n\r\n", /more than three digits/);
    rejects("SIP/2.0 099 Low\r\n\r\n", /not in 100-699/);
    rejects("SIP/2.0 700 High\r\n\r\n", /not in 100-699/);
    rejects("SIP/2.0 2x0 OK\r\n\r\n", /invalid character 'x' in status code/);
    rejects("SIP/2.0\r\n\r\n", /no status code/);
  });
});

describe("parseMessage: headers", () => {
  it("keeps order and repeated headers", () => {
    const message = request("OPTIONS sip:a SIP/2.0\r\nVia: one\r\nX-A: 1\r\nVia: two\r\nVia: three\r\n\r\n");
    assert.deepEqual(message.headers, [
      { name: "Via", value: "one" },
      { name: "X-A", value: "1" },
      { name: "Via", value: "two" },
      { name: "Via", value: "three" },
    ]);
  });

  it("expands every compact form (RFC 3261 §7.3.3 and extensions), in either case", () => {
    const compact = "i m e l c f s k t v o u r b a j d x y".split(" ");
    const text = "OPTIONS sip:a SIP/2.0\r\n" + compact.map((c, k) => `${k % 2 === 0 ? c : c.toUpperCase()}: 0`).join("\r\n") + "\r\n\r\n";
    assert.deepEqual(names(request(text)), [
      "Call-ID",
      "Contact",
      "Content-Encoding",
      "Content-Length",
      "Content-Type",
      "From",
      "Subject",
      "Supported",
      "To",
      "Via",
      "Event",
      "Allow-Events",
      "Refer-To",
      "Referred-By",
      "Accept-Contact",
      "Reject-Contact",
      "Request-Disposition",
      "Session-Expires",
      "Identity",
    ]);
  });

  it("spells known names the usual way whatever their case, and keeps unknown names as written", () => {
    const text =
      "OPTIONS sip:a SIP/2.0\r\nVIA: 1\r\ncall-id: 2\r\nCSEQ: 3 OPTIONS\r\nwww-authenticate: Digest\r\nX-Custom-Thing: 5\r\n\r\n";
    assert.deepEqual(names(request(text)), ["Via", "Call-ID", "CSeq", "WWW-Authenticate", "X-Custom-Thing"]);
  });

  it("unfolds continuation lines into one space and trims values (RFC 3261 §7.3.1)", () => {
    const text =
      "OPTIONS sip:a SIP/2.0\r\n" +
      "Subject:   lunch  \r\n" +
      "Route:\r\n <sip:a>,\r\n\t <sip:b> \r\n" +
      "To  :  sip:c\r\n" +
      "Empty:\r\n" +
      "\r\n";
    assert.deepEqual(request(text).headers, [
      { name: "Subject", value: "lunch" },
      { name: "Route", value: "<sip:a>, <sip:b>" },
      { name: "To", value: "sip:c" },
      { name: "Empty", value: "" },
    ]);
  });

  it("accepts bare LF line ends and leading CRLFs", () => {
    const message = request("\r\n\r\nOPTIONS sip:a SIP/2.0\nVia: x\n\n");
    assert.deepEqual(message.headers, [{ name: "Via", value: "x" }]);
  });

  it("decodes UTF-8 header values", () => {
    const message = request('OPTIONS sip:a SIP/2.0\r\nFrom: "Jörg Müller" <sip:j@example.de>\r\n\r\n');
    assert.equal(message.headers[0]?.value, '"Jörg Müller" <sip:j@example.de>');
  });

  it("rejects header text that is not UTF-8, at the bad byte", () => {
    const prefix = Buffer.from("OPTIONS sip:a SIP/2.0\r\nSubject: caf", "latin1");
    const input = Buffer.concat([prefix, Buffer.from([0xe9]), Buffer.from("\r\n\r\n")]);
    assert.equal(rejects(input, /not valid UTF-8/).offset, prefix.length);
  });

  it("rejects malformed header lines with the offset of the problem", () => {
    const start = "OPTIONS sip:a SIP/2.0\r\n".length;
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\nNoColon here\r\n\r\n", /expected ':' after the header name, found 'h'/).offset, start + 8);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\nNoColon\r\n\r\n", /has no ':'/).offset, start);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\n: value\r\n\r\n", /empty header name/).offset, start);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\nBad@Name: x\r\n\r\n", /invalid character '@' in header name/).offset, start + 3);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\n continued\r\n\r\n", /continuation line before any header/).offset, start);
    rejects("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n", /does not end with an empty line/);
    rejects("OPTIONS sip:a SIP/2.0\r\nVia: x", /does not end with an empty line/);
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\n<x>: value\r\n\r\n", /invalid character '<' at the start/).offset, start);
    rejects("\r\n\r\n", /only line breaks/);
  });

  it("does not mistake a header value CR for a line end", () => {
    assert.equal(request("OPTIONS sip:a SIP/2.0\r\nX: a\rb\r\n\r\n").headers[0]?.value, "a\rb");
    rejects("OPTIONS sip:a\r SIP/2.0\r\n\r\n", /CR not followed by LF/);
  });
});

describe("parseMessage: body framing on a datagram (RFC 3261 §18.3)", () => {
  const head = "MESSAGE sip:a SIP/2.0\r\n";

  it("takes exactly Content-Length bytes and ignores what follows (RFC 4475 §3.1.1.8)", () => {
    const message = request(head + "Content-Length: 5\r\n\r\nhelloEXTRA");
    assert.equal(Buffer.from(message.body).toString(), "hello");
  });

  it("takes the rest of the datagram when there is no Content-Length", () => {
    assert.equal(Buffer.from(request(head + "Via: x\r\n\r\nall of it\r\n").body).toString(), "all of it\r\n");
    assert.equal(request(head + "Via: x\r\n\r\n").body.length, 0);
  });

  it("keeps a binary body as bytes", () => {
    const body = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x80, 0x0a]);
    const message = parseMessage(Buffer.concat([bytes(head + "Content-Length: 6\r\n\r\n"), body]));
    assert.deepEqual([...message.body], [...body]);
  });

  it("copies the body out of the input buffer", () => {
    const input = bytes(head + "l: 2\r\n\r\nab");
    const message = parseMessage(input);
    input.fill(0x21);
    assert.equal(Buffer.from(message.body).toString(), "ab");
  });

  it("accepts a plain Uint8Array as input", () => {
    const input = new Uint8Array(bytes(head + "l: 2\r\n\r\nab"));
    assert.equal(Buffer.from(parseMessage(input).body).toString(), "ab");
    const offsetView = new Uint8Array(bytes("xx" + head + "l: 2\r\n\r\nab")).subarray(2);
    assert.equal(parseMessage(offsetView).kind, "request");
  });

  it("rejects a Content-Length larger than the bytes received (RFC 4475 §3.1.2.2)", () => {
    const error = rejects(head + "Content-Length: 10\r\n\r\nshort", /Content-Length 10 is larger than the 5 body bytes/);
    assert.equal(error.offset, (head + "Content-Length: 10\r\n\r\n").length);
  });

  it("rejects a Content-Length that is not a decimal number (RFC 4475 §3.1.2.3)", () => {
    assert.equal(rejects(head + "Content-Length: -999\r\n\r\n", /'-999' is not a decimal number/).offset, head.length);
    rejects(head + "Content-Length:\r\n\r\n", /empty Content-Length/);
  });

  it("rejects conflicting Content-Length values and accepts a repeated equal one", () => {
    rejects(head + "Content-Length: 3\r\nl: 2\r\n\r\nabc", /conflicting Content-Length values 3 and 2/);
    assert.equal(request(head + "Content-Length: 3\r\nl: 3\r\n\r\nabc").body.length, 3);
  });
});

describe("parseMessage: limits", () => {
  it("rejects a message over messageBytesMax (default 65,535)", () => {
    const big = "MESSAGE sip:a SIP/2.0\r\n\r\n" + "x".repeat(65_536);
    const error = rejects(big, /longer than 65535 bytes/);
    assert.equal(error.limit, "messageBytesMax");
    assert.equal(rejects("OPTIONS sip:a SIP/2.0\r\n\r\n", /longer than 10 bytes/, { messageBytesMax: 10 }).limit, "messageBytesMax");
  });

  it("rejects more than headerCountMax headers (default 256)", () => {
    const text = (count: number): string => "OPTIONS sip:a SIP/2.0\r\n" + "X: 1\r\n".repeat(count) + "\r\n";
    assert.equal(request(text(256)).headers.length, 256);
    const error = rejects(text(257), /more than 256 header fields/);
    assert.equal(error.limit, "headerCountMax");
    assert.equal(error.offset, "OPTIONS sip:a SIP/2.0\r\n".length + 256 * 6);
    assert.equal(rejects(text(3), /more than 2 header fields/, { headerCountMax: 2 }).limit, "headerCountMax");
  });

  it("rejects a line over lineBytesMax (default 8,192), start line included", () => {
    assert.equal(request("OPTIONS sip:a SIP/2.0\r\nX: " + "y".repeat(8189) + "\r\n\r\n").headers.length, 1);
    const error = rejects("OPTIONS sip:a SIP/2.0\r\nX: " + "y".repeat(8190) + "\r\n\r\n", /line longer than 8192 bytes/);
    assert.equal(error.limit, "lineBytesMax");
    assert.equal(rejects("OPTIONS sip:" + "a".repeat(50) + " SIP/2.0\r\n\r\n", /line longer than 32/, { lineBytesMax: 32 }).limit, "lineBytesMax");
  });
});

describe("parseMessage: control characters (spec DC1)", () => {
  const controls = [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f];

  it("shows each control character of a reason phrase as U+FFFD and keeps the response", () => {
    for (const c of controls) {
      const message = response(`SIP/2.0 200 O${String.fromCharCode(c)}K\r\nContent-Length: 0\r\n\r\n`);
      assert.equal(message.status, 200);
      assert.equal(message.reason, "O\uFFFDK", `0x${c.toString(16)}`);
    }
  });

  it("keeps HTAB and non-ASCII text in a reason phrase as written", () => {
    assert.equal(response("SIP/2.0 200 O\tK é\r\nContent-Length: 0\r\n\r\n").reason, "O\tK é");
  });

  it("rejects a control character in a header value, naming it and its byte offset", () => {
    for (const c of controls) {
      const text = `SIP/2.0 200 OK\r\nSubject: a${String.fromCharCode(c)}b\r\nContent-Length: 0\r\n\r\n`;
      const error = rejects(text, new RegExp(`control character 0x${c.toString(16).padStart(2, "0")} in a header`));
      assert.equal(error.offset, text.indexOf("a" + String.fromCharCode(c)) + 1);
    }
  });

  it("rejects it in a folded line and in a value after non-ASCII text too", () => {
    rejects("SIP/2.0 200 OK\r\nSubject: a\r\n b\x00\r\n\r\n", /control character 0x00/);
    rejects("SIP/2.0 200 OK\r\nSubject: é\x1b[2J\r\n\r\n", /control character 0x1b/);
  });

  it("accepts one as a quoted-pair, but not after an escaped backslash", () => {
    const message = response('SIP/2.0 200 OK\r\nFrom: "a\\\x00b" <sip:a@h>\r\n\r\n');
    assert.equal(message.headers[0]!.value, '"a\\\x00b" <sip:a@h>');
    rejects('SIP/2.0 200 OK\r\nFrom: "a\\\\\x00b" <sip:a@h>\r\n\r\n', /control character 0x00/);
  });

  it("does not look at the body", () => {
    const message = response("SIP/2.0 200 OK\r\nContent-Length: 3\r\n\r\n\x00\x1b\x7f");
    assert.deepEqual([...message.body], [0x00, 0x1b, 0x7f]);
  });
});
