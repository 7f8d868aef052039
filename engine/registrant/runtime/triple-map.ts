/**
 * A map keyed by a record's full triple (aor, contact, registrar; D3), for the look-ups of a full
 * load. Keyed by the AOR, with the few triples that share an AOR chained behind it: a look-up
 * compares the strings the records already hold and builds no key string, which a reload of
 * 100,000 rows would otherwise make (and hash) hundreds of thousands of times.
 */
import type { RecordId } from "../policy/record.js";

interface Link<T> {
  readonly contact: string;
  readonly registrar: string;
  value: T;
  readonly next: Link<T> | null;
}

export class TripleMap<T> {
  readonly #byAor = new Map<string, Link<T>>();

  get(id: RecordId): T | undefined {
    return this.#link(id)?.value;
  }

  set(id: RecordId, value: T): void {
    const link = this.#link(id);
    if (link !== null) link.value = value;
    else this.#byAor.set(id.aor, { contact: id.contact, registrar: id.registrar, value, next: this.#byAor.get(id.aor) ?? null });
  }

  #link(id: RecordId): Link<T> | null {
    for (let link = this.#byAor.get(id.aor) ?? null; link !== null; link = link.next) {
      if (link.contact === id.contact && link.registrar === id.registrar) return link;
    }
    return null;
  }
}
