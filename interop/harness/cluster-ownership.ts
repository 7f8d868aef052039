/**
 * Who holds each sharing tag, as the nodes themselves say it (`clusterer_list_shtags` on each
 * node's MI), and what the registrar's transcript must agree with: once the tags are balanced,
 * every REGISTER for a record comes from the node holding its tag. Pure: the cluster harness polls
 * the nodes and feeds the answers in.
 */
import type { ClusterJudge } from "../../testkit/cluster-judge.js";

/** Tag (`t0/1`) → the nodes that report it ACTIVE. */
export type Owners = ReadonlyMap<string, readonly string[]>;

/** The nodes' answers (node → its active tags) turned around: tag → nodes. */
export function ownersOf(activeByNode: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [node, tags] of activeByNode) for (const tag of tags) owners.set(tag, [...(owners.get(tag) ?? []), node]);
  return owners;
}

/** How many tags each node holds alone. */
export function heldCounts(owners: Owners, nodes: readonly string[]): Map<string, number> {
  const counts = new Map(nodes.map((node) => [node, 0]));
  for (const holders of owners.values()) {
    const [only] = holders;
    if (holders.length === 1 && only !== undefined) counts.set(only, (counts.get(only) ?? 0) + 1);
  }
  return counts;
}

/** Every tag held by exactly one node, and no node above its fair share ceil(tags / nodes). */
export function isBalanced(owners: Owners, tags: readonly string[], nodes: readonly string[]): boolean {
  const share = Math.ceil(tags.length / nodes.length);
  return tags.every((tag) => owners.get(tag)?.length === 1) && [...heldCounts(owners, nodes).values()].every((count) => count <= share);
}

/** `n1 10, n2 10, n3 10`, and the tags no one or several nodes hold, if any. */
export function describeOwners(owners: Owners, tags: readonly string[], nodes: readonly string[]): string {
  const counts = [...heldCounts(owners, nodes)].map(([node, count]) => `${node} ${count}`).join(", ");
  const unheld = tags.filter((tag) => (owners.get(tag)?.length ?? 0) === 0).length;
  const shared = tags.filter((tag) => (owners.get(tag)?.length ?? 0) > 1).length;
  return counts + (unheld > 0 ? `, ${unheld} unheld` : "") + (shared > 0 ? `, ${shared} active on several nodes` : "");
}

export interface StrayRegister {
  readonly aor: string;
  readonly tag: string;
  readonly node: string;
  readonly holder: string | null;
}

/** REGISTERs sent in [fromMs, toMs) by a node other than the one holding the record's tag. */
export function strayRegisters(judge: ClusterJudge, tagOfAor: ReadonlyMap<string, string>, owners: Owners, fromMs: number, toMs: number): StrayRegister[] {
  const strays: StrayRegister[] = [];
  for (const [aor, tag] of tagOfAor) {
    const holders = owners.get(tag) ?? [];
    for (const node of judge.sendersBetween(aor, fromMs, toMs)) {
      if (!holders.includes(node)) strays.push({ aor, tag, node, holder: holders[0] ?? null });
    }
  }
  return strays;
}
