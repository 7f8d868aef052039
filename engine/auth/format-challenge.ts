/**
 * The server side's challenge: the WWW-Authenticate / Proxy-Authenticate value the simulated
 * registrar sends. Parameters are written in one fixed order, the order RFC 7616 §3.3 defines
 * them in, skipping those not given:
 *
 *   Digest realm="…", nonce="…", opaque="…", algorithm=SHA-256, qop="auth,auth-int", stale=true
 *
 * `algorithm` and the qop list take any token, not just the ones we compute, so a script can
 * offer what a registrant under test must skip (`AKAv1-MD5`, a qop of only `foo`).
 */
import { quoted, token } from "./quoting.js";

export interface ChallengeSpec {
  readonly realm: string;
  readonly nonce: string;
  /** Written when given, even empty. */
  readonly opaque?: string | undefined;
  /** Written unquoted when given; clients assume MD5 when it is absent. */
  readonly algorithm?: string | undefined;
  /** The qop-options, written as one quoted comma-separated list when given. */
  readonly qop?: readonly string[] | undefined;
  /** Written `stale=true` or `stale=false` (RFC 2617 §3.2.1 spelling) when given. */
  readonly stale?: boolean | undefined;
}

/** Throws a `DigestError` naming the parameter when a value cannot be written. */
export function formatChallenge(spec: ChallengeSpec): string {
  const params = [`realm=${quoted("realm", spec.realm)}`, `nonce=${quoted("nonce", spec.nonce)}`];
  if (spec.opaque !== undefined) params.push(`opaque=${quoted("opaque", spec.opaque)}`);
  if (spec.algorithm !== undefined) params.push(`algorithm=${token("algorithm", spec.algorithm)}`);
  if (spec.qop !== undefined) params.push(`qop="${spec.qop.map((t) => token("qop", t)).join(",")}"`);
  if (spec.stale !== undefined) params.push(`stale=${spec.stale ? "true" : "false"}`);
  return `Digest ${params.join(", ")}`;
}
