/**
 * Layer 2: digest authentication. The client side chooses a challenge and answers it; the server
 * side (the simulator's) writes challenges and verifies answers. Passwords and HA1s go in and
 * never come out other than folded into a response hash (spec D16).
 */
export { DIGEST_ALGORITHMS, parseAlgorithm, type DigestAlgorithm } from "./algorithms.js";
export { chooseChallenge, readChallenge, type ChallengeReading, type DigestChallenge } from "./choose-challenge.js";
export {
  buildAuthorization,
  type Authorization,
  type AuthorizationRequest,
} from "./client-credentials.js";
export type { Qop } from "./digest-response.js";
export { DigestError, type DigestErrorCode } from "./errors.js";
export { formatChallenge, type ChallengeSpec } from "./format-challenge.js";
export { challengeHeaderName, credentialsHeaderName, type ChallengeStatus } from "./header-names.js";
export { formatNonceCount, nextNonceCount, NONCE_COUNT_MAX, type NonceCount } from "./nonce-count.js";
export { challengesIn, chooseResponseChallenge } from "./response-challenge.js";
export { secretFromPassword, type DigestSecret } from "./secret.js";
export { verifyAuthorization, type DigestCredentials, type VerifyOptions, type VerifyResult } from "./verify.js";
