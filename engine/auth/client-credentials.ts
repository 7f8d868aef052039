/**
 * The client side: the Authorization / Proxy-Authorization value that answers a chosen challenge,
 * laid out as spec §6.3 writes it:
 *
 *   Digest username="…", realm="…", nonce="…", uri="…"[, opaque="…"][, qop=auth, nc=00000001,
 *   cnonce="…"], response="…", algorithm=MD5
 *
 * `qop`, `nc` and `algorithm` are unquoted tokens; `algorithm` is always written, MD5 when the
 * challenge named none. Where we part from OpenSIPS (spec D9, Q15): the cnonce is random, `nc`
 * counts per nonce, and auth-int hashes the body of our request rather than the challenge's.
 */
import type { Random } from "../random.js";
import type { AuthValue } from "../sip/message.js";
import type { DigestChallenge } from "./choose-challenge.js";
import { digestResponse, type QopFields } from "./digest-response.js";
import { DigestError } from "./errors.js";
import { formatNonceCount, nextNonceCount, type NonceCount } from "./nonce-count.js";
import { quoted } from "./quoting.js";
import { passwordHa1, secretFromPassword } from "./secret.js";

/** 128 bits, as hex: enough that a cnonce is never reused (RFC 7616 §5.12 chosen-plaintext attacks). */
const CNONCE_BYTES = 16;

export interface AuthorizationRequest {
  readonly challenge: DigestChallenge;
  readonly username: string;
  /** As configured; `0x` + HA1 of the challenged algorithm's length is read as an HA1 (spec D9). */
  readonly password: string;
  readonly method: string;
  /** The digest-uri: the registrar URI as configured (spec §6.3). */
  readonly uri: string;
  /** The body of the request being sent, hashed for auth-int. Default: empty. */
  readonly body?: Uint8Array;
  /** The record's nonce count after its last authorized request; null when there was none. */
  readonly nonceCount: NonceCount | null;
  /** Source of the cnonce, drawn only when the challenge has qop. */
  readonly random: Random;
  /** A fixed cnonce instead of a random one (test vectors). */
  readonly cnonce?: string;
}

export interface Authorization {
  /** The header value. */
  readonly value: string;
  /** The same parameters, keys lowercase and values unquoted, as the codec would parse `value`. */
  readonly authValue: AuthValue;
  /** Store with the record for its next request; unchanged without qop, where `nc` is not sent. */
  readonly nonceCount: NonceCount | null;
}

type Param = readonly [name: string, value: string, form: "quoted" | "token"];

/**
 * Builds the credentials for `request`. Throws a `DigestError` only for values of our own that
 * cannot be written (a control character in the username or URI, an empty fixed cnonce) or a
 * hand-made challenge `chooseChallenge` would have skipped.
 */
export function buildAuthorization(request: AuthorizationRequest): Authorization {
  const { challenge, username, method, uri } = request;
  const { algorithm, realm, nonce, opaque } = challenge;
  let nonceCount = request.nonceCount;
  let qop: QopFields | null = null;
  if (challenge.qop !== null) {
    nonceCount = nextNonceCount(request.nonceCount, nonce);
    qop = { qop: challenge.qop, nc: formatNonceCount(nonceCount.count), cnonce: cnonceFor(request) };
  }
  const secret = secretFromPassword(request.password, algorithm);
  const ha1 = "ha1" in secret ? secret.ha1 : passwordHa1(algorithm, username, realm, secret.password);
  const response = digestResponse({ algorithm, ha1, nonce, method, uri, body: request.body ?? new Uint8Array(), qop });
  const params: Param[] = [
    ["username", username, "quoted"],
    ["realm", realm, "quoted"],
    ["nonce", nonce, "quoted"],
    ["uri", uri, "quoted"],
  ];
  if (opaque !== null && opaque !== "") params.push(["opaque", opaque, "quoted"]);
  if (qop !== null) params.push(["qop", qop.qop, "token"], ["nc", qop.nc, "token"], ["cnonce", qop.cnonce, "quoted"]);
  params.push(["response", response, "quoted"], ["algorithm", algorithm, "token"]);
  return new BuiltAuthorization(params, nonceCount);
}

/**
 * What `buildAuthorization` gives: a class rather than an object literal with a getter, which V8
 * builds on a slow path, once per REGISTER that answers a challenge.
 */
class BuiltAuthorization implements Authorization {
  readonly value: string;
  readonly nonceCount: NonceCount | null;
  readonly #params: readonly Param[];

  constructor(params: readonly Param[], nonceCount: NonceCount | null) {
    let value = "Digest ";
    for (let i = 0; i < params.length; i++) value += (i === 0 ? "" : ", ") + writeParam(params[i]!);
    this.value = value;
    this.nonceCount = nonceCount;
    this.#params = params;
  }

  /** Built when read: the engine sends `value` and never reads it back. */
  get authValue(): AuthValue {
    return { scheme: "Digest", params: new Map(this.#params.map(([name, text]) => [name, text])) };
  }
}

function writeParam([name, text, form]: Param): string {
  return `${name}=${form === "quoted" ? quoted(name, text) : text}`;
}

function cnonceFor(request: AuthorizationRequest): string {
  if (request.cnonce === undefined) return request.random.hex(CNONCE_BYTES);
  if (request.cnonce === "") throw new DigestError("digest_unwritable_value", "cnonce", "cnonce is empty");
  return request.cnonce;
}
