/**
 * The digest arithmetic of RFC 7616 §3.4.1-3.4.3 (RFC 2617 §3.2.2 for the no-qop form), shared by
 * the client (building credentials) and the server (verifying them), so both sides always agree.
 */
import { digestHash, isSessionAlgorithm, type DigestAlgorithm } from "./algorithms.js";
import { DigestError } from "./errors.js";

export type Qop = "auth" | "auth-int";

/** The qop, nonce count (as written: 8 hex digits) and cnonce of a response that uses qop. */
export interface QopFields {
  readonly qop: Qop;
  readonly nc: string;
  readonly cnonce: string;
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** HA1 before `-sess` folding (see `secretHa1`). */
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  /** The body of the request being authorized; hashed only for `auth-int`. */
  readonly body: Uint8Array;
  /** Null for the RFC 2069 form without qop. */
  readonly qop: QopFields | null;
}

/** The lowercase hex `response` value. */
export function digestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, qop } = input;
  const ha1 = sessionHa1(input);
  const ha2 = digestHash(algorithm, a2(input));
  if (qop === null) return digestHash(algorithm, `${ha1}:${nonce}:${ha2}`);
  return digestHash(algorithm, `${ha1}:${nonce}:${qop.nc}:${qop.cnonce}:${qop.qop}:${ha2}`);
}

function sessionHa1(input: DigestResponseInput): string {
  const { algorithm, ha1, nonce, qop } = input;
  if (!isSessionAlgorithm(algorithm)) return ha1;
  // A -sess HA1 needs the cnonce, which exists only with qop (RFC 2617 §3.2.2.2; spec Q16).
  if (qop === null) {
    throw new DigestError("digest_unusable_challenge", "qop", `${algorithm} needs qop, and none was given`);
  }
  return digestHash(algorithm, `${ha1}:${nonce}:${qop.cnonce}`);
}

/** A2 = method:uri, plus H(body) for auth-int. */
function a2(input: DigestResponseInput): string {
  const { algorithm, method, uri, body, qop } = input;
  if (qop?.qop === "auth-int") return `${method}:${uri}:${digestHash(algorithm, body)}`;
  return `${method}:${uri}`;
}
