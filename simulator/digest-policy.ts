/**
 * The registrar's side of digest authentication (RFC 3261 §22, RFC 7616): which challenges a
 * 401 or 407 carries, and what a request's credentials earn. A challenge lists, for each realm,
 * one header per algorithm, all sharing that realm's fresh nonce (RFC 7616 §3.7: the client takes
 * the first it supports). Credentials are verified for real against the user table; a right
 * answer on a nonce that expired gets a new challenge with `stale=true`, a wrong one gets 403 or
 * a new challenge, as configured.
 *
 * Decisions carry a `why` for logs and transcripts; it names users and fields, never secrets.
 */
import {
  challengeHeaderName,
  credentialsHeaderName,
  DIGEST_ALGORITHMS,
  formatChallenge,
  verifyAuthorization,
  type ChallengeStatus,
  type DigestAlgorithm,
  type DigestCredentials,
  type Qop,
  type VerifyOptions,
} from "../engine/auth/index.js";
import type { Random } from "../engine/random.js";
import { getAuthValues, SipParseError, type AuthValue, type HeaderList, type SipRequest } from "../engine/sip/index.js";
import { configError } from "./errors.js";
import { NonceStore } from "./nonces.js";
import type { UserTable } from "./users.js";

/** What a wrong password, an unknown user or unusable credentials get. */
export type WrongCredentialsAction = "forbidden" | "challenge";

export interface DigestPolicyOptions {
  /** Realms challenged, in this order. At least one. */
  readonly realms: readonly string[];
  /** Offered in this order, one challenge header each. Default `["MD5"]`. */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** qop-options offered; `[]` offers none (the RFC 2069 form). Default `["auth"]`. */
  readonly qop?: readonly Qop[];
  /** `true`: a random opaque per nonce; a string: that opaque always; `false` (default): none. */
  readonly opaque?: boolean | string;
  /** 401 with WWW-Authenticate (a registrar, the default) or 407 with Proxy-Authenticate (a proxy). */
  readonly status?: ChallengeStatus;
  /** How long a nonce is accepted. Default 300 s. */
  readonly nonceLifetimeSec?: number;
  /** Most nonces remembered; the oldest is forgotten past it. Default 10 000. */
  readonly nonceCapacity?: number;
  /** Default `forbidden` (403). */
  readonly wrongCredentials?: WrongCredentialsAction;
}

/** Challenge settings changed for one challenge; anything absent keeps the policy's own. */
export interface ChallengeOverrides {
  readonly status?: ChallengeStatus;
  readonly realm?: string;
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly qop?: readonly Qop[];
  readonly opaque?: boolean | string;
}

export type AuthDecision =
  | { readonly kind: "authorized"; readonly username: string; readonly realm: string }
  | {
      readonly kind: "refused";
      readonly status: number;
      /** A reason phrase naming the problem, or undefined for the standard one. */
      readonly reason: string | undefined;
      readonly headers: HeaderList;
      readonly why: string;
    };

const DEFAULT_NONCE_LIFETIME_SEC = 300;
const DEFAULT_NONCE_CAPACITY = 10_000;
/** 64 random bits as hex, for `opaque: true`. */
const OPAQUE_BYTES = 8;

interface Settings {
  readonly realms: readonly string[];
  readonly algorithms: readonly DigestAlgorithm[];
  readonly qop: readonly Qop[];
  readonly opaque: boolean | string;
  readonly status: ChallengeStatus;
  readonly wrongCredentials: WrongCredentialsAction;
}

/**
 * The registrar's challenges and the check of the answers. Defaults: MD5, qop `auth`, no opaque,
 * 401, nonces accepted 300 s and 10000 remembered, wrong credentials answered 403. Throws
 * SimulatorError `registrar_config_invalid` naming the option that cannot work.
 */
export class DigestPolicy {
  readonly #settings: Settings;
  readonly #users: UserTable;
  readonly #random: Random;
  readonly #nonces: NonceStore;
  /** Only realms the policy challenges get one: credentials for any other are refused before. */
  readonly #secretLookups = new Map<string, VerifyOptions["secretFor"]>();
  /** The policy's own challenge text before and after the nonce, by realm, algorithm and staleness (see `#ownChallenge`). */
  readonly #challengeText = new Map<string, readonly [string, string]>();

  /** Throws `registrar_config_invalid` naming the option that cannot work. */
  constructor(options: DigestPolicyOptions, deps: { readonly users: UserTable; readonly random: Random }) {
    this.#settings = checkedSettings(options);
    this.#users = deps.users;
    this.#random = deps.random;
    const lifetimeSec = options.nonceLifetimeSec ?? DEFAULT_NONCE_LIFETIME_SEC;
    if (!Number.isFinite(lifetimeSec) || lifetimeSec <= 0) configError("auth.nonceLifetimeSec", "must be a positive number of seconds");
    const capacity = options.nonceCapacity ?? DEFAULT_NONCE_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) configError("auth.nonceCapacity", "must be a positive whole number");
    this.#nonces = new NonceStore({ random: deps.random.child(), lifetimeMs: lifetimeSec * 1000, capacity });
  }

  /** How many nonces are remembered now. */
  get activeNonces(): number {
    return this.#nonces.size;
  }

  /** Decides what `request` earns: authorized, or the response that refuses it. */
  check(request: SipRequest, nowMs: number): AuthDecision {
    const headerName = credentialsHeaderName(this.#settings.status);
    let values: AuthValue[];
    try {
      values = getAuthValues(request, headerName);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      return badRequest(`${headerName} does not parse: ${error.problem}`);
    }
    const realms = this.#settings.realms;
    const ours = values.find((v) => v.scheme.toLowerCase() === "digest" && realms.includes(v.params.get("realm") ?? ""));
    if (ours === undefined) {
      return this.challenge(nowMs, false, values.length === 0 ? `no ${headerName}` : `no ${headerName} for a realm we challenge`);
    }
    const realm = ours.params.get("realm") ?? "";
    const result = verifyAuthorization(ours, {
      method: request.method,
      body: request.body,
      realm,
      secretFor: this.#secretsOf(realm),
    });
    switch (result.kind) {
      case "ok":
        return this.#accepted(result.credentials, realm, nowMs);
      case "malformed":
        return badRequest(`${headerName} ${result.reason}`);
      case "unsupported-algorithm":
        return this.#wrong(nowMs, `algorithm ${result.algorithm} is not supported`);
      case "realm-mismatch":
        return this.challenge(nowMs, false, `credentials for realm "${result.realm}"`);
      case "unknown-user":
        return this.#wrong(nowMs, `unknown user "${result.username}" in realm "${realm}"`);
      case "unusable-secret":
        return this.#wrong(nowMs, `user "${result.username}": ${result.reason}`);
      case "wrong-response":
        return this.#wrong(nowMs, `wrong digest response from user "${result.credentials.username}"`);
    }
  }

  /** A fresh challenge: per realm a new nonce, per algorithm one header. */
  challenge(nowMs: number, stale: boolean, why: string): AuthDecision {
    return this.#challengeWith(this.#settings, nowMs, stale, why);
  }

  /**
   * A challenge with some settings changed (a script's `challenge` step). Its nonces go into the
   * same store, so the registrar's own verification later accepts an answer to it, as long as
   * the realm, algorithm and qop are ones the policy itself offers.
   */
  challengeWith(overrides: ChallengeOverrides, nowMs: number, stale: boolean, why: string): AuthDecision {
    const settings: Settings = {
      ...this.#settings,
      ...(overrides.realm === undefined ? {} : { realms: [overrides.realm] }),
      ...(overrides.algorithms === undefined ? {} : { algorithms: overrides.algorithms }),
      ...(overrides.qop === undefined ? {} : { qop: overrides.qop }),
      ...(overrides.opaque === undefined ? {} : { opaque: overrides.opaque }),
      ...(overrides.status === undefined ? {} : { status: overrides.status }),
    };
    return this.#challengeWith(settings, nowMs, stale, why);
  }

  #challengeWith(settings: Settings, nowMs: number, stale: boolean, why: string): AuthDecision {
    const { realms, algorithms, qop, status } = settings;
    const name = challengeHeaderName(status);
    const headers: Array<readonly [string, string]> = [];
    for (const realm of realms) {
      const issued = this.#nonces.issue(realm, this.#opaque(settings.opaque), nowMs);
      for (const algorithm of algorithms) {
        // One object shape for every challenge (no conditional spreads): this runs per REGISTER.
        const value =
          settings === this.#settings && issued.opaque === null
            ? this.#ownChallenge(realm, algorithm, issued.nonce, stale)
            : formatChallenge({
                realm,
                nonce: issued.nonce,
                algorithm,
                opaque: issued.opaque ?? undefined,
                qop: qop.length === 0 ? undefined : qop,
                stale: stale ? true : undefined,
              });
        headers.push([name, value]);
      }
    }
    return { kind: "refused", status, reason: undefined, headers, why };
  }

  /**
   * `formatChallenge` of the policy's own settings without an opaque, written around the nonce:
   * the text before and after it depends only on the realm, algorithm and staleness, so it is
   * written once for each. formatChallenge writes realm, then nonce, first; a nonce is hex
   * (NonceStore), which quoting leaves as it is.
   */
  #ownChallenge(realm: string, algorithm: DigestAlgorithm, nonce: string, stale: boolean): string {
    const key = stale ? `${realm}\n${algorithm}\nstale` : `${realm}\n${algorithm}`;
    let around = this.#challengeText.get(key);
    if (around === undefined) {
      const { qop } = this.#settings;
      const head = formatChallenge({ realm, nonce: "" });
      const whole = formatChallenge({ realm, nonce: "", algorithm, qop: qop.length === 0 ? undefined : qop, stale: stale ? true : undefined });
      around = [head.slice(0, -1), whole.slice(head.length - 1)];
      this.#challengeText.set(key, around);
    }
    return around[0] + nonce + around[1];
  }

  #accepted(credentials: DigestCredentials, realm: string, nowMs: number): AuthDecision {
    const { algorithms, qop } = this.#settings;
    if (!algorithms.includes(credentials.algorithm)) return this.#wrong(nowMs, `algorithm ${credentials.algorithm} was not offered`);
    const qopFits = credentials.qop === null ? qop.length === 0 : qop.includes(credentials.qop);
    if (!qopFits) return this.#wrong(nowMs, `qop ${credentials.qop ?? "(none)"} does not answer the qop offered`);
    const check = this.#nonces.use(
      { nonce: credentials.nonce, realm, opaque: credentials.opaque, nc: credentials.nc },
      nowMs,
    );
    switch (check) {
      case "valid":
        return { kind: "authorized", username: credentials.username, realm };
      case "stale":
        return this.challenge(nowMs, true, `nonce of user "${credentials.username}" is stale`);
      case "opaque-mismatch":
        return this.#wrong(nowMs, `opaque from user "${credentials.username}" does not echo the one sent`);
      case "nc-not-increasing":
        return this.challenge(nowMs, false, `nc from user "${credentials.username}" did not increase`);
    }
  }

  #wrong(nowMs: number, why: string): AuthDecision {
    if (this.#settings.wrongCredentials === "challenge") return this.challenge(nowMs, false, why);
    return { kind: "refused", status: 403, reason: undefined, headers: [], why };
  }

  /**
   * The user table's lookup for one realm, made once per realm rather than once per request (the
   * loader names every closure it sees made, which costs a call of its own each time).
   */
  #secretsOf(realm: string): VerifyOptions["secretFor"] {
    let lookup = this.#secretLookups.get(realm);
    if (lookup === undefined) {
      const users = this.#users;
      // With the algorithm, the table hands a password over as its HA1, hashed once for all requests.
      lookup = (username, algorithm) => users.secretFor(realm, username, algorithm);
      this.#secretLookups.set(realm, lookup);
    }
    return lookup;
  }

  #opaque(opaque: boolean | string): string | null {
    if (typeof opaque === "string") return opaque;
    return opaque ? this.#random.hex(OPAQUE_BYTES) : null;
  }
}

function badRequest(why: string): AuthDecision {
  return { kind: "refused", status: 400, reason: why, headers: [], why };
}

function checkedSettings(options: DigestPolicyOptions): Settings {
  const realms = options.realms;
  if (realms.length === 0) configError("auth.realms", "needs at least one realm");
  if (new Set(realms).size !== realms.length) configError("auth.realms", "lists a realm twice");
  const algorithms = options.algorithms ?? ["MD5"];
  if (algorithms.length === 0) configError("auth.algorithms", "needs at least one algorithm");
  for (const algorithm of algorithms) {
    if (!(DIGEST_ALGORITHMS as readonly string[]).includes(algorithm)) {
      configError("auth.algorithms", `${JSON.stringify(algorithm)} is not one of ${DIGEST_ALGORITHMS.join(", ")}`);
    }
  }
  const qop = options.qop ?? ["auth"];
  for (const token of qop) {
    if (token !== "auth" && token !== "auth-int") configError("auth.qop", `${JSON.stringify(token)} is neither auth nor auth-int`);
  }
  const session = algorithms.find((a) => a.endsWith("-sess"));
  // A -sess HA1 folds in the cnonce, which the client sends only with qop (RFC 7616 §3.4.2).
  if (session !== undefined && qop.length === 0) configError("auth.algorithms", `${session} needs qop, and auth.qop is empty`);
  const opaque = options.opaque ?? false;
  const settings: Settings = {
    realms,
    algorithms,
    qop,
    opaque,
    status: options.status ?? 401,
    wrongCredentials: options.wrongCredentials ?? "forbidden",
  };
  if (settings.status !== 401 && settings.status !== 407) configError("auth.status", "must be 401 or 407");
  for (const realm of realms) {
    try {
      formatChallenge({ realm, nonce: "0", ...(typeof opaque === "string" ? { opaque } : {}) });
    } catch (error) {
      configError("auth.realms", `realm or opaque cannot be written in a challenge: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return settings;
}
