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

export function showConfig(config: ResolvedConfig): string {
  const shown: LabConfig = {
    ...config.engine,
    enable_clustering: config.engine.enable_clustering === 0 ? 0 : 1,
    db_url: maskDbUrl(config.dbUrl),
    ...config.tableNames,
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
  };
  return stringify(shown);
}
