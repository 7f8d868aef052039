/**
 * A registrar script as written in YAML: the source of `script.schema.json` (run `npm run
 * schema:scripts` after changing it; a test fails while the two differ). Every doc comment here
 * becomes the schema's description of that field, so it is written for the script's author.
 *
 * Shapes are deliberately flat (one interface per object, every action an optional key) so that
 * a schema error points at the one field that is wrong instead of listing every alternative.
 */

/** A whole number. @TJS-type integer */
export type Integer = number;

/** A digest algorithm the registrar can challenge with. */
export type ScriptAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess" | "SHA-512-256" | "SHA-512-256-sess";

/** A qop option offered in a challenge. */
export type ScriptQop = "auth" | "auth-int";

/**
 * The kind of a REGISTER. Exactly one of initial, refresh, unregister and wildcard applies, plus
 * authenticated when the request carries credentials.
 */
export type RequestKind = "initial" | "authenticated" | "refresh" | "unregister" | "wildcard";

/**
 * Extra header fields, in the order written. A list writes the header once per item. Via, From,
 * To, Call-ID, CSeq and Content-Length are copied from the request and cannot be set here.
 */
export interface ScriptHeaders {
  [name: string]: string | number | Array<string | number>;
}

/** The registrar's own settings while this script runs; `default` steps and challenges use them. */
export interface ScriptDefaults {
  /** The realm challenged, and the one the users file must list. */
  realm?: string;
  /**
   * Algorithms offered, one challenge header each, in this order.
   * @minItems 1
   */
  algorithms?: ScriptAlgorithm[];
  /** qop options offered; an empty list offers none (the RFC 2069 form). */
  qop?: ScriptQop[];
  /** true: a random opaque per nonce; a string: always that opaque; false: none. */
  opaque?: string | boolean;
  /** 401 with WWW-Authenticate (a registrar) or 407 with Proxy-Authenticate (a proxy). */
  status?: 401 | 407;
  /** What wrong credentials get: 403 (forbidden) or a new challenge. */
  wrongCredentials?: "forbidden" | "challenge";
  /**
   * How long a nonce is accepted, in seconds.
   * @minimum 1
   */
  nonceLifetimeSec?: Integer;
  /**
   * Granted when a Contact asks for no interval and there is no Expires header.
   * @minimum 1
   */
  defaultExpiresSec?: Integer;
  /**
   * Below this (and above 0) a REGISTER gets 423 with Min-Expires.
   * @minimum 1
   */
  minExpiresSec?: Integer;
  /**
   * Longer intervals are shortened to this.
   * @minimum 1
   */
  maxExpiresSec?: Integer;
  /**
   * How a To URI names an AOR, for bindings and `for`: registrar (user and host, as Kamailio's
   * usrloc: port, URI parameters and sip/sips ignored; the default) or strict (RFC 3261: scheme,
   * user, host and port).
   */
  aorMatching?: "registrar" | "strict";
}

/** Conditions on the request; a rule without `when` matches every REGISTER. */
export interface ScriptWhen {
  /** The rule matches a REGISTER of this kind, or of any kind listed. */
  kind: RequestKind | RequestKind[];
}

/** Answer with this status, the request's Via, From, To, Call-ID and CSeq, and these headers. */
export interface RespondAction {
  /**
   * The status code. A 1xx is sent as a provisional answer and no final one follows.
   * @minimum 100
   * @maximum 699
   */
  code: Integer;
  /** The reason phrase; default the standard one for the code. */
  reason?: string;
  headers?: ScriptHeaders;
}

/** Answer with a digest challenge; any setting left out comes from `defaults`. */
export interface ChallengeAction {
  /** 401 (WWW-Authenticate) or 407 (Proxy-Authenticate). */
  status?: 401 | 407;
  /** The realm of this challenge. */
  realm?: string;
  /**
   * Algorithms offered, one challenge header each, in this order.
   * @minItems 1
   */
  algorithms?: ScriptAlgorithm[];
  /** qop options offered; an empty list offers none. */
  qop?: ScriptQop[];
  /** true: a random opaque; a string: that opaque; false: none. */
  opaque?: string | boolean;
  /** Marks the challenge stale=true: the credentials were right but the nonce is too old. */
  stale?: boolean;
  headers?: ScriptHeaders;
}

/** A binding of some other device, listed in the 200 beside the registrant's own. */
export interface ForeignBinding {
  /** The Contact, as in a Contact header: `<sip:desk@192.0.2.7:5060>`. */
  contact: string;
  /**
   * Seconds left, written as the Contact's expires parameter; default the time granted.
   * @minimum 0
   */
  expires?: Integer;
}

/** Answer 200 and bind the Contacts, without checking credentials or the minimum interval. */
export interface AcceptAction {
  /**
   * Seconds granted to every Contact that asks to be bound, whatever it asked for.
   * @minimum 1
   */
  grant?: Integer;
  /** Bindings of other devices listed in this 200 (they are not stored). */
  extraBindings?: ForeignBinding[];
  /** true: the 200 carries no Contact header at all. */
  omitContact?: boolean;
  headers?: ScriptHeaders;
}

/** Bytes sent as they are to where a response would go; they need not be valid SIP. */
export interface RawAction {
  /**
   * The message text. ${via}, ${from}, ${to}, ${call-id}, ${cseq} and ${contact} are replaced with
   * the request's header values (every Via, comma-separated, for ${via}; the first Contact for
   * ${contact}), ${branch} with the top Via's branch, ${to-tag} with this transaction's To tag, so
   * the reply can match the request.
   */
  text?: string;
  /** The bytes in base64, sent without any change (instead of `text`). */
  base64?: string;
  /** How line ends in `text` are sent: crlf (the default, as SIP wants) or as written. */
  lineEnds?: "crlf" | "as-written";
}

/** Wait, then do another action. */
export interface DelayAction {
  /**
   * Milliseconds to wait. Retransmissions that arrive meanwhile are absorbed.
   * @minimum 0
   */
  ms: Integer;
  /** What to do after the wait; default the registrar's own behaviour. */
  then?: ScriptAction;
}

/** Exactly one action. */
export interface ScriptAction {
  respond?: RespondAction;
  challenge?: ChallengeAction;
  accept?: AcceptAction;
  /** Send nothing: the registrant's transaction times out. */
  silence?: true;
  raw?: RawAction;
  delay?: DelayAction;
  /** What the registrar does without a script: verify credentials, bind, answer. */
  default?: true;
}

/** One action, used once unless `times` or `repeat` says otherwise. */
export interface ScriptStep extends ScriptAction {
  /**
   * How many REGISTERs this step answers before the next step takes over.
   * @minimum 1
   */
  times?: Integer;
  /** forever: this step answers every later REGISTER the rule matches; it must be the last. */
  repeat?: "forever";
}

/** One AOR or user-part pattern (see `for`). */
export type ScriptFor = string;

/** Which REGISTERs a rule answers, and how, in order. */
export interface ScriptRule {
  /**
   * `everyone`, or whom the rule is for: an address-of-record (`sip:alice@example.org`), a range
   * or glob on the user part (`sip:user5..user9@example.org`, `sip:trunk-*@example.org`), the user
   * part alone for any host (`user5..user9`), or a list of these. A rule for someone wins over an
   * everyone-rule. The port and URI parameters are ignored unless `aorMatching` is strict.
   */
  for: string | ScriptFor[];
  when?: ScriptWhen;
  /**
   * Used in order, one per REGISTER (retransmissions do not count). An everyone-rule keeps its
   * place separately for each AOR. Once used up the rule steps aside.
   * @minItems 1
   */
  steps: ScriptStep[];
}

/** Answer a fraction of REGISTERs with this code instead of what the rules say. */
export interface RefuseFraction {
  /**
   * The share of REGISTERs refused, from 0 to 1, chosen at random (with `seed`, the same run).
   * @minimum 0
   * @maximum 1
   */
  fraction: number;
  /**
   * @minimum 300
   * @maximum 699
   */
  code: Integer;
  reason?: string;
  headers?: ScriptHeaders;
}

/** Per AOR: more REGISTERs than `requests` within `perSec` seconds get 503 with Retry-After. */
export interface RateLimit {
  /** @minimum 1 */
  requests: Integer;
  /** @exclusiveMinimum 0 */
  perSec: number;
  /** @minimum 0 */
  retryAfterSec: Integer;
}

/** Silent (nothing answered) for `forSec` seconds out of every `everySec`, counted from start. */
export interface SilentWindows {
  /** @exclusiveMinimum 0 */
  forSec: number;
  /** @exclusiveMinimum 0 */
  everySec: number;
  /**
   * When the first silent window opens, in seconds after start; default `everySec - forSec`.
   * @minimum 0
   */
  startSec?: number;
}

/** The interval granted, chosen per REGISTER uniformly from `minSec` to `maxSec`; never more than asked. */
export interface GrantRange {
  /** @minimum 1 */
  minSec: Integer;
  /** @minimum 1 */
  maxSec: Integer;
}

/**
 * Time before each answer, drawn per request: fixed (`ms`), uniform (`minMs` to `maxMs`), normal
 * (`meanMs`, `sdMs`, never below 0) or exponential (`meanMs`). `maxMs` caps any of them.
 */
export interface Latency {
  distribution: "fixed" | "uniform" | "normal" | "exponential";
  /** @minimum 0 */
  ms?: number;
  /** @minimum 0 */
  minMs?: number;
  /** @minimum 0 */
  maxMs?: number;
  /** @minimum 0 */
  meanMs?: number;
  /** @minimum 0 */
  sdMs?: number;
}

/** How carriers behave in the field, applied to every REGISTER before the rules. */
export interface CarrierHabits {
  refuseFraction?: RefuseFraction;
  rateLimit?: RateLimit;
  silentWindows?: SilentWindows;
  /** Restart at these seconds after start: every binding is lost. */
  restartAtSec?: number[];
  grant?: GrantRange;
  latency?: Latency;
}

/** A registrar script: settings, then rules. */
export interface RegistrarScript {
  /** What the script reproduces, for people reading it. */
  description?: string;
  /**
   * Seed of the script's random choices (refuseFraction, grant, latency): the same seed, the same
   * choices for the same requests. Default: a random seed.
   */
  seed?: Integer;
  defaults?: ScriptDefaults;
  carrier?: CarrierHabits;
  /** Tried in this order, rules for the request's AOR before everyone-rules. */
  rules?: ScriptRule[];
}
