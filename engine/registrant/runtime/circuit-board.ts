/**
 * D34 on the engine: one circuit per next hop (the record's proxy, else its registrar, as
 * written), fed with the outcomes of the records' requests; it says whether a visit may send, a
 * probe included, and tells its listeners when a circuit opens or closes. The arithmetic is
 * policy/registrar-circuit.ts.
 */
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { CircuitState } from "../policy/registrar-circuit.js";
import { afterOutcome, afterProbe, circuitAdmits, CLOSED_CIRCUIT, isRegistrarFailure } from "../policy/registrar-circuit.js";
import type { RegistrantConfig } from "../policy/record.js";

/** A circuit opened or closed (D34). */
export interface CircuitEvent {
  readonly name: "E_REGISTRANT_CIRCUIT_OPEN" | "E_REGISTRANT_CIRCUIT_CLOSED";
  /** The next hop, as the records write it (proxy, else registrar). */
  readonly registrar: string;
  /** Failures in a row when it opened; 0 when it closed. */
  readonly failures: number;
}

export type CircuitListener = (event: CircuitEvent) => void;

export class CircuitBoard {
  readonly #threshold: number;
  readonly #probeIntervalSec: number;
  readonly #logger: Logger;
  /** Only next hops that failed at least once; a closed circuit with no failures is dropped. */
  readonly #circuits = new Map<string, CircuitState>();
  readonly #listeners = new Set<CircuitListener>();
  #opened = 0;

  constructor(threshold: number, probeIntervalSec: number, logger: Logger) {
    this.#threshold = threshold;
    this.#probeIntervalSec = probeIntervalSec;
    this.#logger = logger;
  }

  /** Circuits that ever opened (a counter for metrics). */
  get openedCount(): number {
    return this.#opened;
  }

  /** The next hops whose circuit is open now. */
  get open(): string[] {
    return [...this.#circuits].flatMap(([hop, state]) => (state.open ? [hop] : []));
  }

  subscribe(listener: CircuitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a visit of a record of `config` at `nowSec` may send: "probe" is a send that counts as the probe. */
  admits(config: RegistrantConfig, nowSec: number): "closed" | "probe" | "open" {
    return circuitAdmits(this.#circuits.get(hopOf(config)) ?? CLOSED_CIRCUIT, nowSec);
  }

  probeSent(config: RegistrantConfig, nowSec: number): void {
    const hop = hopOf(config);
    const state = this.#circuits.get(hop);
    if (state !== undefined) this.#circuits.set(hop, afterProbe(state, nowSec, this.#probeIntervalSec));
  }

  outcome(config: RegistrantConfig, kind: "response" | "timeout" | "transport-error", status: number | null, nowSec: number): void {
    const hop = hopOf(config);
    const before = this.#circuits.get(hop) ?? CLOSED_CIRCUIT;
    const { state, change } = afterOutcome(before, isRegistrarFailure(kind, status), nowSec, this.#threshold, this.#probeIntervalSec);
    if (state.failures === 0) this.#circuits.delete(hop);
    else this.#circuits.set(hop, state);
    if (change === "opened") {
      this.#opened += 1;
      this.#logger.warn({ registrar: hop, failures: state.failures, code: "circuit_open" }, `registrar ${hop}: circuit open after ${state.failures} failures in a row; one probe every ${this.#probeIntervalSec} s (D34)`);
      this.#emit({ name: "E_REGISTRANT_CIRCUIT_OPEN", registrar: hop, failures: state.failures });
    } else if (change === "closed") {
      this.#logger.info({ registrar: hop, code: "circuit_closed" }, `registrar ${hop}: circuit closed, it answered again (D34)`);
      this.#emit({ name: "E_REGISTRANT_CIRCUIT_CLOSED", registrar: hop, failures: 0 });
    }
  }

  #emit(event: CircuitEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.warn({ registrar: event.registrar, err: errorMessage(error) }, "a circuit listener failed");
      }
    }
  }
}

function hopOf(config: RegistrantConfig): string {
  return config.proxy ?? config.registrarUri;
}
