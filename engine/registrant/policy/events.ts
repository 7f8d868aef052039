/**
 * The catalog of events the registrant raises (spec §10): one per state except
 * NOT_REGISTERED_STATE, each with exactly the three string parameters `aor`, `contact` and
 * `registrar`. An event is raised every time its state is entered, repeated entries included.
 * Sinks (webhook, JSON lines, run log) live in engine/events and only consume this type.
 */
import type { RecordId } from "./record.js";
import type { RegistrantStateName } from "./states.js";

export const REGISTRANT_EVENTS = {
  REGISTERING_STATE: "E_REGISTRANT_REGISTERING",
  AUTHENTICATING_STATE: "E_REGISTRANT_AUTHENTICATING",
  REGISTERED_STATE: "E_REGISTRANT_REGISTERED",
  REGISTER_TIMEOUT_STATE: "E_REGISTRANT_REGISTER_TIMEOUT",
  INTERNAL_ERROR_STATE: "E_REGISTRANT_INTERNAL_ERROR",
  WRONG_CREDENTIALS_STATE: "E_REGISTRANT_WRONG_CREDENTIALS",
  REGISTRAR_ERROR_STATE: "E_REGISTRANT_REGISTRAR_ERROR",
  UNREGISTERING_STATE: "E_REGISTRANT_UNREGISTERING",
  AUTHENTICATING_UNREGISTER_STATE: "E_REGISTRANT_AUTHENTICATING_UNREGISTER",
} as const satisfies Readonly<Partial<Record<RegistrantStateName, string>>>;

export type RegistrantEventName = (typeof REGISTRANT_EVENTS)[keyof typeof REGISTRANT_EVENTS];

/** All nine names, in state order: what the engine publishes at start-up (§1.2 step 8). */
export const REGISTRANT_EVENT_NAMES: readonly RegistrantEventName[] = Object.values(REGISTRANT_EVENTS);

/** §10: the parameters of every registrant event. */
export interface RegistrantEventParams {
  readonly aor: string;
  readonly contact: string;
  readonly registrar: string;
}

export interface RegistrantEvent {
  readonly name: RegistrantEventName;
  readonly params: RegistrantEventParams;
}

/** Where the engine delivers events, after the state change is committed. */
export interface RegistrantEventSink {
  emit(event: RegistrantEvent): void;
}

/** The event raised on entering `state`, or null for NOT_REGISTERED_STATE (§10: no event). */
export function eventForState(state: RegistrantStateName): RegistrantEventName | null {
  return state === "NOT_REGISTERED_STATE" ? null : REGISTRANT_EVENTS[state];
}

/** The event for a record, its parameters taken from the identity triple (never the password, D16). */
export function registrantEvent(name: RegistrantEventName, id: RecordId): RegistrantEvent {
  return { name, params: { aor: id.aor, contact: id.contact, registrar: id.registrar } };
}
