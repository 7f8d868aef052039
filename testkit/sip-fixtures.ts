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
  (message) => message.headers.map((header) => headerValues(message, header.name)),
  serializeMessage,
];

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

/**
 * Headers built to make a careless parser go quadratic (backtracking, rescans): each must parse in
 * time linear in its length. The property tests check they parse; bench:codec times them per KB.
 */
export const ADVERSARIAL_HEADERS: ReadonlyArray<readonly [name: string, header: string]> = [
  ["semicolons", "Via: SIP/2.0/UDP h" + ";a".repeat(20_000)],
  ["quotes", 'From: "' + '\\"'.repeat(15_000) + '" <sip:a@h>'],
  ["commas", "Contact: <sip:a@h>" + ", <sip:a@h>".repeat(4_000)],
  ["escapes", "To: <sip:" + "%41".repeat(15_000) + "@h>"],
  ["auth", "WWW-Authenticate: Digest " + 'a="b", '.repeat(6_000) + "c=d"],
  ["comment", "Retry-After: 5 (" + "(".repeat(30_000) + ")"],
  ["URIs without user before one with", "Contact: " + "<sip:h.example>, ".repeat(3_000) + "<sip:u@h>"],
  ["quoted names before one backslash", "Contact: " + '"a" <sip:h>, '.repeat(4_000) + '"\\\\" <sip:h>'],
  ["IPv6 brackets", "Via: SIP/2.0/UDP h;received=[" + ":".repeat(30_000)],
];

/** The OPTIONS request that carries one adversarial header, and the line limit that lets it through. */
export function adversarialMessage(header: string): { readonly bytes: Buffer; readonly lineBytesMax: number } {
  return { bytes: Buffer.from(`OPTIONS sip:a SIP/2.0\r\n${header}\r\n\r\n`), lineBytesMax: 65_535 };
}
