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
    return linkOf(this.#byAor.get(id.aor), id)?.value;
  }

  set(id: RecordId, value: T): void {
    const first = this.#byAor.get(id.aor);
    const link = linkOf(first, id);
    if (link !== null) link.value = value;
    else this.#byAor.set(id.aor, { contact: id.contact, registrar: id.registrar, value, next: first ?? null });
  }
}

/** The link of `id`'s contact and registrar in the chain of its AOR, or null. */
function linkOf<T>(first: Link<T> | undefined, id: RecordId): Link<T> | null {
  for (let link = first ?? null; link !== null; link = link.next) {
    if (link.contact === id.contact && link.registrar === id.registrar) return link;
  }
  return null;
}
