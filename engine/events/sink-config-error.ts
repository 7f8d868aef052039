import { UacregError } from "../errors.js";

/** A bad option of an event sink (the `events` section): names the option and why. */
export class SinkConfigError extends UacregError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super("event_sink_config_invalid", "local", `${field}: ${reason}`);
  }
}
