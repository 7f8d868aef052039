/**
 * The server side's check of an Authorization / Proxy-Authorization value, for the simulated
 * registrar. Every outcome is a value: the credentials come from the network, so nothing here
 * throws on them. Nonce lifetime, staleness, replay (`nc`) and the digest-uri are the caller's
 * business: the credentials the client used come back with `ok` and `wrong-response` so the
 * caller can check them against what it issued.
 *
 * Order of checks: shape (scheme, required fields, response/nc/cnonce format), algorithm, realm,
 * user, then the response itself. Results name fields, never secrets (spec D16): not even the
 * response we expected is returned.
 */
import type { AuthValue } from "../sip/message.js";
import {
  DEFAULT_ALGORITHM_TOKEN,
  hashHexLength,
  isSessionAlgorithm,
  parseAlgorithm,
  type DigestAlgorithm,
} from "./algorithms.js";
import { digestResponse, type Qop, type QopFields } from "./digest-response.js";
import { secretHa1, type DigestSecret } from "./secret.js";

export interface VerifyOptions {
  readonly method: string;
  /** The body of the request being checked, hashed for auth-int. Default: empty. */
  readonly body?: Uint8Array;
  /** The realm this server challenges with; credentials for another realm are not checked. */
  readonly realm: string;
  /**
   * The user's password or HA1 for the algorithm the client used (an HA1 belongs to one hash;
   * `secretFromPassword` reads a spec D9 `0x` password for it); undefined when there is no such user.
   */
  readonly secretFor: (username: string, algorithm: DigestAlgorithm) => DigestSecret | undefined;
}

/** What the client sent, read and checked for shape. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  /** The digest-uri, as written (compare it with the Request-URI, RFC 3261 §22.4). */
  readonly uri: string;
  readonly algorithm: DigestAlgorithm;
  readonly qop: Qop | null;
  /** The nonce count, null without qop. */
  readonly nc: number | null;
  readonly cnonce: string | null;
  readonly opaque: string | null;
  /** The client's response, lowercase. */
  readonly response: string;
}

export type VerifyResult =
  | { readonly kind: "ok"; readonly credentials: DigestCredentials }
  | { readonly kind: "wrong-response"; readonly credentials: DigestCredentials }
  /** `field` is the parameter that is missing or bad; `reason` says which and why. */
  | { readonly kind: "malformed"; readonly field: string; readonly reason: string }
  /** `algorithm` as the client wrote it. */
  | { readonly kind: "unsupported-algorithm"; readonly algorithm: string }
  /** `realm` as the client wrote it. */
  | { readonly kind: "realm-mismatch"; readonly realm: string }
  | { readonly kind: "unknown-user"; readonly username: string }
  /** The stored HA1 is not an HA1 of the algorithm the client used, so it cannot be checked. */
  | { readonly kind: "unusable-secret"; readonly username: string; readonly reason: string };

type Reading =
  | { readonly kind: "credentials"; readonly credentials: DigestCredentials; readonly qop: QopFields | null }
  | Extract<VerifyResult, { kind: "malformed" | "unsupported-algorithm" }>;

/**
 * Checks a client's Digest credentials against the realm and the user's secret (RFC 7616 §3.5,
 * RFC 3261 §22.4); `options.body` defaults to empty. Every outcome, malformed input included, is a
 * returned VerifyResult: it does not throw.
 */
export function verifyAuthorization(value: AuthValue, options: VerifyOptions): VerifyResult {
  const reading = readCredentials(value);
  if (reading.kind !== "credentials") return reading;
  const { credentials, qop } = reading;
  const { username, realm, algorithm, nonce, uri } = credentials;
  if (realm !== options.realm) return { kind: "realm-mismatch", realm };
  const secret = options.secretFor(username, algorithm);
  if (secret === undefined) return { kind: "unknown-user", username };
  const ha1 = secretHa1(algorithm, username, realm, secret);
  if (ha1 === null) return { kind: "unusable-secret", username, reason: `the stored HA1 is not a ${algorithm} HA1` };
  const body = options.body ?? new Uint8Array();
  const expected = digestResponse({ algorithm, ha1, nonce, method: options.method, uri, body, qop });
  const matches = sameInConstantTime(expected, credentials.response);
  return { kind: matches ? "ok" : "wrong-response", credentials };
}

/**
 * What `timingSafeEqual` tells of two hex strings of one length (both are the algorithm's hash
 * length here), without copying each into a Buffer first: every character is compared, wherever
 * the first difference is.
 */
function sameInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function readCredentials(value: AuthValue): Reading {
  if (value.scheme.toLowerCase() !== "digest") return malformed("scheme", "the scheme is not Digest");
  const { params } = value;
  const required = readRequired(params);
  if ("kind" in required) return required;
  const algorithmToken = params.get("algorithm") ?? DEFAULT_ALGORITHM_TOKEN;
  const algorithm = parseAlgorithm(algorithmToken);
  if (algorithm === null) return { kind: "unsupported-algorithm", algorithm: algorithmToken };
  const response = required.response.toLowerCase();
  if (!isHex(response, hashHexLength(algorithm))) {
    return malformed("response", `response is not ${hashHexLength(algorithm)} hex digits`);
  }
  const qop = readQop(params, algorithm);
  if ("kind" in qop) return qop;
  const opaque = params.get("opaque") ?? null;
  const credentials: DigestCredentials = {
    username: required.username,
    realm: required.realm,
    nonce: required.nonce,
    uri: required.uri,
    response,
    algorithm,
    qop: qop.fields?.qop ?? null,
    nc: qop.fields === null ? null : Number.parseInt(qop.fields.nc, 16),
    cnonce: qop.fields?.cnonce ?? null,
    opaque,
  };
  return { kind: "credentials", credentials, qop: qop.fields };
}

interface Required {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
}

function readRequired(params: ReadonlyMap<string, string>): Required | Reading {
  const username = params.get("username");
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  const uri = params.get("uri");
  const response = params.get("response");
  if (username === undefined) return missing("username");
  if (realm === undefined) return missing("realm");
  if (nonce === undefined) return missing("nonce");
  if (uri === undefined) return missing("uri");
  if (response === undefined) return missing("response");
  return { username, realm, nonce, uri, response };
}

/**
 * qop, nc and cnonce go together (RFC 7616 §3.4); without them, only a non-`-sess` algorithm
 * works. qop must be written exactly `auth` or `auth-int`: it is hashed as written, so accepting
 * `AUTH` would only turn a client's mistake into a puzzling wrong response.
 */
function readQop(
  params: ReadonlyMap<string, string>,
  algorithm: DigestAlgorithm,
): { readonly fields: QopFields | null } | Reading {
  const qop = params.get("qop");
  if (qop === undefined) {
    if (isSessionAlgorithm(algorithm)) return malformed("qop", `qop is missing, and ${algorithm} needs it`);
    return { fields: null };
  }
  if (qop !== "auth" && qop !== "auth-int") return malformed("qop", "qop is neither auth nor auth-int");
  const nc = params.get("nc");
  if (nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc)) return malformed("nc", "nc is missing or not 8 hex digits");
  const cnonce = params.get("cnonce");
  if (cnonce === undefined || cnonce === "") return malformed("cnonce", "cnonce is missing or empty");
  return { fields: { qop, nc, cnonce } };
}

function isHex(text: string, length: number): boolean {
  return text.length === length && /^[0-9a-f]*$/.test(text);
}

function missing(field: string): Reading {
  return malformed(field, `${field} is missing`);
}

function malformed(field: string, reason: string): Reading {
  return { kind: "malformed", field, reason };
}
