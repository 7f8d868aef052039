/**
 * The cluster's management commands: OpenSIPS clusterer's `clusterer_list_shtags` (every sharing
 * tag with its cluster and its state on this node: `Tag`, `Cluster`, `State` active/backup) and
 * `clusterer_shtag_set_active` (param `tag`, `name/cluster_id`; answers OK, or OpenSIPS's errors),
 * and `uacreg:cluster_status` (nodes, tags, owners, epochs and lease ages as the database sees them).
 *
 * Unlike OpenSIPS, where set_active flips the tag at once and tells the other nodes, here it is a
 * request written to the tag's lease: the holder releases the tag at its next round (hand-over
 * order) and this node acquires it, so two nodes are never active for it at once. The answer
 * comes when the request is written; `clusterer_list_shtags` shows when the tag is active.
 */
import type { ClusterStatus, ShtagListEntry } from "../cluster/index.js";
import { parseShtagText, RecordError, type Shtag } from "../registrant/index.js";
import { MiError } from "./errors.js";
import { OK, type MiCommand } from "./registrant-commands.js";

/** What the commands need of the cluster (LeaseShtags). */
export interface MiCluster {
  list(): ShtagListEntry[];
  /** The clusters the shared tags belong to. */
  clusterIds(): ReadonlySet<number>;
  setActive(tag: Shtag): Promise<void>;
  status(): Promise<ClusterStatus>;
}

/**
 * The three commands over `cluster`. Their runs throw MiError: 400 for a tag without `/` or with a
 * bad cluster id, 404 for a cluster no shared tag is in, 500 when the lease database fails.
 */
export function clusterCommands(cluster: MiCluster): MiCommand[] {
  return [
    {
      name: "clusterer_list_shtags",
      aliases: [],
      description: "every sharing tag with its cluster and its state on this node (active or backup)",
      recipes: [[]],
      run: () => cluster.list(),
    },
    {
      name: "clusterer_shtag_set_active",
      aliases: [],
      description: "asks for the tag (name/cluster_id) on this node: its holder releases it and this node takes it over",
      recipes: [[{ name: "tag", kind: "string" }]],
      run: async (_engine, params) => {
        const tag = tagOf(String(params.tag));
        if (!cluster.clusterIds().has(tag.clusterId)) throw new MiError(404, "Cluster ID not found");
        try {
          await cluster.setActive(tag);
        } catch {
          throw new MiError(500, "Internal failure when activating tag");
        }
        return OK;
      },
    },
    {
      name: "uacreg:cluster_status",
      aliases: [],
      description: "the cluster's nodes (heartbeat age, tags held) and tags (owner, epoch, lease age, override) as the database sees them",
      recipes: [[]],
      run: async () => {
        try {
          return await cluster.status();
        } catch {
          throw new MiError(500, "the lease database does not answer");
        }
      },
    },
  ];
}

/** OpenSIPS's two format errors: no `/`, or a cluster id that is no number. */
function tagOf(text: string): Shtag {
  if (!text.includes("/")) throw new MiError(400, "Bad tag format <name/cluster_id>");
  try {
    return parseShtagText(text);
  } catch (error) {
    if (error instanceof RecordError) throw new MiError(400, "Bad cluster ID in tag");
    throw error;
  }
}
