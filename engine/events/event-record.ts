/**
 * What leaves the process for one E_REGISTRANT_* event (spec §10): its name, its three
 * parameters, when it was raised and on which node. Built field by field from the event's
 * identity triple, so nothing else a record holds (its password, D16) can ride along.
 */
import type { RegistrantEvent, RegistrantEventName } from "../registrant/index.js";

export interface EventRecord {
  readonly event: RegistrantEventName;
  readonly params: { readonly aor: string; readonly contact: string; readonly registrar: string };
  /** ISO 8601 in UTC with milliseconds, from the engine's Clock. */
  readonly timestamp: string;
  /** The node name of the configuration (one line per node when several share a receiver). */
  readonly node: string;
}

/** The JSON object a sink writes for one event: name, identity triple, `timestamp` (ISO 8601, see IsoTimestamps), node. */
export function eventRecord(event: RegistrantEvent, timestamp: string, node: string): EventRecord {
  const { aor, contact, registrar } = event.params;
  return { event: event.name, params: { aor, contact, registrar }, timestamp, node };
}
