/** Helpers shared by the codec's tests and bench: fixture loading, every typed reader, adversarial inputs. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
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
  headerValues,
} from "../engine/sip/headers.js";
import { SipParseError } from "../engine/sip/errors.js";
import type { SipLimits } from "../engine/sip/limits.js";
import type { SipMessage, SipRequest, SipResponse } from "../engine/sip/message.js";
import { parseMessage } from "../engine/sip/parse-message.js";
import { serializeMessage } from "../engine/sip/serialize.js";

/** Reads and parses the fixture files of one folder below the repository's `fixtures/` (e.g. "sip/"). */
export function fixtures(folder: string) {
  const dir = new URL(`../fixtures/${folder}`, import.meta.url);
  const bytes = (file: string): Buffer => readFileSync(new URL(file, dir));
  const message = (file: string): SipMessage => parseMessage(bytes(file));
  return {
    dir,
    bytes,
    message,
    request(file: string): SipRequest {
      const parsed = message(file);
      assert.equal(parsed.kind, "request");
      return parsed;
    },
    response(file: string): SipResponse {
      const parsed = message(file);
      assert.equal(parsed.kind, "response");
      return parsed;
    },
  };
}

/** Every way to read a parsed message; on any input, each may throw nothing but SipParseError. */
export const EVERY_READER: ReadonlyArray<(message: SipMessage) => unknown> = [
  getVias,
  getFrom,
  getTo,
  getCallId,
  getCSeq,
  getContacts,
  getExpires,
  getMinExpires,
  getMaxForwards,
  getRetryAfter,
  (message) => getAuthValues(message, "WWW-Authenticate"),
  (message) => getAuthValues(message, "Proxy-Authenticate"),
  (message) => getAuthValues(message, "Authorization"),
  (message) => getAuthValues(message, "Proxy-Authorization"),
  // Once per name: headerValues reads every header of that name, so once per header would read
  // a message of n repeated lines n times over (the mutation fuzzer duplicates lines 300 times).
  (message) => [...new Set(message.headers.map((header) => header.name))].map((name) => headerValues(message, name)),
  serializeMessage,
];

/** Runs every reader over `message`; a SipParseError is the reader refusing, anything else escapes. */
export function readEverything(message: SipMessage): void {
  for (const read of EVERY_READER) {
    try {
      read(message);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
    }
  }
}

/** Runs `run`, which must throw a SipParseError (of the remote party's fault) whose message matches. */
export function parseErrorOf(run: () => unknown, pattern: RegExp): SipParseError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SipParseError, `expected a SipParseError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  assert.equal(caught.code, "sip_parse");
  assert.equal(caught.fault, "remote");
  return caught;
}

/** One shape of header built to make a careless parser go quadratic (backtracking, rescans). */
export interface AdversarialKind {
  readonly name: string;
  /** The header line, about `bytes` bytes long. */
  header(bytes: number): string;
}

/** `prefix`, then `unit` repeated to fill about `bytes` bytes, then `suffix`. */
function filled(prefix: string, unit: string, suffix: string): (bytes: number) => string {
  return (bytes) => prefix + unit.repeat(Math.max(1, Math.floor((bytes - prefix.length - suffix.length) / unit.length))) + suffix;
}

/**
 * Each must parse, and be read by every reader, in time linear in its length: the property tests
 * check they parse at ADVERSARIAL_TEST_BYTES; bench:codec times them per KB at 64 KB and 1 MB.
 */
export const ADVERSARIAL_KINDS: ReadonlyArray<AdversarialKind> = [
  { name: "semicolons", header: filled("Via: SIP/2.0/UDP h", ";a", "") },
  { name: "quotes", header: filled('From: "', '\\"', '" <sip:a@h>') },
  { name: "escaped pairs", header: filled('From: "', "\\\\", '" <sip:a@h>') },
  { name: "escaped pairs in a parameter", header: filled('Via: SIP/2.0/UDP h;x="', "\\\\", '"') },
  { name: "escaped pairs in a challenge", header: filled('WWW-Authenticate: Digest realm="', "\\\\", '", nonce="n"') },
  { name: "commas", header: filled("Contact: <sip:a@h>", ", <sip:a@h>", "") },
  { name: "escapes", header: filled("To: <sip:", "%41", "@h>") },
  { name: "auth", header: filled("WWW-Authenticate: Digest ", 'a="b", ', "c=d") },
  { name: "comment", header: filled("Retry-After: 5 (", "(", ")") },
  { name: "URIs without user before one with", header: filled("Contact: ", "<sip:h.example>, ", "<sip:u@h>") },
  { name: "quoted names before one backslash", header: filled("Contact: ", '"a" <sip:h>, ', '"\\\\" <sip:h>') },
  { name: "IPv6 brackets", header: filled("Via: SIP/2.0/UDP h;received=[", ":", "") },
  { name: "host labels joined by dashes", header: filled("Contact: <sip:", "a-", "a-.>") },
];

/** The size the property tests build each adversarial header at (under the 65,535-byte UDP limit). */
export const ADVERSARIAL_TEST_BYTES = 30_000;

/** The OPTIONS request that carries one adversarial header, and the limits that let it through. */
export function adversarialMessage(header: string): { readonly bytes: Buffer; readonly limits: Partial<SipLimits> } {
  const bytes = Buffer.from(`OPTIONS sip:a SIP/2.0\r\n${header}\r\n\r\n`);
  return { bytes, limits: { lineBytesMax: Math.max(65_535, bytes.length), messageBytesMax: Math.max(65_535, bytes.length) } };
}
