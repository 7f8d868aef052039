/**
 * Which header carries a challenge and which carries its answer (RFC 3261 §22.2, §22.3): a 401
 * from a registrar or UAS challenges in WWW-Authenticate and is answered in Authorization, a 407
 * from a proxy in Proxy-Authenticate and Proxy-Authorization (spec §6.3).
 */
export type ChallengeStatus = 401 | 407;

/** The header a 401 (WWW-Authenticate) or a 407 (Proxy-Authenticate) challenges in. */
export function challengeHeaderName(status: ChallengeStatus): "WWW-Authenticate" | "Proxy-Authenticate" {
  return status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
}

/** The header that answers a 401 (Authorization) or a 407 (Proxy-Authorization) challenge. */
export function credentialsHeaderName(status: ChallengeStatus): "Authorization" | "Proxy-Authorization" {
  return status === 401 ? "Authorization" : "Proxy-Authorization";
}
