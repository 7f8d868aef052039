/**
 * Reading WWW-Authenticate / Proxy-Authenticate values and choosing the one to answer (spec D9,
 * RFC 7616 §3.7): the first, in message order, that is usable. An unusable one is skipped wherever
 * it stands (spec D9a), where OpenSIPS stops reading at an unknown algorithm (§6.4). Usable means
 * scheme Digest, a realm, a non-empty nonce, an algorithm we compute (AKA variants are not), a
 * qop offer that includes `auth` or `auth-int` when there is one, and a qop when the algorithm is
 * a `-sess` one (spec Q16: its HA1 needs a cnonce, which only exists with qop). Unknown
 * parameters (`domain`, `charset`, `userhash`) are ignored. Nothing here throws: a challenge is
 * network input.
 */
import type { AuthValue } from "../sip/message.js";
import { DEFAULT_ALGORITHM_TOKEN, isSessionAlgorithm, parseAlgorithm, type DigestAlgorithm } from "./algorithms.js";
import type { Qop } from "./digest-response.js";
import { hasControlCharacter } from "./quoting.js";

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  /** Null when absent or empty: only a non-empty opaque is echoed (spec §6.3). */
  readonly opaque: string | null;
  readonly algorithm: DigestAlgorithm;
  /** The qop to answer with (`auth` preferred over `auth-int`); null when none was offered. */
  readonly qop: Qop | null;
  /** `stale=true`: the nonce expired but the previous credentials were right (RFC 7616 §3.3; spec D10). */
  readonly stale: boolean;
}

export type ChallengeReading =
  | { readonly usable: true; readonly challenge: DigestChallenge }
  /** `reason` names the parameter that made the challenge unusable. */
  | { readonly usable: false; readonly reason: string };

/** The first usable challenge in message order, or null when none is. */
export function chooseChallenge(values: Iterable<AuthValue>): DigestChallenge | null {
  for (const value of values) {
    const reading = readChallenge(value);
    if (reading.usable) return reading.challenge;
  }
  return null;
}

/** One challenge value, read and checked; says why when it cannot be answered. */
export function readChallenge(value: AuthValue): ChallengeReading {
  if (value.scheme.toLowerCase() !== "digest") return unusable("the scheme is not Digest");
  const { params } = value;
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  const opaque = params.get("opaque") ?? "";
  if (realm === undefined) return unusable("realm is missing");
  if (nonce === undefined || nonce === "") return unusable("nonce is missing or empty");
  for (const [field, text] of [["realm", realm], ["nonce", nonce], ["opaque", opaque]] as const) {
    if (hasControlCharacter(text)) return unusable(`${field} holds a control character`);
  }
  const algorithmToken = params.get("algorithm") ?? DEFAULT_ALGORITHM_TOKEN;
  const algorithm = parseAlgorithm(algorithmToken);
  if (algorithm === null) return unusable(`algorithm ${JSON.stringify(algorithmToken)} is not supported`);
  const qop = chooseQop(params.get("qop"));
  if (qop === "none-known") return unusable("qop offers neither auth nor auth-int");
  if (qop === null && isSessionAlgorithm(algorithm)) return unusable(`algorithm ${algorithm} needs qop`);
  const stale = params.get("stale")?.toLowerCase() === "true";
  return { usable: true, challenge: { realm, nonce, opaque: opaque === "" ? null : opaque, algorithm, qop, stale } };
}

/** The challenge's qop-options is a comma-separated list of tokens (RFC 7616 §3.3). */
function chooseQop(offer: string | undefined): Qop | null | "none-known" {
  if (offer === undefined) return null;
  const offered = offer.split(",").map((t) => t.trim().toLowerCase());
  if (offered.includes("auth")) return "auth";
  if (offered.includes("auth-int")) return "auth-int";
  return "none-known";
}

function unusable(reason: string): ChallengeReading {
  return { usable: false, reason };
}
