/**
 * The initial registration wave as three numbers: records registered, failed (in an error
 * state), and pending (neither yet), from the engine's events. What the TTY progress line and
 * the stop summary print.
 */
import type { RegistrantEvent, RegistrantEventName } from "../registrant/index.js";

const FAILED: ReadonlySet<RegistrantEventName> = new Set([
  "E_REGISTRANT_REGISTER_TIMEOUT",
  "E_REGISTRANT_INTERNAL_ERROR",
  "E_REGISTRANT_WRONG_CREDENTIALS",
  "E_REGISTRANT_REGISTRAR_ERROR",
]);

export interface ProgressCounts {
  readonly registered: number;
  readonly failed: number;
  readonly pending: number;
}

/** Counts the initial registration wave from the engine's events, out of `total` enabled records. */
export class RegistrationProgress {
  readonly #registered = new Set<string>();
  readonly #failed = new Set<string>();
  #total: number;

  /** `total`: the enabled records loaded. */
  constructor(total: number) {
    this.#total = total;
  }

  set total(total: number) {
    this.#total = total;
  }

  /** Feed every engine event. A refresh (REGISTERING of a registered record) keeps it registered. */
  hear(event: RegistrantEvent): void {
    const key = `${event.params.aor}\n${event.params.contact}\n${event.params.registrar}`;
    if (event.name === "E_REGISTRANT_REGISTERED") {
      this.#registered.add(key);
      this.#failed.delete(key);
    } else if (FAILED.has(event.name)) {
      this.#failed.add(key);
      this.#registered.delete(key);
    } else if (event.name === "E_REGISTRANT_UNREGISTERING") {
      this.#registered.delete(key);
    }
  }

  get counts(): ProgressCounts {
    const registered = this.#registered.size;
    const failed = this.#failed.size;
    return { registered, failed, pending: Math.max(0, this.#total - registered - failed) };
  }
}

/** `registered N, failed N, pending N`: the progress line and the stop summary. */
export function formatProgress(counts: ProgressCounts): string {
  return `registered ${counts.registered}, failed ${counts.failed}, pending ${counts.pending}`;
}
