/**
 * The resolved configuration as YAML, in the file's own key names, with every default filled in
 * and secrets masked: what `uacreg config check` prints. The password inside `db_url` is the one
 * secret a configuration holds today; sections added later mask theirs here.
 */
import { stringify } from "yaml";
import { maskDbUrl } from "../store/db-url.js";
import { formatSocketName } from "../transport/index.js";
import type { ResolvedConfig } from "./load.js";
import type { LabConfig } from "./types.js";

/** The YAML `uacreg config check` prints: every default filled in, the `db_url` password masked. */
export function showConfig(config: ResolvedConfig): string {
  const shown: LabConfig = {
    ...config.engine,
    enable_clustering: config.engine.enable_clustering === 0 ? 0 : 1,
    db_url: maskDbUrl(config.dbUrl),
    ...config.tableNames,
    persist_state: config.persistState ? 1 : 0,
    dialog_state_table: config.dialogStateTable,
    listen: config.listen.map((l) =>
      l.tls === null
        ? formatSocketName(l.socket)
        : {
            socket: formatSocketName(l.socket),
            certificate: l.tls.certificate,
            private_key: l.tls.privateKey,
            ...(l.tls.caList === null ? {} : { ca_list: l.tls.caList }),
          },
    ),
    ...(config.runLog === null ? {} : { run_log: config.runLog }),
    log: config.log,
    db_connect: {
      attempts: config.dbConnect.attempts,
      initial_delay_ms: config.dbConnect.initialDelayMs,
      max_delay_ms: config.dbConnect.maxDelayMs,
    },
    ...managementShown(config),
    ...clusterShown(config),
  };
  return stringify(shown);
}

function clusterShown(config: ResolvedConfig): Pick<LabConfig, "cluster"> {
  const cluster = config.cluster;
  if (cluster === null) return {};
  return {
    cluster: {
      node: cluster.node,
      lease_ttl: cluster.leaseTtlMs / 1000,
      renew_interval: cluster.renewIntervalMs / 1000,
      safety_margin_ms: cluster.safetyMarginMs,
      ...(cluster.tags === null ? {} : { tags: cluster.tags.map((tag) => `${tag.name}/${tag.clusterId}`) }),
      ...(cluster.preferred.size === 0 ? {} : { preferred: Object.fromEntries(cluster.preferred) }),
      lease_table: cluster.leaseTable,
      node_table: cluster.nodeTable,
    },
  };
}

// As long as the shortest token the server accepts, so that what `config check` prints still loads.
const MASK = "*".repeat(16);

/** The operating sections as written, the MI token and the webhooks' header values masked. */
function managementShown(config: ResolvedConfig): Pick<LabConfig, "mi" | "events"> {
  const { mi, events } = config.management;
  const sinks = (events.sinks ?? []).map((sink) =>
    sink.type === "jsonl"
      ? { type: sink.type, path: sink.path, ...(sink.name === undefined ? {} : { name: sink.name }), ...(sink.events === undefined ? {} : { events: [...sink.events] }) }
      : {
          type: sink.type,
          url: sink.url,
          ...(sink.name === undefined ? {} : { name: sink.name }),
          ...(sink.events === undefined ? {} : { events: [...sink.events] }),
          ...(sink.headers === undefined ? {} : { headers: Object.fromEntries(Object.keys(sink.headers).map((name) => [name, MASK])) }),
        },
  );
  return {
    ...(mi === null ? {} : { mi: { host: mi.host ?? "127.0.0.1", port: mi.port ?? 8888, path: mi.path ?? "/mi", ...(mi.token == null ? {} : { token: MASK }) } }),
    ...(sinks.length === 0 ? {} : { events: { ...(events.node === undefined ? {} : { node: events.node }), sinks } }),
  };
}
