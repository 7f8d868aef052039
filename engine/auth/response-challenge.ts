/**
 * The challenges of a 401 or 407 response, read header by header. A header the codec cannot
 * parse is skipped like any other unusable challenge, so a usable challenge before or after it
 * still counts: spec D9 and D9a take the first usable one in message order (OpenSIPS stops
 * reading at a malformed header, §6.4). Reading the whole message at once would lose them all to
 * one bad header.
 */
import { parseAuthValues } from "../sip/auth-value.js";
import { SipParseError } from "../sip/errors.js";
import { sameHeaderName } from "../sip/header-names.js";
import type { AuthValue, SipResponse } from "../sip/message.js";
import { chooseChallenge, type DigestChallenge } from "./choose-challenge.js";
import { challengeHeaderName } from "./header-names.js";

/** Every challenge that parses, in message order; none for a status other than 401 and 407. */
export function challengesIn(response: SipResponse): AuthValue[] {
  if (response.status !== 401 && response.status !== 407) return [];
  const name = challengeHeaderName(response.status);
  return response.headers.filter((h) => sameHeaderName(h.name, name)).flatMap((h) => parseOrSkip(h.value));
}

/** The challenge to answer in a 401 or 407, or null when none is usable. */
export function chooseResponseChallenge(response: SipResponse): DigestChallenge | null {
  return chooseChallenge(challengesIn(response));
}

function parseOrSkip(value: string): AuthValue[] {
  try {
    return parseAuthValues(value);
  } catch (error) {
    if (error instanceof SipParseError) return [];
    throw error;
  }
}
