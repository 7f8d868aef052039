/**
 * The `cluster` section as the lease keeper takes it (engine/config resolves the YAML into this),
 * and the one text form of a sharing tag used in the lease table, MI and config: `name/cluster_id`.
 */
import type { Shtag } from "../registrant/index.js";

export interface ClusterOptions {
  /** This node's name, unique in the cluster. */
  readonly node: string;
  /** How long a lease lasts without renewal, on the database's clock. */
  readonly leaseTtlMs: number;
  /** Time between two rounds of renewals, heartbeat and balancing. */
  readonly renewIntervalMs: number;
  /** This node stops sending this long before its lease could expire elsewhere. */
  readonly safetyMarginMs: number;
  /** The tags shared; null: every tag the registrant rows name. */
  readonly tags: readonly Shtag[] | null;
  /** By tag text (`name/cluster_id`): the node that takes it whenever that node is alive. */
  readonly preferred: ReadonlyMap<string, string>;
  readonly leaseTable: string;
  readonly nodeTable: string;
}

export const CLUSTER_DEFAULTS = {
  leaseTtlSec: 10,
  renewIntervalSec: 2,
  safetyMarginMs: 1000,
  leaseTable: "uacreg_lease",
  nodeTable: "uacreg_node",
} as const;

/** A node name: what the lease and heartbeat rows store and MI shows. */
export const NODE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** `name/cluster_id`, as the cluster_shtag column writes a tag (§12). */
export function shtagText(tag: Shtag): string {
  return `${tag.name}/${tag.clusterId}`;
}
