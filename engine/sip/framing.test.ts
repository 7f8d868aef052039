import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SipParseError } from "./errors.js";
import { frameMessage } from "./framing.js";
import { parseErrorOf } from "../../testkit/sip-fixtures.js";

const bytes = (text: string): Buffer => Buffer.from(text, "latin1");

const REGISTER =
  "REGISTER sip:example.net SIP/2.0\r\n" +
  "Via: SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK1\r\n" +
  "Call-ID: a@b\r\n" +
  "Content-Length: 4\r\n" +
  "\r\n" +
  "body";

function rejects(buffer: Uint8Array, pattern: RegExp, limits?: Parameters<typeof frameMessage>[1]): SipParseError {
  return parseErrorOf(() => frameMessage(buffer, limits), pattern);
}

describe("frameMessage", () => {
  it("finds one complete message, body included", () => {
    assert.deepEqual(frameMessage(bytes(REGISTER)), { start: 0, end: REGISTER.length });
  });

  it("skips leading CRLF keep-alives (RFC 5626) and reports where the message starts", () => {
    assert.deepEqual(frameMessage(bytes("\r\n\r\n" + REGISTER)), { start: 4, end: 4 + REGISTER.length });
    assert.equal(frameMessage(bytes("\r\n\r\n")), null);
    assert.equal(frameMessage(bytes("")), null);
  });

  it("leaves the bytes of the next message alone", () => {
    const two = bytes(REGISTER + REGISTER.slice(0, 20));
    assert.deepEqual(frameMessage(two), { start: 0, end: REGISTER.length });
    assert.equal(frameMessage(two.subarray(REGISTER.length)), null);
  });

  it("asks for more bytes until headers and body are complete", () => {
    const whole = bytes(REGISTER);
    for (let cut = 0; cut < whole.length; cut++) {
      assert.equal(frameMessage(whole.subarray(0, cut)), null, `cut at ${cut}`);
    }
  });

  it("reads the compact form, any case, whitespace and folding around the value", () => {
    const compact = "OPTIONS sip:a SIP/2.0\r\nl: 2\r\n\r\nhi";
    assert.deepEqual(frameMessage(bytes(compact)), { start: 0, end: compact.length });
    const spaced = "OPTIONS sip:a SIP/2.0\r\ncontent-LENGTH \t:  2 \r\n\r\nhi";
    assert.deepEqual(frameMessage(bytes(spaced)), { start: 0, end: spaced.length });
    const folded = "OPTIONS sip:a SIP/2.0\r\nContent-Length:\r\n 2\r\n\r\nhi";
    assert.deepEqual(frameMessage(bytes(folded)), { start: 0, end: folded.length });
  });

  it("does not take other headers for Content-Length", () => {
    const text = "OPTIONS sip:a SIP/2.0\r\nContent-Type: x\r\nLength: 9\r\nContent-Length: 0\r\n\r\n";
    assert.deepEqual(frameMessage(bytes(text)), { start: 0, end: text.length });
  });

  it("accepts bare LF line ends", () => {
    const text = "OPTIONS sip:a SIP/2.0\nContent-Length: 1\n\nx";
    assert.deepEqual(frameMessage(bytes(text)), { start: 0, end: text.length });
  });

  it("rejects a stream message without Content-Length (RFC 3261 §18.3)", () => {
    const error = rejects(bytes("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n"), /missing Content-Length/);
    assert.equal(error.code, "sip_parse");
    assert.equal(error.fault, "remote");
    assert.equal(error.limit, null);
  });

  it("rejects invalid and repeated Content-Length values, at their offset", () => {
    const prefix = "OPTIONS sip:a SIP/2.0\r\n";
    const error = rejects(bytes(prefix + "Content-Length: -1\r\n\r\n"), /not a decimal number/);
    assert.equal(error.offset, prefix.length + "Content-Length: ".length);
    rejects(bytes(prefix + "Content-Length: 1 2\r\n\r\n"), /not a decimal number/);
    rejects(bytes(prefix + "Content-Length: \r\n\r\n"), /empty/);
    rejects(bytes(prefix + "Content-Length: 1\r\n 2\r\n\r\n"), /not a single number/);
    const repeated = rejects(bytes(prefix + "l: 0\r\nContent-Length: 0\r\n\r\n"), /more than one Content-Length/);
    assert.equal(repeated.offset, prefix.length + "l: 0\r\n".length);
  });

  it("enforces messageBytesMax on the header section and on the declared body", () => {
    const endless = bytes("OPTIONS sip:a SIP/2.0\r\nX: " + "y".repeat(100));
    const error = rejects(endless, /longer than 64 bytes/, { messageBytesMax: 64 });
    assert.equal(error.limit, "messageBytesMax");
    const big = bytes("OPTIONS sip:a SIP/2.0\r\nContent-Length: 70000\r\n\r\n");
    assert.equal(rejects(big, /Content-Length 70000/).limit, "messageBytesMax");
    const huge = bytes("OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n");
    assert.equal(rejects(huge, /longer than/).limit, "messageBytesMax");
  });

  it("enforces lineBytesMax even before the line is complete", () => {
    const error = rejects(bytes("OPTIONS sip:a SIP/2.0\r\nX: " + "y".repeat(50)), /line longer than 40/, {
      lineBytesMax: 40,
    });
    assert.equal(error.limit, "lineBytesMax");
    assert.equal(error.offset, "OPTIONS sip:a SIP/2.0\r\n".length);
  });

  it("enforces headerCountMax", () => {
    const text = "OPTIONS sip:a SIP/2.0\r\n" + "X: 1\r\n".repeat(5) + "Content-Length: 0\r\n\r\n";
    assert.equal(rejects(bytes(text), /more than 5 header fields/, { headerCountMax: 5 }).limit, "headerCountMax");
    assert.deepEqual(frameMessage(bytes(text), { headerCountMax: 6 }), { start: 0, end: text.length });
  });

  it("does not count keep-alives toward the message limit", () => {
    const text = "\r\n".repeat(100) + "OPTIONS sip:a SIP/2.0\r\nl: 0\r\n\r\n";
    assert.deepEqual(frameMessage(bytes(text), { messageBytesMax: 64 }), { start: 200, end: text.length });
  });
});
