/**
 * What a state machine step asks the engine to do. The engine commits the new runtime first,
 * then carries these out in order (events only after the state change is committed).
 */
import type { RegistrantEventName } from "./events.js";
import type { InFlightRequest } from "./record.js";
import type { RegistrantStateName } from "./states.js";

/** An Authorization or Proxy-Authorization header for the request (spec §6.3). */
export interface Credentials {
  readonly header: "Authorization" | "Proxy-Authorization";
  readonly value: string;
}

/** Everything the REGISTER builder (request.ts) needs beyond the record's configuration. */
export interface SendAction {
  readonly kind: "send";
  /** REGISTER of our binding, unREGISTER of it (expires=0), or the wildcard unREGISTER (§6.1, §7). */
  readonly request: InFlightRequest;
  /** Pass back with the transaction's outcome (D15). */
  readonly generation: number;
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  /** The Contact's `expires`: W for a REGISTER, 0 for an unREGISTER (unused for the wildcard). */
  readonly expiresSec: number;
  readonly credentials: Credentials | null;
  /** D35: the Contact learned from the registrar's Via, instead of the configured one. */
  readonly contact?: string;
}

export type RegistrantAction =
  | SendAction
  /** §10: raise this event with the record's aor/contact/registrar. */
  | { readonly kind: "raise-event"; readonly event: RegistrantEventName }
  /** §11: add the SR report "state changed to <state>" at `atSec`. */
  | { readonly kind: "add-report"; readonly state: RegistrantStateName; readonly atSec: number }
  /** §8: write the state column (0 enabled, 1 disabled) for the record's triple. */
  | { readonly kind: "write-state"; readonly enabled: boolean }
  /** Something an operator should know; the engine logs it. */
  | { readonly kind: "warning"; readonly code: "granted_expiry_short" | "refresh_floor"; readonly message: string };
