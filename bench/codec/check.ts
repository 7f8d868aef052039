/**
 * Cross-check of the adapters: every normalized result is flattened to `path = value` leaves, the
 * peers vote per leaf, and each library is compared with the majority.
 */
import type { Limitation } from "./adapter.js";
import type { Normalized } from "./normalized.js";

type Leaf = string | number | null;
/** Dotted path (`vias.0.branch`, `contacts.length`) to leaf value. */
export type Flat = Map<string, Leaf>;

export function flatten(value: Normalized): Flat {
  const flat: Flat = new Map();
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      flat.set(`${path}.length`, node.length);
      node.forEach((item, index) => walk(item, `${path}.${index}`));
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) walk(child, path === "" ? key : `${path}.${key}`);
    } else {
      flat.set(path, node as Leaf);
    }
  };
  walk(value, "");
  return flat;
}

/** A limitation covers a path when its segments are a prefix of the path's (`*` matches one). */
function isExcluded(limitations: readonly Limitation[], path: string): boolean {
  const segments = path.split(".");
  return limitations.some((limitation) =>
    limitation.path.split(".").every((part, i) => part === "*" || part === segments[i]),
  );
}

const ABSENT = Symbol("absent");
type Vote = Leaf | typeof ABSENT;

export interface Ballot {
  readonly library: string;
  readonly limitations: readonly Limitation[];
  readonly flat: Flat;
}

export interface Consensus {
  /** Leaves a strict majority of the peers that can extract them agree on. */
  readonly decided: Map<string, Vote>;
  /** Leaves without a majority, described for the printed notes. */
  readonly splits: string[];
}

const show = (vote: Vote | undefined): string =>
  vote === ABSENT || vote === undefined ? "(absent)" : JSON.stringify(vote);

export function consensus(peers: readonly Ballot[]): Consensus {
  const paths = new Set(peers.flatMap((peer) => [...peer.flat.keys()]));
  const decided = new Map<string, Vote>();
  const splits: string[] = [];
  for (const path of paths) {
    const voters = peers.filter((peer) => !isExcluded(peer.limitations, path));
    const votes = voters.map((peer) => (peer.flat.has(path) ? (peer.flat.get(path) as Leaf) : ABSENT));
    const winner = votes.find((vote) => votes.filter((other) => other === vote).length * 2 > votes.length);
    if (winner !== undefined) decided.set(path, winner);
    else if (voters.length > 0) {
      splits.push(`${path}: ${voters.map((peer, i) => `${peer.library}=${show(votes[i])}`).join(", ")}`);
    }
  }
  return { decided, splits };
}

/** The leaves where `ballot` differs from the consensus, described; empty when it agrees. */
export function disagreements(ballot: Ballot, agreed: Consensus): string[] {
  const found: string[] = [];
  for (const path of new Set([...agreed.decided.keys(), ...ballot.flat.keys()])) {
    if (isExcluded(ballot.limitations, path) || !agreed.decided.has(path)) continue;
    const expected = agreed.decided.get(path);
    const actual: Vote = ballot.flat.has(path) ? (ballot.flat.get(path) as Leaf) : ABSENT;
    if (actual !== expected) found.push(`${path}: got ${show(actual)}, peers ${show(expected)}`);
  }
  return found;
}

/** Leaves that differ between two results of the same library (used for re-parse after serialize). */
export function differences(before: Flat, after: Flat): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths]
    .filter((path) => before.get(path) !== after.get(path) || before.has(path) !== after.has(path))
    .map((path) => `${path}: ${JSON.stringify(before.get(path))} -> ${JSON.stringify(after.get(path))}`);
}
