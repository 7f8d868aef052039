/**
 * The cluster's sharing tags as this node sees them (§12), for scenarios: a tag changes state and
 * the clusterer announces it to the engine, usually at once. A scenario may hold the announcement
 * back, as a busy clusterer can: meanwhile the engine already reads the new state when it asks
 * (a reply, a visit, an operation), but no record has been told to leave its state yet.
 */
import type { Shtag, ShtagChange, ShtagSource } from "../../engine/registrant/index.js";

export class AnnouncedShtags implements ShtagSource {
  readonly #active = new Set<string>();
  #listeners: ReadonlyArray<(change: ShtagChange) => void> = [];

  isActive(tag: Shtag): boolean {
    return this.#active.has(key(tag));
  }

  /** The tag's state changes on this node; the engine hears of it only from `announce`. */
  change(tag: Shtag, active: boolean): void {
    if (active) this.#active.add(key(tag));
    else this.#active.delete(key(tag));
  }

  /** The clusterer tells the engine the tag's current state. */
  announce(tag: Shtag): void {
    const change: ShtagChange = { name: tag.name, clusterId: tag.clusterId, active: this.isActive(tag) };
    for (const listener of this.#listeners) listener(change);
  }

  subscribe(listener: (change: ShtagChange) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}

/** `name/cluster_id`, as the record's cluster_shtag column writes it. */
export function parseShtag(text: string): Shtag {
  const match = /^([^/]+)\/(\d+)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`a sharing tag is written name/cluster_id, got ${JSON.stringify(text)}`);
  return { name: match[1], clusterId: Number(match[2]) };
}

function key(tag: Shtag): string {
  return `${tag.clusterId}/${tag.name}`;
}
