/**
 * A sink's event-name filter: a sink configured with `events: [...]` gets only those events.
 * Names are checked against the catalog (spec §10) when the configuration is read, so a typo is
 * an error naming the sink and the name rather than a sink that silently never fires.
 */
import { REGISTRANT_EVENT_NAMES, type RegistrantEventName, type RegistrantEventSink } from "../registrant/index.js";
import { SinkConfigError } from "./sink-config-error.js";

/** The names as a set; throws SinkConfigError naming `field` and the unknown name. */
export function eventNameSet(names: readonly string[], field: string): ReadonlySet<RegistrantEventName> {
  const known = new Set<string>(REGISTRANT_EVENT_NAMES);
  for (const name of names) {
    if (!known.has(name)) throw new SinkConfigError(field, `unknown event ${JSON.stringify(name)} (known: ${REGISTRANT_EVENT_NAMES.join(", ")})`);
  }
  return new Set(names as RegistrantEventName[]);
}

/** `sink` behind a filter; no filter (null) passes every event. */
export function filteredSink(sink: RegistrantEventSink, names: ReadonlySet<RegistrantEventName> | null): RegistrantEventSink {
  if (names === null) return sink;
  return { emit: (event) => (names.has(event.name) ? sink.emit(event) : undefined) };
}
