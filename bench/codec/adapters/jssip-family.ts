/**
 * JsSIP and its descendant sip.js keep the same message shape: headers parsed on demand through
 * `parseHeader(name, index)`, the same challenge and Via grammar results, Contact values parsed
 * while splitting. What they share is read here once; each adapter keeps its own field names.
 */
import { challengeSummary, portOrNull, required, type ChallengeSummary, type ViaSummary } from "../normalized.js";

// Neither package types its grammar results: these interfaces declare the parts read here.
export interface FamilyChallenge {
  realm?: string;
  nonce?: string;
  qop?: string[];
  algorithm?: string;
  opaque?: string;
}

export interface FamilyVia {
  transport: string;
  host: string;
  port?: number;
  branch?: string;
  received?: string;
}

export interface FamilyMessage {
  headers: Record<string, Array<{ parsed?: unknown }> | undefined>;
  hasHeader(name: string): boolean;
  parseHeader(name: string, index?: number): unknown;
}

/** The first WWW-Authenticate, else Proxy-Authenticate, challenge. */
export function familyChallenge(message: FamilyMessage): ChallengeSummary | null {
  for (const name of ["www-authenticate", "proxy-authenticate"]) {
    if (!message.hasHeader(name)) continue;
    const auth = required(message.parseHeader(name) as FamilyChallenge | undefined, name);
    return challengeSummary((field) => (field === "qop" ? auth.qop?.join(",") : auth[field]));
  }
  return null;
}

/** Via number `index`, parsed on demand; `rport` is read by the caller, where the two differ. */
export function familyVia<V extends FamilyVia>(message: FamilyMessage, index: number, rport: (via: V) => string | null | undefined): ViaSummary {
  const v = required(message.parseHeader("via", index) as V | undefined, `Via #${index}`);
  const summary: ViaSummary = { transport: v.transport, host: v.host, port: portOrNull(v.port), branch: v.branch ?? null };
  if (v.received !== undefined) summary.received = v.received;
  const rportValue = rport(v);
  if (rportValue !== undefined) summary.rport = rportValue;
  return summary;
}

/** The Contact values as parsed while splitting. */
export function familyContacts<C>(message: FamilyMessage): C[] {
  return (message.headers["Contact"] ?? []).map((header) => header.parsed as C);
}
