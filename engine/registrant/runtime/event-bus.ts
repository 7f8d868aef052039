/**
 * The engine's typed event bus (spec §10): listeners get every `E_REGISTRANT_*` event after the
 * state change is committed. Emitting walks a copy of the listener list, so a listener may
 * unsubscribe while being called (listeners are called over a copy of the list); a listener that throws is logged and does
 * not stop the others or the engine.
 */
import type { Logger } from "../../log.js";
import type { RegistrantEvent } from "../policy/events.js";

export type RegistrantEventListener = (event: RegistrantEvent) => void;

export class EventBus {
  #listeners: readonly RegistrantEventListener[] = [];
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Returns the function that removes the listener. */
  subscribe(listener: RegistrantEventListener): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  emit(event: RegistrantEvent): void {
    // The array is replaced, never edited, on (un)subscribe: iterating it is iterating a copy.
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.error({ event: event.name, err: String(error) }, "registrant event listener failed");
      }
    }
  }
}
