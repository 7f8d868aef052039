/**
 * The Authorization / Proxy-Authorization a record sends in answer to a challenge (§6.3, D9):
 * its own username and password, method REGISTER, and the registrar URI as the digest-uri. Used
 * by the state machine and by the detached unREGISTER of D26.
 */
import type { DigestChallenge, NonceCount } from "../../auth/index.js";
import { buildAuthorization, credentialsHeaderName } from "../../auth/index.js";
import type { Random } from "../../random.js";
import type { Credentials } from "./actions.js";
import type { RegistrantConfig } from "./record.js";

export interface RecordCredentials {
  readonly credentials: Credentials;
  /** Keep with the record for its next authorized request. */
  readonly nonceCount: NonceCount | null;
}

/** `null` when the record has no username or password to answer with. */
export function recordCredentials(
  config: RegistrantConfig,
  challenge: DigestChallenge,
  challengeStatus: 401 | 407,
  nonceCount: NonceCount | null,
  random: Random,
): RecordCredentials | null {
  if (config.username === null || config.password === null) return null;
  const authorization = buildAuthorization({
    challenge,
    username: config.username,
    password: config.password,
    method: "REGISTER",
    uri: config.registrarUri,
    nonceCount,
    random,
  });
  return {
    credentials: { header: credentialsHeaderName(challengeStatus), value: authorization.value },
    nonceCount: authorization.nonceCount,
  };
}
