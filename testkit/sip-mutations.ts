/**
 * A mutation fuzzer for SIP bytes: real messages (our corpus in fixtures/sip/ and the RFC 4475
 * torture messages) damaged the ways networks, broken peers and attackers damage them. Used by
 * the codec's property tests (engine/sip/property.test.ts, `npm run fuzz:long`) and by the
 * interop test that sends the same bytes to real sockets (interop/hostile-bytes.interop.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";

/** Every message of the SIP corpus and of RFC 4475, as bytes. */
export function sipSeeds(): Uint8Array[] {
  const folder = (path: string, suffix: string): URL[] => {
    const dir = new URL(`../fixtures/sip/${path}`, import.meta.url);
    return readdirSync(dir)
      .filter((file) => file.endsWith(suffix))
      .sort()
      .map((file) => new URL(file, dir));
  };
  return [...folder("", ".sip"), ...folder("rfc4475/", ".dat")].map((url) => new Uint8Array(readFileSync(url)));
}

/** Bytes that matter to the grammar, so mutations hit separators more often than chance would. */
export const SPECIAL_BYTES: readonly number[] = [...':;,"<>\r\n \t\\%@[]=/?&*']
  .map((c) => c.charCodeAt(0))
  .concat([0, 0x7f, 0x80, 0xc3, 0xff]);

/** Control characters: NUL, the C0 set, DEL. */
const CONTROL_BYTES = [0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f];

/** Byte sequences that are not UTF-8 (RFC 3629): stray continuation, overlong, surrogate, too high, cut short. */
const INVALID_UTF8: readonly Uint8Array[] = [
  [0x80],
  [0xbf, 0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
].map((bytes) => new Uint8Array(bytes));

/** What a huge value is made of: plain text, separators a reader loops on, escapes, quoted-pairs. */
const HUGE_UNITS = ["a", ";", ",", "%41", "\\\\", '\\"', "<", "(", " ", "é", "sip:a@h, "];

export type Mutation =
  | { kind: "set"; at: number; byte: number }
  | { kind: "flip"; at: number; bit: number }
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "repeat"; at: number; length: number; times: number }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate line"; line: number; times: number }
  | { kind: "swap lines"; line: number; other: number }
  | { kind: "huge value"; line: number; unit: string; length: number }
  | { kind: "empty value"; line: number };

const position = fc.nat();
const everyDayMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: position, byte: fc.oneof(fc.constantFrom(...SPECIAL_BYTES), fc.nat(255)) }),
  fc.record({ kind: fc.constant("flip" as const), at: position, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: position,
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(...SPECIAL_BYTES).map((b) => new Uint8Array([b])),
      fc.constantFrom(...CONTROL_BYTES).map((b) => new Uint8Array([b])),
      fc.constantFrom(...INVALID_UTF8),
    ),
  }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: position,
    length: fc.integer({ min: 1, max: 30 }),
    times: fc.integer({ min: 2, max: 50 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: position }),
  fc.record({ kind: fc.constant("duplicate line" as const), line: position, times: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ kind: fc.constant("swap lines" as const), line: position, other: position }),
  fc.record({ kind: fc.constant("empty value" as const), line: position }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 9, arbitrary: everyDayMutation },
  // Rarer than the others: each costs a parse of up to 70 KB.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("huge value" as const),
      line: position,
      unit: fc.constantFrom(...HUGE_UNITS),
      // Up to past the 8,192-byte line limit and the 65,535-byte message limit.
      length: fc.oneof(fc.integer({ min: 1_000, max: 9_000 }), fc.integer({ min: 9_000, max: 70_000 })),
    }),
  },
);

/**
 * Mutations never grow a message past this: repeats and duplications compound (six of them can
 * ask for gigabytes), and anything past the 65,535-byte message limit is refused alike.
 */
export const MUTATED_BYTES_MAX = 200_000;

/** How many copies of `piece` fit in the budget beside `length` bytes, at most `wanted`. */
function within(length: number, piece: number, wanted: number): number {
  if (piece === 0) return wanted;
  return Math.max(0, Math.min(wanted, Math.floor((MUTATED_BYTES_MAX - length) / piece)));
}

/** The message's lines, each with its line end (CRLF, or a bare LF), the last one maybe without. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, lf + 1));
    start = lf + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/** Replaces what follows the first ':' of a line (its value), keeping the line end. */
function withValue(line: Buffer, value: Buffer): Buffer {
  const colon = line.indexOf(0x3a);
  if (colon === -1) return line;
  let end = line.length;
  while (end > colon + 1 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
  return Buffer.concat([line.subarray(0, colon + 1), value, line.subarray(end)]);
}

function applyOne(bytes: Buffer, m: Mutation): Buffer {
  const at = "at" in m ? (bytes.length === 0 ? 0 : m.at % (bytes.length + 1)) : 0;
  switch (m.kind) {
    case "set":
      if (at < bytes.length) bytes[at] = m.byte;
      return bytes;
    case "flip":
      if (at < bytes.length) bytes[at] = bytes[at]! ^ (1 << m.bit);
      return bytes;
    case "delete":
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case "insert":
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case "repeat": {
      const slice = bytes.subarray(at, at + m.length);
      const times = within(bytes.length, slice.length, m.times);
      return Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: times }, () => slice), bytes.subarray(at)]);
    }
    case "truncate":
      return Buffer.from(bytes.subarray(0, at));
    default:
      return applyToLines(splitLines(bytes), m);
  }
}

function applyToLines(lines: Buffer[], m: Exclude<Mutation, { at: number }>): Buffer {
  if (lines.length === 0) return Buffer.alloc(0);
  const k = m.line % lines.length;
  const line = lines[k]!;
  switch (m.kind) {
    case "duplicate line": {
      const total = lines.reduce((sum, l) => sum + l.length, 0);
      lines.splice(k, 0, ...Array.from({ length: within(total, line.length, m.times) }, () => line));
      break;
    }
    case "swap lines": {
      const j = m.other % lines.length;
      lines[k] = lines[j]!;
      lines[j] = line;
      break;
    }
    case "huge value":
      lines[k] = withValue(line, Buffer.from(" " + m.unit.repeat(Math.ceil(m.length / m.unit.length))));
      break;
    case "empty value":
      lines[k] = withValue(line, Buffer.alloc(0));
      break;
  }
  return Buffer.concat(lines);
}

/** `seed` with the mutations applied in order (a copy; the seed is not changed). */
export function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let bytes: Buffer = Buffer.from(seed);
  for (const m of mutations) bytes = applyOne(bytes, m);
  return bytes;
}

/** One to six mutations of one corpus message. */
export function mutatedCorpusMessage(seeds: readonly Uint8Array[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([seed, mutations]) => mutate(seed, mutations));
}

/** `count` mutated corpus messages, the same for the same `seed` (for tests that replay a run). */
export function mutatedCorpusSample(seed: number, count: number): Buffer[] {
  return fc.sample(mutatedCorpusMessage(sipSeeds()), { seed, numRuns: count });
}
