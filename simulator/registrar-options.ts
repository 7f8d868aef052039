/** What `createRegistrar` takes (a script's settings override some of it: script/settings.ts). */
import type { Clock } from "../engine/clock.js";
import type { Logger } from "../engine/log.js";
import type { Random } from "../engine/random.js";
import type { TransactionLayerOptions } from "../engine/transaction/index.js";
import type { AorMatching } from "./aor.js";
import type { DigestPolicyOptions } from "./digest-policy.js";
import type { CompiledScript } from "./script/model.js";
import type { UserTable } from "./users.js";

export interface RegistrarOptions {
  readonly clock: Clock;
  /** Nonces, opaques, branches and To tags; a seeded stream makes a run replayable. */
  readonly random: Random;
  readonly logger?: Logger;
  /** The realm challenged (unless `auth.realms` lists several). */
  readonly realm: string;
  /** Who may register. Absent: no authentication, every REGISTER is accepted. */
  readonly users?: UserTable;
  /** Challenge settings; `realms` defaults to `[realm]`. */
  readonly auth?: Omit<DigestPolicyOptions, "realms"> & { readonly realms?: readonly string[] };
  /** Granted when a Contact asks for no interval and there is no Expires header. Default 3600. */
  readonly defaultExpiresSec?: number;
  /** Below this (and above 0) a REGISTER gets 423 with Min-Expires. Default: no minimum. */
  readonly minExpiresSec?: number;
  /** Longer intervals are shortened to this. Default: no maximum. */
  readonly maxExpiresSec?: number;
  /** Ring length of the transcript; 0 turns it off. Default 1000. */
  readonly transcript?: { readonly capacity?: number };
  /** For the transaction layer that `attach(transport)` makes (timers, limits). */
  readonly layer?: Pick<TransactionLayerOptions, "timers" | "serverUnansweredLimitMs" | "limits">;
  /** How a To URI names an AOR (aor.ts): registrar (user and host, the default) or strict (RFC 3261). */
  readonly aorMatching?: AorMatching;
  /** Scripted answers (see `loadScriptFile`); its `defaults` override the options above. */
  readonly script?: CompiledScript;
  /** Told how each request was handled (not retransmissions), for lines, summaries and metrics. */
  readonly onHandled?: (handled: HandledRequest) => void;
}

/** What the registrar did with one request; `why` names the reason in words, never a secret. */
export interface HandledRequest {
  readonly atMs: number;
  readonly method: string;
  /** The peer's socket name (`udp:127.0.0.1:5070`). */
  readonly source: string;
  readonly callId: string;
  readonly cseq: number;
  /** The AOR key, once known (null for a request refused before its To was read). */
  readonly aor: string | null;
  /** The status answered; null when the request was left unanswered or answered with raw bytes. */
  readonly status: number | null;
  readonly outcome: "answered" | "unanswered" | "raw";
  readonly why: string;
  /** The script step that chose the answer (`rule 0 step 1 (respond)`), or null. */
  readonly step: string | null;
}
