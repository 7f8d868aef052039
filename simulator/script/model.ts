/**
 * A script as the registrar runs it: checked, with defaults filled in and every step reduced to
 * one typed action. `compile.ts` builds it from the YAML document; nothing here can be invalid.
 */
import type { DigestAlgorithm, Qop } from "../../engine/auth/index.js";
import type { HeaderList } from "../../engine/sip/index.js";
import type { ChallengeOverrides, WrongCredentialsAction } from "../digest-policy.js";
import type { AorMatching } from "../aor.js";
import type { AorPattern } from "./aor-pattern.js";
import type { RequestKind } from "./types.js";

export interface ForeignContact {
  /** As written in the script, already checked to parse. */
  readonly contact: string;
  /** Null: the time granted to the registrant's own Contact. */
  readonly expiresSec: number | null;
}

export type Action =
  | { readonly kind: "respond"; readonly status: number; readonly reason: string | null; readonly headers: HeaderList }
  | { readonly kind: "challenge"; readonly overrides: ChallengeOverrides; readonly stale: boolean; readonly headers: HeaderList }
  | {
      readonly kind: "accept";
      readonly grantSec: number | null;
      readonly extraBindings: readonly ForeignContact[];
      readonly omitContact: boolean;
      readonly headers: HeaderList;
    }
  | { readonly kind: "silence" }
  /** `text` keeps its ${...} placeholders; they are filled per request. */
  | { readonly kind: "raw"; readonly text: string | null; readonly bytes: Uint8Array | null }
  | { readonly kind: "delay"; readonly ms: number; readonly then: Action }
  | { readonly kind: "default" };

export interface Step {
  readonly action: Action;
  /** How many REGISTERs it answers; null: every one, forever. */
  readonly times: number | null;
}

export interface Rule {
  /** 0-based position in the file, as `/rules/N` names it. */
  readonly index: number;
  /** Whom it is for (any one matching is enough), or null for everyone. */
  readonly patterns: readonly AorPattern[] | null;
  /** As written (a list joined with commas), for reports. */
  readonly forText: string;
  /** Null: every REGISTER. */
  readonly kinds: ReadonlySet<RequestKind> | null;
  readonly steps: readonly Step[];
}

/** The registrar settings a script's `defaults` set; absent ones keep the registrar's options. */
export interface ScriptSettings {
  readonly realm?: string;
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly qop?: readonly Qop[];
  readonly opaque?: boolean | string;
  readonly status?: 401 | 407;
  readonly wrongCredentials?: WrongCredentialsAction;
  readonly nonceLifetimeSec?: number;
  readonly defaultExpiresSec?: number;
  readonly minExpiresSec?: number;
  readonly maxExpiresSec?: number;
  readonly aorMatching?: AorMatching;
}

/** Time before an answer, as `Latency` in the script, checked. */
export type LatencyModel =
  | { readonly distribution: "fixed"; readonly ms: number }
  | { readonly distribution: "uniform"; readonly minMs: number; readonly maxMs: number }
  | { readonly distribution: "normal"; readonly meanMs: number; readonly sdMs: number; readonly maxMs: number | null }
  | { readonly distribution: "exponential"; readonly meanMs: number; readonly maxMs: number | null };

/** The script's `carrier` section, checked; times in milliseconds from the registrar's start. */
export interface Carrier {
  readonly refuse: { readonly fraction: number; readonly status: number; readonly reason: string | null; readonly headers: HeaderList } | null;
  readonly rateLimit: { readonly requests: number; readonly windowMs: number; readonly retryAfterSec: number } | null;
  readonly silent: { readonly forMs: number; readonly everyMs: number; readonly startMs: number } | null;
  readonly restartAtMs: readonly number[];
  readonly grant: { readonly minSec: number; readonly maxSec: number } | null;
  readonly latency: LatencyModel | null;
}

export interface CompiledScript {
  /** The file name, or what the caller named the text. */
  readonly source: string;
  readonly description: string | null;
  /** Seed of the script's random choices; null: a random one. */
  readonly seed: number | null;
  /** Null: no carrier habits. */
  readonly carrier: Carrier | null;
  readonly settings: ScriptSettings;
  readonly rules: readonly Rule[];
}
