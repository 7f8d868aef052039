/**
 * The fast paths read the common shapes of hosts, Via values, parameters and From/To tags without
 * the general scanner. Each must agree with the general path wherever it answers: the same
 * result, the same cursor, the same error. These properties compare them on generated text that
 * is mostly well formed, with whitespace, odd characters and cuts mixed in. Runs per property and
 * replay: testkit/fuzz-runs.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { GEN_VALUE, HNV, HOST, PARAMCHAR, PASSWORD, TOKEN, URIC, USER, classRunEnd, runEnd, runPattern } from "./abnf.js";
import { SipParseError } from "./errors.js";
import { getFromTag, getToTag } from "./headers.js";
import type { Params } from "./message.js";
import { getTag, scanNameAddr, scanTag } from "./name-addr.js";
import { parseMessage } from "./parse-message.js";
import { hostnameEnd, scanHostStrict, scanPlainHost } from "./parse-uri.js";
import { Scanner, unquote } from "./scanner.js";
import { readPatternVia, readPlainVia, readVia } from "./via.js";
import { FUZZ_RUNS, fuzzOptions } from "../../testkit/fuzz-runs.js";

/** A result or the error, and where the scanner ended, so that two paths compare as wholes. */
type Outcome = { ok: unknown; at: number } | { error: string; offset: number };

function outcome(run: () => { value: unknown; at: number }): Outcome {
  try {
    const { value, at } = run();
    return { ok: value, at };
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    return { error: error.problem, offset: error.offset };
  }
}

const pieces = (choices: readonly string[], max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...choices), { maxLength: max }).map((parts) => parts.join(""));

const label = pieces(["a", "Z", "x9", "0", "1", "25", "255", "256", "_", "-", "--", "b-c"], 4);
const hostText = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join(".")),
  fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((octets) => octets.join(".")),
  pieces(["1", "2", "9", "0", ".", "a", "-", "_", "[", "::1", "]", "é"], 10),
);
const tail = pieces(["", ":", ":5060", ";", ";a", " ", "\t", ",", ".", "-", "a", "1", ">", "é", "=", '"'], 3);
const ws = fc.constantFrom("", "", "", " ", "  ", "\t");
const token = pieces(["a", "Z", "0", "-", ".", "!", "%", "*", "_", "+", "`", "'", "~", "branch", "tag", "rport"], 5);
const value = fc.oneof(
  token,
  pieces(["a", "1", ":", ".", "-", "z9hG4bK", "x".repeat(20), "%", "@", "/"], 6),
  fc.constantFrom('"quoted"', '"a\\"b"', '"', "[::1]", "[2001:db8::1", ""),
);
const param = fc
  .tuple(ws, ws, token, fc.option(fc.tuple(ws, ws, value), { nil: null }))
  .map(([before, after, name, valuePart]) =>
    valuePart === null ? `${before};${after}${name}` : `${before};${after}${name}${valuePart[0]}=${valuePart[1]}${valuePart[2]}`,
  );
const params = fc.array(param, { maxLength: 4 }).map((list) => list.join(""));

describe(`fast paths agree with the general path (${FUZZ_RUNS} runs each)`, () => {
  it("classRunEnd ends runs where runEnd does", () => {
    const text = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    const flags = fc.constantFrom(TOKEN, GEN_VALUE, USER, PASSWORD, PARAMCHAR, HNV, URIC, HOST);
    fc.assert(
      fc.property(text, flags, fc.nat(40), fc.nat(40), (s, flag, a, b) => {
        const start = Math.min(a, s.length);
        const end = Math.max(start, Math.min(b, s.length));
        const pattern = runPattern(flag);
        assert.equal(classRunEnd(flag, pattern, s, start, end), runEnd(pattern, s, start, end));
      }),
      fuzzOptions(),
    );
  });

  it("hostnameEnd ends where the hostname regex it replaces ends", () => {
    const hostname = /[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*(?:\.[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*)*\.?/y;
    const text = pieces(["a", "Z", "9", "_", "-", "--", ".", "..", "é", ":", ">", "a-b", "a.b"], 12);
    fc.assert(
      fc.property(text, fc.nat(12), (s, a) => {
        const start = Math.min(a, s.length);
        hostname.lastIndex = start;
        assert.equal(hostnameEnd(s, start), hostname.test(s) ? hostname.lastIndex : start);
      }),
      fuzzOptions(),
    );
  });

  it("scanPlainHost, where it answers, matches scanHostStrict", () => {
    fc.assert(
      fc.property(pieces(["", "x", "@"], 1), hostText, tail, (before, host, after) => {
        const s = before + host + after;
        const plain = scanPlainHost(s, before.length, s.length);
        if (plain === null) return;
        assert.deepEqual(plain, scanHostStrict(s, before.length, s.length));
      }),
      fuzzOptions(),
    );
  });

  const via = fc
      .tuple(
        ws,
        fc.constantFrom("SIP/2.0/", "SIP/2.0/", "SIP / 2.0/", "sip/2.0/", "SIP/2.0", "SIP/3.0/"),
        fc.constantFrom("UDP", "TCP", "tls", "WS", "", "U/D"),
        fc.constantFrom(" ", " ", "  ", "\t", ""),
        hostText,
        fc.constantFrom("", ":5060", ":0", ":65535", ":65536", ":005060", ":00005060", ": 5060", " :5060", ":", ":99999x"),
        // Sometimes more parameters than readPatternVia's regex matches, the scanner reading the rest.
        fc.oneof({ weight: 9, arbitrary: params }, { weight: 1, arbitrary: fc.array(param, { minLength: 30, maxLength: 40 }).map((list) => list.join("")) }),
        tail,
      )
      .map((parts) => parts.join(""));

  /** A Via fast path, where it answers, gives readVia's result, cursor and errors. */
  const agreesWithReadVia = (read: (scanner: Scanner) => unknown) => (text: string) => {
    const fast = outcome(() => {
      const scanner = new Scanner(text);
      const value = read(scanner);
      return { value, at: scanner.i };
    });
    if ("ok" in fast && fast.ok === null) {
      assert.equal(fast.at, 0, "a declined Via leaves the scanner where it was");
      return;
    }
    const strict = outcome(() => {
      const scanner = new Scanner(text);
      const value = readVia(scanner);
      return { value, at: scanner.i };
    });
    assert.deepEqual(fast, strict);
  };

  it("readPlainVia, where it answers, matches readVia (result, cursor and errors)", () => {
    fc.assert(fc.property(via, agreesWithReadVia(readPlainVia)), fuzzOptions());
  });

  it("readPatternVia, where it answers, matches readVia (result, cursor and errors)", () => {
    fc.assert(fc.property(via, agreesWithReadVia(readPatternVia)), fuzzOptions());
  });

  it("plainParam then param reads parameters exactly as param alone", () => {
    fc.assert(
      fc.property(params, tail, (text, after) => {
        const s = text + after;
        const both = outcome(() => {
          const scanner = new Scanner(s);
          const into: Params = [];
          scanner.params(into, "the test");
          return { value: into, at: scanner.i };
        });
        const general = outcome(() => {
          const scanner = new Scanner(s);
          const into: Params = [];
          while (scanner.param(into, "the test"));
          return { value: into, at: scanner.i };
        });
        assert.deepEqual(both, general);
      }),
      fuzzOptions(),
    );
  });

  it("unquotedString reads as unquote(quotedString()) (result, cursor and errors)", () => {
    const quoted = fc
      .tuple(
        fc.constantFrom("", "x", "\\"),
        pieces(['"', "a", " ", "\\", '\\"', "\\\\", "\\x", "\\\n", "\\é", "é", "\r", ","], 6),
        pieces(['"', "", "a", "\\"], 2),
      )
      .map(([before, inner, after]) => [before + '"' + inner + after, before.length] as const);
    fc.assert(
      fc.property(quoted, fc.nat(3), ([text, start], cut) => {
        const end = Math.max(start, text.length - cut);
        const read = (how: (scanner: Scanner) => string): Outcome =>
          outcome(() => {
            const scanner = new Scanner(text, start, end);
            return { value: how(scanner), at: scanner.i };
          });
        assert.deepEqual(
          read((scanner) => scanner.unquotedString()),
          read((scanner) => unquote(scanner.quotedString())),
        );
      }),
      fuzzOptions(),
    );
  });

  it("scanTag gives getTag(scanNameAddr(text)) whenever scanNameAddr accepts the text", () => {
    const address = fc
      .tuple(
        ws,
        fc.constantFrom("", '"Alice" ', "Alice ", '"A \\" B"', "A B<", '"'),
        fc.constantFrom("<", "<", ""),
        fc.constantFrom("sip:", "sips:", "tel:", "urn:", "", "sip:user@"),
        hostText,
        fc.constantFrom(">", ">", "", ";lr>", "?x=y>", " >"),
        params,
        tail,
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(address, (text) => {
        let full;
        try {
          full = scanNameAddr(text);
        } catch (error) {
          if (error instanceof SipParseError) return;
          throw error;
        }
        assert.equal(scanTag(text), getTag(full));
      }),
      fuzzOptions(),
    );
  });
});

describe("getFromTag and getToTag", () => {
  const message = (from: string, to: string): Uint8Array =>
    Buffer.from(
      `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: ${from}\r\nTo: ${to}\r\n` +
        "Call-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n",
      "latin1",
    );

  it("read the tag of each address form", () => {
    const parsed = parseMessage(message('"A" <sip:a@h>;tag=1a', "sip:b@h ; tag = 2b;x"));
    assert.equal(getFromTag(parsed), "1a");
    assert.equal(getToTag(parsed), "2b");
    assert.equal(getToTag(parseMessage(message("<sip:a@h>;tag=1", "<sip:b@h;tag=uri-param>"))), null);
  });

  it("reject what getFrom rejects in the header parameters, naming the header", () => {
    const parsed = parseMessage(message("<sip:a@h>;tag=1;", "<sip:b@h>"));
    assert.throws(() => getFromTag(parsed), /From header '<sip:a@h>;tag=1;': expected a parameter name/);
  });
});
