/**
 * The window options of a timeline as a person types them (`uacreg timeline --aor --from --to`,
 * and the status page's `?aor=&from=&to=`): AOR texts, and times in ISO 8601 (UTC when no zone
 * is given) or epoch milliseconds.
 */
import { UacregError } from "../errors.js";
import type { TimelineWindow } from "./window.js";

/** A window option that cannot be read; the message names the option (`--from`, …) and why. */
export class TimelineOptionError extends UacregError {
  constructor(message: string) {
    super("timeline_option_invalid", "local", message);
  }
}

/**
 * The window the options ask for; each option left out does not narrow it (default: every AOR,
 * from the start, to the end). Throws TimelineOptionError naming the option and the reason.
 */
export function timelineWindowOf(options: { aor?: readonly string[]; from?: string; to?: string }): TimelineWindow {
  const aors = (options.aor ?? []).map((text) => text.trim());
  if (aors.some((text) => text === "")) throw new TimelineOptionError("--aor: an empty text would match every record");
  const fromMs = options.from === undefined ? null : timeOption("--from", options.from);
  const toMs = options.to === undefined ? null : timeOption("--to", options.to);
  if (fromMs !== null && toMs !== null && fromMs > toMs) throw new TimelineOptionError(`--from ${options.from} is after --to ${options.to}`);
  return { aors, fromMs, toMs };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

function timeOption(option: string, text: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  if (!ISO_DATE_TIME.test(value)) throw new TimelineOptionError(`${option} ${text}: not a time (use 2026-11-26T10:00:00Z, or epoch milliseconds)`);
  // A time without a zone is UTC, as the run log's times are, whatever this machine's zone.
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned.replace(" ", "T"));
  if (Number.isNaN(ms)) throw new TimelineOptionError(`${option} ${text}: not a valid date and time`);
  return ms;
}
