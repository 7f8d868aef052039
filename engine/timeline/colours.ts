/**
 * Colours of the picture. States: green for the one good state, blues/amber while a request is
 * out, greys when idle, reds for the error states, purples for unregistering. Anything else (a
 * state name from a foreign log) is light grey. Answers are coloured by their status class, the
 * same in the picture (markers) and in the message ladder beneath it (html.ts).
 */
import type { RegistrantStateName } from "../registrant/index.js";
import type { LaneMarker } from "./model.js";

export interface StateColour {
  readonly fill: string;
  readonly text: string;
}

const STATE_COLOURS: Readonly<Record<RegistrantStateName, StateColour>> = {
  NOT_REGISTERED_STATE: { fill: "#b8c2cc", text: "#1d2630" },
  REGISTERING_STATE: { fill: "#7fb3e6", text: "#0d2740" },
  AUTHENTICATING_STATE: { fill: "#f2c14e", text: "#3d2b00" },
  REGISTERED_STATE: { fill: "#2e9b4f", text: "#ffffff" },
  REGISTER_TIMEOUT_STATE: { fill: "#e07b39", text: "#ffffff" },
  INTERNAL_ERROR_STATE: { fill: "#7d1d3f", text: "#ffffff" },
  WRONG_CREDENTIALS_STATE: { fill: "#d13c3c", text: "#ffffff" },
  REGISTRAR_ERROR_STATE: { fill: "#a8326e", text: "#ffffff" },
  UNREGISTERING_STATE: { fill: "#8e6cc9", text: "#ffffff" },
  AUTHENTICATING_UNREGISTER_STATE: { fill: "#c7b0ef", text: "#2a1852" },
};
const UNKNOWN_STATE: StateColour = { fill: "#dddddd", text: "#222222" };

export function stateColour(state: string): StateColour {
  return Object.hasOwn(STATE_COLOURS, state) ? STATE_COLOURS[state as RegistrantStateName] : UNKNOWN_STATE;
}

/** How an answer's status reads: 2xx, a digest challenge (401/407), any other final status, or none yet. */
export type StatusKind = "success" | "challenge" | "error" | "provisional";

export function statusKind(status: number): StatusKind {
  if (status >= 200 && status < 300) return "success";
  if (status === 401 || status === 407) return "challenge";
  return status < 200 ? "provisional" : "error";
}

export const STATUS_COLOURS: Readonly<Record<StatusKind, string>> = {
  success: "#1e7b34",
  challenge: "#a86b00",
  error: "#c0392b",
  provisional: "#666666",
};

export const REQUEST_COLOUR = "#1f5fbf";

export function markerColour(marker: Pick<LaneMarker, "kind" | "status">): string {
  switch (marker.kind) {
    case "request":
      return REQUEST_COLOUR;
    case "event":
      return "#555555";
    case "timeout":
    case "transport-error":
      return STATUS_COLOURS.error;
    case "response":
      return STATUS_COLOURS[statusKind(marker.status ?? 0)];
  }
}
