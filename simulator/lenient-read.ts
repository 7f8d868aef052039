/** Reading a header of a message that may not parse: what a log line or a summary shows, never a refusal. */
import { SipParseError } from "../engine/sip/index.js";

/** The reader's value, or null when the header does not parse (any other error is a bug and is thrown). */
export function lenient<T>(read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    if (error instanceof SipParseError) return null;
    throw error;
  }
}
