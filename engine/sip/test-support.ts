/** Helpers shared by the codec's tests: fixture loading and the list of every typed reader. */
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
} from "./headers.js";
import { SipParseError } from "./errors.js";
import type { SipMessage, SipRequest, SipResponse } from "./message.js";
import { parseMessage } from "./parse-message.js";
import { serializeMessage } from "./serialize.js";

/** Reads and parses the fixture files of one folder (given relative to this file). */
export function fixtures(folder: string) {
  const dir = new URL(folder, import.meta.url);
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
