/**
 * The `cluster` section turned into the lease keeper's options, with the checks a schema cannot
 * make: it needs `enable_clustering: 1` and a database server the nodes share (SQLite is refused
 * at `db_url`), a renewal that comes before the safety deadline, tags written `name/cluster_id`,
 * preferred nodes named as nodes are, plain SQL table names.
 */
import { CLUSTER_DEFAULTS, NODE_NAME, shtagText, type ClusterOptions } from "../cluster/index.js";
import { parseShtagText, RecordError, type Shtag } from "../registrant/index.js";
import { SQL_IDENTIFIER } from "../store/table-names.js";
import type { PathProblem } from "../yaml/index.js";
import type { LabConfig } from "./types.js";

export function clusterSection(config: LabConfig, dbKind: string | null, problems: PathProblem[]): ClusterOptions | null {
  const section = config.cluster;
  if (section === undefined) return null;
  if (config.enable_clustering !== 1) {
    problems.push({ path: "/cluster", reason: "sharing-tag leases need enable_clustering: 1" });
    return null;
  }
  if (dbKind === "sqlite") {
    problems.push({
      path: "/db_url",
      reason: "a cluster needs a database server all its nodes share for its leases (postgres:// or mysql://); sqlite is one file on one machine",
    });
  }
  if (!NODE_NAME.test(section.node)) problems.push({ path: "/cluster/node", reason: `"${section.node}" is not a node name (letters, digits, ., _, -; at most 64)` });
  const leaseTtlMs = (section.lease_ttl ?? CLUSTER_DEFAULTS.leaseTtlSec) * 1000;
  const renewIntervalMs = (section.renew_interval ?? CLUSTER_DEFAULTS.renewIntervalSec) * 1000;
  const safetyMarginMs = section.safety_margin_ms ?? CLUSTER_DEFAULTS.safetyMarginMs;
  if (renewIntervalMs >= leaseTtlMs - safetyMarginMs) {
    problems.push({
      path: "/cluster/renew_interval",
      reason: `${renewIntervalMs / 1000} s leaves no time to renew: it must be shorter than lease_ttl (${leaseTtlMs / 1000} s) less safety_margin_ms (${safetyMarginMs} ms)`,
    });
  }
  const tags = section.tags === undefined ? null : section.tags.flatMap((text, i) => tagOf(text, `/cluster/tags/${i}`, problems) ?? []);
  const preferred = new Map<string, string>();
  for (const [text, node] of Object.entries(section.preferred ?? {})) {
    const tag = tagOf(text, `/cluster/preferred/${text}`, problems);
    if (tag === null) continue;
    if (!NODE_NAME.test(node)) problems.push({ path: `/cluster/preferred/${text}`, reason: `"${node}" is not a node name` });
    preferred.set(shtagText(tag), node);
  }
  const leaseTable = tableName(section.lease_table ?? CLUSTER_DEFAULTS.leaseTable, "/cluster/lease_table", problems);
  const nodeTable = tableName(section.node_table ?? CLUSTER_DEFAULTS.nodeTable, "/cluster/node_table", problems);
  if (leaseTable === nodeTable) problems.push({ path: "/cluster/node_table", reason: `the same table as lease_table ("${leaseTable}")` });
  return { node: section.node, leaseTtlMs, renewIntervalMs, safetyMarginMs, tags, preferred, leaseTable, nodeTable };
}

function tagOf(text: string, path: string, problems: PathProblem[]): Shtag | null {
  try {
    const tag = parseShtagText(text);
    if (tag.name === "" || tag.clusterId <= 0) {
      problems.push({ path, reason: `"${text}" needs a name and a cluster id from 1 (name/cluster_id)` });
      return null;
    }
    return tag;
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    problems.push({ path, reason: `"${text}": ${error.reason}` });
    return null;
  }
}

function tableName(name: string, path: string, problems: PathProblem[]): string {
  if (!SQL_IDENTIFIER.test(name)) problems.push({ path, reason: `"${name}" is not a plain SQL name (letters, digits and _, not starting with a digit, at most 64)` });
  return name;
}
