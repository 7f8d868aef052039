/**
 * The registrar's location service (RFC 3261 §10.3): for each address-of-record, the Contacts bound
 * to it, each with its own expiry and the Call-ID and CSeq of the REGISTER that last wrote it.
 * Pure: time is passed in as clock milliseconds, so a test can set any instant. Expired bindings
 * are dropped whenever the table is read, so nothing else has to sweep it.
 *
 * An update is all or nothing (§10.3 step 7: "committed if and only if all binding updates and
 * additions succeed"): every ordering check runs before anything changes.
 */
import { compareUris, removeParam, type NameAddr } from "../engine/sip/index.js";
import type { ContactExpiry } from "./expiry.js";

export interface Binding {
  /** The AOR key (see `aorOf`). */
  readonly aor: string;
  /** The Contact as registered, without its `expires` parameter (a 200 writes the remaining time). */
  readonly contact: NameAddr;
  readonly callId: string;
  readonly cseq: number;
  /** Clock time of the last add or refresh. */
  readonly updatedAtMs: number;
  /** Clock time at which the binding lapses. */
  readonly expiresAtMs: number;
}

export type BindingChange =
  | { readonly kind: "contacts"; readonly contacts: readonly ContactExpiry[] }
  /** `Contact: *` with `Expires: 0` (§10.3 step 6). */
  | { readonly kind: "remove-all" };

export interface BindingUpdate {
  readonly aor: string;
  readonly callId: string;
  readonly cseq: number;
  readonly change: BindingChange;
}

export type BindingOutcome =
  /** The AOR's bindings after the update (none when all are gone). */
  | { readonly kind: "applied"; readonly bindings: readonly Binding[] }
  /**
   * A binding was last written by this Call-ID with a CSeq not lower than the request's: the
   * request is older than one already processed, or a replay (§10.3 step 7). Nothing changed.
   */
  | { readonly kind: "out-of-order"; readonly binding: Binding };

/** Whole seconds left before `binding` lapses, rounded up so that a live binding never shows 0. */
export function remainingSec(binding: Binding, nowMs: number): number {
  return Math.max(0, Math.ceil((binding.expiresAtMs - nowMs) / 1000));
}

/** The registrar's bindings by AOR (RFC 3261 §10.3), on times the caller passes in. Starts empty. */
export class BindingTable {
  readonly #byAor = new Map<string, Binding[]>();

  /** Live bindings of one AOR, or of every AOR (grouped by AOR, in order of first registration). */
  current(nowMs: number, aor?: string): Binding[] {
    if (aor !== undefined) return [...this.#live(aor, nowMs)];
    return [...this.#byAor.keys()].flatMap((key) => this.#live(key, nowMs));
  }

  /** AORs that have at least one live binding. */
  aors(nowMs: number): string[] {
    return [...this.#byAor.keys()].filter((key) => this.#live(key, nowMs).length > 0);
  }

  /** Drops every binding (a registrar restart that keeps no state); how many there were. */
  clear(): number {
    let count = 0;
    for (const bindings of this.#byAor.values()) count += bindings.length;
    this.#byAor.clear();
    return count;
  }

  apply(update: BindingUpdate, nowMs: number): BindingOutcome {
    const stored = this.#live(update.aor, nowMs);
    const conflict = orderingConflict(stored, update);
    if (conflict !== null) return { kind: "out-of-order", binding: conflict };
    const next = update.change.kind === "remove-all" ? [] : withContacts(stored, update, update.change.contacts, nowMs);
    if (next.length === 0) this.#byAor.delete(update.aor);
    else this.#byAor.set(update.aor, next);
    return { kind: "applied", bindings: [...next] };
  }

  #live(aor: string, nowMs: number): readonly Binding[] {
    const bindings = this.#byAor.get(aor);
    if (bindings === undefined) return [];
    // Read on every REGISTER: no new array unless a binding has lapsed.
    if (bindings.every((binding) => binding.expiresAtMs > nowMs)) return bindings;
    const live = bindings.filter((binding) => binding.expiresAtMs > nowMs);
    if (live.length === 0) this.#byAor.delete(aor);
    else this.#byAor.set(aor, live);
    return live;
  }
}

/**
 * §10.3 step 6 (wildcard: every binding) and step 7 (each Contact's binding): a stored binding
 * with the same Call-ID and a CSeq not lower than the request's means the request is stale.
 * Checked against the bindings as they were before this request, so a Contact repeated within
 * one request does not conflict with itself.
 */
function orderingConflict(stored: readonly Binding[], update: BindingUpdate): Binding | null {
  const stale = (b: Binding): boolean => b.callId === update.callId && update.cseq <= b.cseq;
  if (update.change.kind === "remove-all") return stored.find(stale) ?? null;
  // The first stale binding in Contact order, then stored order; the cheap test before the URI
  // comparison, which a REGISTER from a new Call-ID or with a higher CSeq never needs.
  for (const { contact } of update.change.contacts) {
    const found = stored.find((b) => stale(b) && compareUris(b.contact.uri, contact.uri));
    if (found !== undefined) return found;
  }
  return null;
}

function withContacts(
  stored: readonly Binding[],
  update: BindingUpdate,
  contacts: readonly ContactExpiry[],
  nowMs: number,
): Binding[] {
  const next = [...stored];
  for (const { contact, expiresSec } of contacts) {
    const index = next.findIndex((b) => compareUris(b.contact.uri, contact.uri));
    if (expiresSec === 0) {
      if (index !== -1) next.splice(index, 1);
      continue;
    }
    const binding: Binding = {
      aor: update.aor,
      contact: withoutExpires(contact),
      callId: update.callId,
      cseq: update.cseq,
      updatedAtMs: nowMs,
      expiresAtMs: nowMs + expiresSec * 1000,
    };
    if (index === -1) next.push(binding);
    else next[index] = binding;
  }
  return next;
}

function withoutExpires(contact: NameAddr): NameAddr {
  const params = contact.params.map(([name, value]): [string, string | null] => [name, value]);
  removeParam(params, "expires");
  return { displayName: contact.displayName, uri: contact.uri, params };
}
