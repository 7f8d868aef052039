/**
 * Colours of the picture. States: green for the one good state, blues/amber while a request is
 * out, greys when idle, reds for the error states, purples for unregistering. Anything else (a
 * state name from a foreign log) is light grey.
 */
import type { LaneMarker } from "./model.js";

export interface StateColour {
  readonly fill: string;
  readonly text: string;
}

const STATE_COLOURS: Readonly<Record<string, StateColour>> = {
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
  return STATE_COLOURS[state] ?? UNKNOWN_STATE;
}

export const KNOWN_STATE_ORDER: readonly string[] = Object.keys(STATE_COLOURS);

export function markerColour(marker: Pick<LaneMarker, "kind" | "status">): string {
  switch (marker.kind) {
    case "request":
      return "#1f5fbf";
    case "event":
      return "#555555";
    case "timeout":
    case "transport-error":
      return "#c0392b";
    case "response": {
      const status = marker.status ?? 0;
      if (status >= 200 && status < 300) return "#1e7b34";
      if (status === 401 || status === 407) return "#a86b00";
      return status < 200 ? "#666666" : "#c0392b";
    }
  }
}
