/**
 * What a three-node cluster test writes before it starts anything: the registrant rows (N records
 * spread round-robin over the sharing tags of cluster 1) and each node's YAML configuration, with
 * the table names of this test only, so that tests never share rows. Each node sends from a
 * loopback address of its own (127.0.0.11, .12, .13), which is how the registrar's transcript
 * tells the nodes apart.
 */
import { stringify } from "yaml";
import type { RegistrantRow } from "../../engine/index.js";

/** The timing every node of one cluster runs with. */
export interface ClusterTiming {
  /** hash_size: 2^hash_size buckets. */
  readonly hashSize: number;
  /** Seconds for one round of bucket visits (one bucket cycle). */
  readonly timerIntervalSec: number;
  /** The expiry every record asks for, in seconds. */
  readonly expirySec: number;
  /** reregister_expiry_percentage: a record is refreshed at this share of its granted expiry. */
  readonly refreshPercent: number;
  /** The cluster section's lease_ttl, renew_interval (seconds) and safety_margin_ms. */
  readonly leaseTtlSec: number;
  readonly renewIntervalSec: number;
  readonly safetyMarginMs: number;
  /** startup_spread: a record's first REGISTER leaves within this many seconds of its first visit. */
  readonly startupSpreadSec: number;
}

/** The tables of one test, all named from one prefix. */
export interface ClusterTables {
  readonly table_name: string;
  readonly lease_table: string;
  readonly node_table: string;
  readonly dialog_state_table: string;
}

export interface NodePlan {
  /** The node's name in the cluster section (`n1`). */
  readonly name: string;
  /** The loopback address it listens and sends on (`127.0.0.11`). */
  readonly host: string;
  readonly port: number;
  /** Its db_url: the database itself, or a TCP proxy in front of it. */
  readonly dbUrl: string;
  /** Where its management interface listens (for clusterer_list_shtags, uacreg:cluster_status). */
  readonly miPort: number;
}

export function clusterTables(prefix: string): ClusterTables {
  return { table_name: `${prefix}_reg`, lease_table: `${prefix}_lease`, node_table: `${prefix}_node`, dialog_state_table: `${prefix}_dlg` };
}

/** `t0/1` ... `t<tags-1>/1`: the sharing tag of record `index`. */
export function tagOf(index: number, tags: number): string {
  return `t${index % tags}/1`;
}

export function aorOf(index: number): string {
  return `sip:c${index}@cluster.test`;
}

/** `count` records registering at `registrar` (`sip:127.0.0.1:5060`), round-robin over `tags` tags. */
export function clusterRows(count: number, tags: number, registrar: string, expirySec: number): RegistrantRow[] {
  return Array.from({ length: count }, (_, i) => ({
    aor: aorOf(i),
    contact: `sip:c${i}@cluster.test`,
    registrar,
    expiry: expirySec,
    cluster_shtag: tagOf(i, tags),
  }));
}

/** The node's configuration file, as YAML. */
export function nodeConfigYaml(node: NodePlan, tables: ClusterTables, timing: ClusterTiming): string {
  const config = {
    hash_size: timing.hashSize,
    timer_interval: timing.timerIntervalSec,
    reregister_expiry_percentage: timing.refreshPercent,
    startup_spread: timing.startupSpreadSec,
    enable_clustering: 1,
    persist_state: 1,
    db_url: node.dbUrl,
    table_name: tables.table_name,
    dialog_state_table: tables.dialog_state_table,
    // A database cut must not end the process at start-up retries: the test restores it.
    db_connect: { attempts: 20, initial_delay_ms: 200, max_delay_ms: 1000 },
    listen: [`udp:${node.host}:${node.port}`],
    log: { level: "warn", format: "json" },
    mi: { host: "127.0.0.1", port: node.miPort },
    cluster: {
      node: node.name,
      lease_ttl: timing.leaseTtlSec,
      renew_interval: timing.renewIntervalSec,
      safety_margin_ms: timing.safetyMarginMs,
      lease_table: tables.lease_table,
      node_table: tables.node_table,
    },
  };
  return `# ${node.name} of a cluster test (interop/harness/cluster-config.ts)\n${stringify(config)}`;
}
