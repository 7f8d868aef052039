/**
 * The ten registrant states (spec §5.1), named exactly as `reg_list`, Status/Report and the
 * events show them. The numeric codes are OpenSIPS's and index the compact SR history.
 */
export const REGISTRANT_STATES = [
  "NOT_REGISTERED_STATE",
  "REGISTERING_STATE",
  "AUTHENTICATING_STATE",
  "REGISTERED_STATE",
  "REGISTER_TIMEOUT_STATE",
  "INTERNAL_ERROR_STATE",
  "WRONG_CREDENTIALS_STATE",
  "REGISTRAR_ERROR_STATE",
  "UNREGISTERING_STATE",
  "AUTHENTICATING_UNREGISTER_STATE",
] as const;

export type RegistrantStateName = (typeof REGISTRANT_STATES)[number];

/** 0..9 as in OpenSIPS (spec §5.1). */
export function stateCode(state: RegistrantStateName): number {
  return REGISTRANT_STATES.indexOf(state);
}

export function stateFromCode(code: number): RegistrantStateName {
  const state = REGISTRANT_STATES[code];
  if (state === undefined) throw new RangeError(`no registrant state has code ${code}`);
  return state;
}

/**
 * States in which a request can be awaiting its outcome, so the only states an outcome can
 * reach (§5.3). NOT_REGISTERED is one: a disable or a reload leaves it with its request still
 * in flight, and that request's reply still steps it (D15 drops only outcomes of older
 * generations).
 */
// Typed rather than `as const`: Stryker does not mutate inside `as const` expressions, and this list is behaviour.
export const AWAITING_STATES: readonly RegistrantStateName[] = [
  "NOT_REGISTERED_STATE",
  "REGISTERING_STATE",
  "AUTHENTICATING_STATE",
  "UNREGISTERING_STATE",
  "AUTHENTICATING_UNREGISTER_STATE",
];

/** States that retry once TO passes (§3.3, D5). */
export const ERROR_STATES: readonly RegistrantStateName[] = [
  "REGISTER_TIMEOUT_STATE",
  "INTERNAL_ERROR_STATE",
  "WRONG_CREDENTIALS_STATE",
  "REGISTRAR_ERROR_STATE",
];

/** Whether `state` is one of ERROR_STATES, the states that retry once the timeout passes (§3.3, D5). */
export function isErrorState(state: RegistrantStateName): boolean {
  return ERROR_STATES.includes(state);
}
