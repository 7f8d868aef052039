/**
 * What every adapter extracts from a message: the fields a registrant reads. Adapters return
 * `Extracted`, holding values the way the library produced them (parameter objects or pairs, names
 * in any case, values possibly still quoted), so that the timed work is the library's parse and
 * field access, not copying. `normalize` turns that into the library-neutral `Normalized` form for
 * the cross-check, outside the timed path.
 */

/** Parameters as a library holds them: an object or name/value pairs; a flag is `null`/`undefined`. */
export type RawParams =
  | Readonly<Record<string, string | null | undefined>>
  | ReadonlyArray<readonly [string, string | null]>;

/** Parameter names lowercased, values unquoted; a flag parameter (`;lr`) is `null`. */
export type ParamMap = Record<string, string | null>;

export interface UriSummary<P> {
  scheme: string;
  user: string | null;
  host: string;
  port: number | null;
  params: P;
}

export interface ViaSummary {
  transport: string;
  host: string;
  port: number | null;
  branch: string | null;
  received?: string;
  /** `null` for a bare `;rport` (a request asking for it), absent when not written. */
  rport?: string | null;
}

export type StartLine<P> = { method: string; uri: UriSummary<P> } | { status: number; reason: string };

export interface ContactSummary<P> {
  uri: UriSummary<P>;
  params: P;
}

const CHALLENGE_FIELDS = ["realm", "nonce", "qop", "algorithm", "opaque"] as const;
export type ChallengeField = (typeof CHALLENGE_FIELDS)[number];

/** The first WWW-Authenticate (or Proxy-Authenticate) challenge; `qop` comma-joined. */
export type ChallengeSummary = Partial<Record<ChallengeField, string>>;

interface Fields<P> {
  start: StartLine<P>;
  /** Header names: extracted as held (any case, repeats); normalized to distinct, lowercase, sorted. */
  headerNames: readonly string[];
  vias: readonly ViaSummary[];
  fromTag: string | null;
  toTag: string | null;
  callId: string;
  cseq: { seq: number; method: string };
  contacts: ReadonlyArray<ContactSummary<P>>;
  challenge: ChallengeSummary | null;
}

export type Extracted = Fields<RawParams>;
export type Normalized = Fields<ParamMap>;

/** Removes one pair of surrounding double quotes; quoted-pairs are left as written. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function paramMap(params: RawParams): ParamMap {
  const map: ParamMap = {};
  for (const [name, value] of Array.isArray(params) ? params : Object.entries(params)) {
    map[name.toLowerCase()] = value === null || value === undefined ? null : unquote(value);
  }
  return map;
}

const uri = (u: UriSummary<RawParams>): UriSummary<ParamMap> => ({ ...u, params: paramMap(u.params) });

export function normalize(fields: Extracted): Normalized {
  const challenge = fields.challenge;
  return {
    ...fields,
    start: "method" in fields.start ? { method: fields.start.method, uri: uri(fields.start.uri) } : fields.start,
    headerNames: [...new Set(fields.headerNames.map((name) => name.toLowerCase()))].sort(),
    cseq: { seq: fields.cseq.seq, method: fields.cseq.method },
    contacts: fields.contacts.map((contact) => ({ uri: uri(contact.uri), params: paramMap(contact.params) })),
    challenge:
      challenge === null
        ? null
        : Object.fromEntries(Object.entries(challenge).map(([name, value]) => [name, unquote(value)])),
  };
}

/** Builds a challenge from a lookup that returns a parameter as the library holds it. */
export function challengeSummary(get: (field: ChallengeField) => string | undefined): ChallengeSummary {
  const challenge: ChallengeSummary = {};
  for (const field of CHALLENGE_FIELDS) {
    const value = get(field);
    if (value !== undefined) challenge[field] = value;
  }
  return challenge;
}

/** `undefined` and `NaN` (how some peers spell "no port") become `null`. */
export function portOrNull(port: number | string | null | undefined): number | null {
  if (port === null || port === undefined || port === "") return null;
  const n = Number(port);
  return Number.isNaN(n) ? null : n;
}

/** `value`, or an error naming what the library did not deliver. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`no ${what}`);
  return value;
}
