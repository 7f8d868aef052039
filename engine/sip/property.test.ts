/**
 * Property tests (fast-check). Generated messages survive serialize → parse → serialize with the
 * same meaning; random bytes and mutated valid messages (bit flips, truncation, duplicated and
 * swapped lines, huge and empty values, control characters, invalid UTF-8: see
 * testkit/sip-mutations.ts) never make the parser or any typed reader throw anything but
 * SipParseError, and never make it hang. Runs per property and replay: testkit/fuzz-runs.ts
 * (10,000; FUZZ_RUNS, which `npm run fuzz:long` sets to 1,000,000; FUZZ_SEED).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatAuthValue } from "./auth-value.js";
import { compareUris } from "./compare-uri.js";
import { SipParseError } from "./errors.js";
import { formatUri } from "./format-uri.js";
import { frameMessage } from "./framing.js";
import {
  getAuthValues,
  getContacts,
  getFrom,
  getTo,
  getVias,
} from "./headers.js";
import type { AuthValue, NameAddr, Params, SipHeader, SipMessage, SipUri, TelUri, Uri, Via } from "./message.js";
import { formatNameAddr, parseNameAddr } from "./name-addr.js";
import { parseMessage } from "./parse-message.js";
import { parseUri } from "./parse-uri.js";
import { formatCSeq } from "./scalars.js";
import { serializeMessage } from "./serialize.js";
import { formatVia } from "./via.js";
import { mutate, mutatedCorpusMessage, mutation, sipSeeds, SPECIAL_BYTES as SPECIAL } from "../../testkit/sip-mutations.js";
import { ADVERSARIAL_KINDS, ADVERSARIAL_TEST_BYTES, adversarialMessage, EVERY_READER } from "../../testkit/sip-fixtures.js";
import { FUZZ_RUNS, LONG_RUN, fuzzOptions } from "../../testkit/fuzz-runs.js";


// --- generators, each under the RFC 3261 §25.1 rule it produces ---------------------------------

const alphanum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const fromChars = (chars: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max });
const escaped = fc.integer({ min: 0, max: 255 }).map((n) => "%" + n.toString(16).toUpperCase().padStart(2, "0"));
const escapedRun = (chars: string, min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...chars) }, { weight: 1, arbitrary: escaped }), { minLength: min, maxLength: max })
    .map((parts) => parts.join(""));

/** token */
const token = fromChars(alphanum + "-.!%*_+`'~", 1, 12);
/** user = 1*( unreserved / escaped / user-unreserved ) */
const user = escapedRun(alphanum + "-_.!~*'()&=+$,;?/", 1, 12);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
const password = escapedRun(alphanum + "-_.!~*'()&=+$,", 0, 8);
/** pname / pvalue = 1*paramchar */
const paramchars = escapedRun(alphanum + "-_.!~*'()[]/:&+$", 1, 10);
/** hname / hvalue */
const hnvchars = (min: number): fc.Arbitrary<string> => escapedRun(alphanum + "-_.!~*'()[]/?:+$", min, 10);

const label = fc
  .tuple(fromChars(alphanum, 1, 1), fromChars(alphanum + "-", 0, 6), fromChars(alphanum, 0, 1))
  .map(([a, b, c]) => (c === "" && b.endsWith("-") ? a + b + "x" : a + b + c));
const domain = fc
  .tuple(fc.array(label, { minLength: 0, maxLength: 3 }), fromChars("abcdefghijklmnopqrstuvwxyz", 1, 6))
  .map(([labels, top]) => [...labels, top].join("."));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join("."));
const ipv6 = fc.ipV6().map((address) => `[${address}]`);
const host = fc.oneof(
  domain.map((text) => ({ text, kind: "domain" as const })),
  ipv4.map((text) => ({ text, kind: "ipv4" as const })),
  ipv6.map((text) => ({ text, kind: "ipv6" as const })),
);
const port = fc.option(fc.integer({ min: 0, max: 65535 }), { nil: null });
const uriParams: fc.Arbitrary<Params> = fc.array(fc.tuple(paramchars, fc.option(paramchars, { nil: null })), { maxLength: 4 });
const uriHeaders: fc.Arbitrary<Params> = fc.array(fc.tuple(hnvchars(1), hnvchars(0)), { maxLength: 3 });

const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom("sip" as const, "sips" as const),
    userinfo: fc.option(fc.tuple(user, fc.option(password, { nil: null })), { nil: null }),
    host,
    port,
    params: uriParams,
    headers: uriHeaders,
  })
  .map(({ scheme, userinfo, host: h, port: p, params, headers }) => ({
    kind: "sip",
    scheme,
    user: userinfo === null ? null : userinfo[0],
    password: userinfo === null ? null : userinfo[1],
    host: h.text,
    hostKind: h.kind,
    port: p,
    params,
    headers,
  }));
const telUri: fc.Arbitrary<TelUri> = fc
  .record({
    number: fc.oneof(fromChars("0123456789", 1, 10).map((digits) => "+" + digits), fromChars("0123456789ABCDEF*#", 1, 8)),
    params: fc.array(fc.tuple(fromChars(alphanum + "-", 1, 8), fc.option(paramchars, { nil: null })), { maxLength: 2 }),
  })
  .map(({ number, params }) => ({ kind: "tel", scheme: "tel", number, params }));
const absoluteUri: fc.Arbitrary<Uri> = fc
  .tuple(fromChars("abcdefghijklmnopqrstuvwxyz", 1, 6), escapedRun(alphanum + "-_.!~*'();/?:@&=+$,", 1, 16))
  .filter(([scheme]) => scheme !== "sip" && scheme !== "sips" && scheme !== "tel")
  .map(([scheme, opaque]) => ({ kind: "absolute", scheme, opaque }));
const uri: fc.Arbitrary<Uri> = fc.oneof({ weight: 6, arbitrary: sipUri }, { weight: 1, arbitrary: telUri }, { weight: 1, arbitrary: absoluteUri });

/** A quoted-string as written: any text but CR/LF, with `"` and `\` escaped. */
const quotedValue = fc
  .string({ unit: "grapheme", maxLength: 12 })
  .map((text) => '"' + text.replace(/[\r\n]/g, "").replace(/[\\"]/g, (c) => "\\" + c) + '"');
const headerParams: fc.Arbitrary<Params> = fc.array(
  fc.tuple(token, fc.option(fc.oneof(token, quotedValue), { nil: null })),
  { maxLength: 4 },
);
const displayName = fc.option(
  fc.string({ unit: "grapheme", maxLength: 12 }).map((text) => text.replace(/[\r\n]/g, "")),
  { nil: null },
);
/** fc.record builds null-prototype objects; spreading gives the plain objects the parser returns. */
const plain = <T extends object>(value: T): T => ({ ...value });

const nameAddr: fc.Arbitrary<NameAddr> = fc.record({ displayName, uri, params: headerParams }).map(plain);

const via: fc.Arbitrary<Via> = fc.record({
  protocolVersion: fc.constant("SIP/2.0"),
  transport: fc.constantFrom("UDP", "TCP", "TLS", "SCTP", "WS", "WSS"),
  host: host.map((h) => h.text),
  port,
  params: fc.array(
    fc.oneof(
      token.map((branch): [string, string | null] => ["branch", "z9hG4bK" + branch]),
      fc.constant<[string, string | null]>(["rport", null]),
      fc.tuple(fc.constant("received"), ipv4),
      fc.tuple(token, fc.option(token, { nil: null })),
    ),
    { maxLength: 4 },
  ),
}).map(plain);

/** auth-param values as a Map, unquoted: text that quote() can write (no CR/LF). */
const authValue: fc.Arbitrary<AuthValue> = fc.record({
  scheme: token,
  params: fc
    .uniqueArray(
      fc.tuple(
        fromChars("abcdefghijklmnopqrstuvwxyz-", 1, 8),
        fc.string({ unit: "grapheme", maxLength: 12 }).map((text) => text.replace(/[\r\n]/g, "")),
      ),
      { selector: ([name]) => name, minLength: 1, maxLength: 5 },
    )
    .map((entries) => new Map(entries)),
}).map(plain);

const word = fromChars(alphanum + "-.!%*_+`'~()<>:\\\"/[]?{}", 1, 16);
const text = fc
  .string({ unit: "grapheme", maxLength: 30 })
  .map((value) => value.replace(/[\r\n]/g, " ").trim());

interface Generated {
  message: SipMessage;
  vias: Via[];
  from: NameAddr;
  to: NameAddr;
  contacts: NameAddr[];
  challenges: AuthValue[];
}

const generated: fc.Arbitrary<Generated> = fc
  .record({
    start: fc.oneof(
      fc.record({ kind: fc.constant("request" as const), method: token, uri }),
      fc.record({ kind: fc.constant("response" as const), status: fc.integer({ min: 100, max: 699 }), reason: text }),
    ),
    vias: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr,
    to: nameAddr,
    callId: fc.tuple(word, fc.option(word, { nil: null })).map(([a, b]) => (b === null ? a : `${a}@${b}`)),
    cseq: fc.record({ seq: fc.nat(), method: token }),
    contacts: fc.array(nameAddr, { maxLength: 3 }),
    challenges: fc.array(authValue, { maxLength: 2 }),
    extra: fc.array(fc.tuple(token.map((name) => "X-" + name), text), { maxLength: 3 }),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ start, vias, from, to, callId, cseq, contacts, challenges, extra, body }) => {
    const headers: SipHeader[] = [
      ...vias.map((v) => ({ name: "Via", value: formatVia(v) })),
      { name: "From", value: formatNameAddr(from) },
      { name: "To", value: formatNameAddr(to) },
      { name: "Call-ID", value: callId },
      { name: "CSeq", value: formatCSeq(cseq) },
      ...(contacts.length > 0 ? [{ name: "Contact", value: contacts.map(formatNameAddr).join(", ") }] : []),
      ...challenges.map((challenge) => ({ name: "WWW-Authenticate", value: formatAuthValue(challenge) })),
      ...extra.map(([name, value]) => ({ name, value })),
      { name: "Content-Length", value: String(body.length) },
    ];
    const message: SipMessage =
      start.kind === "request"
        ? { kind: "request", method: start.method, uri: start.uri, headers, body }
        : { kind: "response", status: start.status, reason: start.reason, headers, body };
    return { message, vias, from, to, contacts, challenges };
  });

/** Display names come back unquoted; everything else exactly as generated. */
function sameNameAddr(actual: NameAddr, expected: NameAddr): void {
  assert.equal(actual.displayName, expected.displayName);
  assert.deepEqual(actual.uri, expected.uri);
  assert.deepEqual(actual.params, expected.params);
}

// --- reading everything, allowing only SipParseError ---------------------------------------------


function onlyParseErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    assert.equal(error.code, "sip_parse");
    assert.ok(Number.isInteger(error.offset) && error.offset >= 0, `offset ${error.offset}`);
  }
}

/**
 * Parses and reads every header, as datagram and as stream; fails on any other error. Speed is the
 * benches' business (bench/codec.ts): a wall-clock limit here failed under load, not on slow code.
 */
function survives(input: Uint8Array): void {
  onlyParseErrors(() => frameMessage(input));
  let message: SipMessage | null = null;
  onlyParseErrors(() => {
    message = parseMessage(input);
  });
  if (message !== null) {
    for (const read of EVERY_READER) onlyParseErrors(() => read(message!));
  }
}

// --- mutation (testkit/sip-mutations.ts): the corpus and RFC 4475, damaged -----------------------

const seeds = sipSeeds();
/** One adversarial header this long, in the long run only. */
const HUGE_HEADER_BYTES = 8 * 1024 * 1024;

// --- properties -----------------------------------------------------------------------------------

describe(`property tests (${FUZZ_RUNS} runs each)`, () => {
  it("URIs survive format → parse unchanged", () => {
    fc.assert(
      fc.property(uri, (value) => {
        const parsed = parseUri(formatUri(value));
        assert.deepEqual(parsed, value);
        assert.ok(compareUris(parsed, value));
      }),
      fuzzOptions(),
    );
  });

  it("name-addrs survive format → parse unchanged", () => {
    fc.assert(
      fc.property(nameAddr, (value) => {
        sameNameAddr(parseNameAddr(formatNameAddr(value)), value);
      }),
      fuzzOptions(),
    );
  });

  it("generated messages survive serialize → parse → serialize with the same meaning", () => {
    fc.assert(
      fc.property(generated, ({ message, vias, from, to, contacts, challenges }) => {
        const bytes = serializeMessage(message);
        const parsed = parseMessage(bytes);
        assert.deepEqual(parsed, { ...message, body: new Uint8Array(message.body) });
        assert.deepEqual(getVias(parsed), vias);
        sameNameAddr(getFrom(parsed), from);
        sameNameAddr(getTo(parsed), to);
        const list = getContacts(parsed);
        assert.ok(!list.wildcard);
        assert.equal(list.contacts.length, contacts.length);
        list.contacts.forEach((contact, k) => sameNameAddr(contact, contacts[k]!));
        assert.deepEqual(getAuthValues(parsed, "WWW-Authenticate"), challenges);
        assert.deepEqual(Buffer.from(serializeMessage(parsed)), Buffer.from(bytes));
        assert.deepEqual(frameMessage(bytes), { start: 0, end: bytes.length });
      }),
      fuzzOptions(),
    );
  });

  it("a stream cut into any chunks frames back into the same messages", () => {
    fc.assert(
      fc.property(
        fc.array(generated, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 20 }),
        fc.nat(3),
        (messages, chunkSizes, keepAlives) => {
          const wire = messages.map(({ message }) => Buffer.concat([Buffer.from("\r\n".repeat(keepAlives)), serializeMessage(message)]));
          const stream = Buffer.concat(wire);
          const framed: Buffer[] = [];
          let pending = Buffer.alloc(0);
          let offset = 0;
          let k = 0;
          while (offset < stream.length) {
            const size = chunkSizes[k++ % chunkSizes.length]!;
            pending = Buffer.concat([pending, stream.subarray(offset, offset + size)]);
            offset += size;
            for (let found = frameMessage(pending); found !== null; found = frameMessage(pending)) {
              framed.push(pending.subarray(found.start, found.end));
              pending = pending.subarray(found.end);
            }
          }
          assert.equal(framed.length, messages.length);
          framed.forEach((bytes, n) => assert.deepEqual(parseMessage(bytes), parseMessage(wire[n]!)));
        },
      ),
      fuzzOptions(),
    );
  });

  it("random bytes never throw anything but SipParseError", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.array(fc.constantFrom(...SPECIAL), { maxLength: 600 }).map((codes) => new Uint8Array(codes)),
          fc.string({ unit: "binary", maxLength: 300 }).map((value) => new Uint8Array(Buffer.from("SIP/2.0 200 OK\r\n" + value + "\r\n\r\n"))),
        ),
        survives,
      ),
      fuzzOptions(),
    );
  });

  it("mutated corpus and RFC 4475 messages never throw anything but SipParseError", () => {
    fc.assert(fc.property(mutatedCorpusMessage(seeds), survives), fuzzOptions());
  });

  it("mutated generated messages never throw anything but SipParseError", () => {
    fc.assert(
      fc.property(generated, fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ message }, mutations) => {
        survives(mutate(serializeMessage(message), mutations));
      }),
      fuzzOptions(),
    );
  });
});

describe("adversarial inputs (bench:codec times them)", () => {
  for (const kind of ADVERSARIAL_KINDS) {
    const header = kind.header(ADVERSARIAL_TEST_BYTES);
    it(`${kind.name} (${header.length} bytes in one header) parses, and every reader answers or throws SipParseError`, () => {
      const { bytes, limits } = adversarialMessage(header);
      const message = parseMessage(bytes, limits);
      for (const read of EVERY_READER) onlyParseErrors(() => read(message));
    });
  }
});

/**
 * Limits raised far past the defaults: a regex that keeps state per repetition of a group (a host
 * of millions of labels, a Via of millions of parameters) overflowed the regex engine's stack
 * from about 4 MB on, a RangeError. About a second per kind, so in the long run only.
 */
describe(`adversarial inputs of ${HUGE_HEADER_BYTES / 1024 / 1024} MB (npm run fuzz:long only)`, { skip: !LONG_RUN && "npm run fuzz:long only" }, () => {
  for (const kind of ADVERSARIAL_KINDS) {
    it(`${kind.name}: every reader answers or throws SipParseError`, () => {
      const { bytes, limits } = adversarialMessage(kind.header(HUGE_HEADER_BYTES));
      let message: SipMessage | null = null;
      onlyParseErrors(() => {
        message = parseMessage(bytes, limits);
      });
      if (message !== null) for (const read of EVERY_READER) onlyParseErrors(() => read(message!));
    });
  }
});
