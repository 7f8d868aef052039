/**
 * An in-memory ShtagSource (ARCHITECTURE.md layer 8): sharing tags set ACTIVE or BACKUP by hand,
 * as the clusterer would on this node. An unknown tag is BACKUP (§12: the clusterer creates it
 * in that state). Listeners are called over a copy of the list.
 */
import type { Shtag, ShtagChange, ShtagSource } from "../registrant/index.js";

/** Sharing tags held in memory; `active` lists the tags that start ACTIVE (default none: every tag BACKUP). */
export class MemoryShtags implements ShtagSource {
  readonly #active = new Set<string>();
  #listeners: ReadonlyArray<(change: ShtagChange) => void> = [];

  constructor(active: readonly Shtag[] = []) {
    for (const tag of active) this.#active.add(key(tag));
  }

  isActive(tag: Shtag): boolean {
    return this.#active.has(key(tag));
  }

  /**
   * Sets a tag's state; listeners hear only real changes. With `announce: false` the state
   * changes silently, as on a clusterer that has not told the engine yet: `isActive` already
   * reads the new state, and `announce` tells the listeners later.
   */
  set(tag: Shtag, active: boolean, options: { readonly announce?: boolean } = {}): void {
    if (this.isActive(tag) === active) return;
    if (active) this.#active.add(key(tag));
    else this.#active.delete(key(tag));
    if (options.announce !== false) this.announce(tag);
  }

  /** Tells the listeners the tag's current state, changed or not (what a clusterer's announcement does). */
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

/** §12: tag names compare case-sensitively, within one cluster. */
function key(tag: Shtag): string {
  return `${tag.clusterId}/${tag.name}`;
}
