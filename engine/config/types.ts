/**
 * The lab configuration of `uacreg run`, as written in YAML: the source of `config.schema.json`
 * (run `npm run schema:config` after changing it; a test fails while the two differ). Every doc
 * comment here becomes the schema's description of that key, so it is written for the person
 * editing the file.
 *
 * The module parameters sit at the top level under their OpenSIPS names (`modparam("uac_registrant",
 * "hash_size", 2)` becomes `hash_size: 2`). Everything that is ours is a named section (`listen`,
 * `run_log`, `log`), so later features (management interface, events, metrics, cluster) each add
 * one more optional section without reshaping what exists.
 *
 * Any string value may reference an environment variable as `${NAME}` (for secrets such as the
 * database password); a variable that is not set is an error that names it.
 */

/** A whole number. @TJS-type integer */
export type Integer = number;

/** 0 (off) or 1 (on). @TJS-type integer @minimum 0 @maximum 1 */
export type Flag = number;

/** A socket to listen on, `proto:host:port` with an IP address (`udp:127.0.0.1:5060`, `tcp:[::1]:5060`). */
export type SocketText = string;

/** A TLS listener and the files it needs. */
export interface TlsListen {
  /** `tls:host:port`. */
  socket: SocketText;
  /** PEM certificate file this socket presents (OpenSIPS tls_mgm `certificate`). */
  certificate: string;
  /** PEM private key file of that certificate (OpenSIPS tls_mgm `private_key`). */
  private_key: string;
  /** PEM file of the authorities trusted when connecting to a registrar over TLS (OpenSIPS tls_mgm `ca_list`); default: the system's. */
  ca_list?: string;
}

/** A `udp:`/`tcp:` socket as text, or a `tls:` one with its certificate and key. */
export type ListenEntry = SocketText | TlsListen;

/** How the service logs (pino). */
export interface LogSection {
  /** The lowest level written. Default `info`. */
  level?: "debug" | "info" | "warn" | "error";
  /** `json`: one JSON object per line; `pretty`: one readable line each; `auto` (default): pretty in a terminal, else JSON. */
  format?: "auto" | "json" | "pretty";
}

/** What `uacreg run` does when the database does not answer at start-up. */
export interface DbConnectSection {
  /** Attempts before start-up fails. Default 5. @minimum 1 */
  attempts?: Integer;
  /** Wait before the second attempt, in milliseconds; doubled after each failure. Default 500. @minimum 0 */
  initial_delay_ms?: Integer;
  /** Longest wait between two attempts, in milliseconds. Default 10000. @minimum 0 */
  max_delay_ms?: Integer;
}

/**
 * The management server: JSON-RPC 2.0 over HTTP as OpenSIPS's mi_http (`uacreg mi`), with
 * `/metrics` and the status page `/` on the same server. Present: the server runs.
 */
export interface MiSection {
  /** `false` keeps the server off while the section stays in the file. Default true. */
  enabled?: boolean;
  /** Address to listen on. Default 127.0.0.1; any address that is not loopback needs `token`. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8888. @minimum 0 @maximum 65535 */
  port?: Integer;
  /** Where JSON-RPC is served. Default `/mi`. */
  path?: string;
  /** Bearer token every request must carry (`Authorization: Bearer ...`); write it as `${MI_TOKEN}`. At least 16 characters. */
  token?: string;
  /** Largest request body accepted, in bytes. Default 1048576. @minimum 1 */
  max_body_bytes?: Integer;
}

/** An HTTP receiver of the E_REGISTRANT_* events, a JSON array per POST (or, with batch_size 1, one JSON object each). */
export interface WebhookSinkSection {
  type: "webhook";
  /** Names the sink in metrics and logs. Default `webhook-<n>`. */
  name?: string;
  /** `http:` or `https:` URL. */
  url: string;
  /** Only these events. Default all nine. */
  events?: string[];
  /** Events per POST (a JSON array); 1 posts each event as one JSON object. Default 500. @minimum 1 */
  batch_size?: Integer;
  /** Milliseconds a POST short of batch_size waits for more events; 0 sends what waited at once. Default 200. @minimum 0 */
  linger_ms?: Integer;
  /** Events waiting at most; past it the oldest is dropped and counted. Default 10000. @minimum 1 */
  queue_size?: Integer;
  /** Per request, in milliseconds. Default 5000. @minimum 1 */
  timeout_ms?: Integer;
  /** First retry delay in milliseconds, doubled per attempt, with jitter. Default 500. @minimum 1 */
  retry_base_ms?: Integer;
  /** Longest retry delay in milliseconds. Default 30000. @minimum 1 */
  retry_max_ms?: Integer;
  /** Extra request headers, for example an Authorization for the receiver (`${HOOK_TOKEN}`); masked by `config check`. */
  headers?: { [name: string]: string };
}

/** The E_REGISTRANT_* events as JSON lines, to a file (appended) or to stdout (`-`). */
export interface JsonLinesSinkSection {
  type: "jsonl";
  /** Names the sink in metrics and logs. Default `jsonl-<n>`. */
  name?: string;
  /** A file, or `-` for stdout. */
  path: string;
  /** Only these events. Default all nine. */
  events?: string[];
}

/** Where the nine E_REGISTRANT_* events go (spec §10), each with a timestamp and the node name. */
export interface EventsSection {
  /** The node name events carry. Default the host name. */
  node?: string;
  sinks?: (WebhookSinkSection | JsonLinesSinkSection)[];
}

/** Prometheus metrics at `GET /metrics` of the management server. */
export interface MetricsSection {
  /** Default true (when the `mi` section runs the server). */
  enabled?: boolean;
  /** Node's process metrics too. Default true. */
  process_metrics?: boolean;
  /** Upper bounds of the transaction round-trip histogram, in seconds. */
  rtt_buckets?: number[];
}

/** The live status page at `GET /` of the management server. */
export interface StatusPageSection {
  /** Default true (when the `mi` section runs the server). */
  enabled?: boolean;
  /** Run-log entries kept in memory for the page's timeline. Default 50000. @minimum 1 */
  ring_entries?: Integer;
  /** The default window, in seconds back from now. Default 3600. @minimum 1 */
  window_sec?: Integer;
  /** Most lanes drawn. Default 50. @minimum 1 */
  max_lanes?: Integer;
  /** Most records listed under a search. Default 100. @minimum 1 */
  max_rows?: Integer;
}

/**
 * Sharing tags held as leases on the shared database (`db_url` must be PostgreSQL or MySQL/MariaDB),
 * moved between nodes by themselves: docs/cluster-guide.md. Used with `enable_clustering: 1`.
 */
export interface ClusterSection {
  /** This node's name, unique in the cluster (letters, digits, `.`, `_`, `-`; at most 64). */
  node: string;
  /** Seconds a lease lasts without renewal, on the database's clock. Default 10. @minimum 1 */
  lease_ttl?: Integer;
  /** Seconds between two renewals (and heartbeats); less than lease_ttl. Default 2. @minimum 1 */
  renew_interval?: Integer;
  /** Milliseconds this node stops sending before its lease could expire elsewhere. Default 1000. @minimum 0 */
  safety_margin_ms?: Integer;
  /** The tags shared, as `name/cluster_id`. Default: every tag the registrant rows name. */
  tags?: string[];
  /** A node that takes a tag whenever it is alive, by tag (`name/cluster_id`: node). */
  preferred?: { [tag: string]: string };
  /** The lease table (created if missing). Default `uacreg_lease`. */
  lease_table?: string;
  /** The heartbeat table (created if missing). Default `uacreg_node`. */
  node_table?: string;
}

/** `uacreg run --config FILE`: the uac_registrant module parameters with OpenSIPS names, plus our sections. */
export interface LabConfig {
  /** Buckets: 2^hash_size (1..20). Default 1 (2 buckets). */
  hash_size?: Integer;
  /** Seconds for one round of bucket visits; at least 2^hash_size. Default 100. */
  timer_interval?: Integer;
  /** Expiry of a row whose expiry column is NULL (our D2); at least 15. Default 3600. */
  default_expires?: Integer;
  /** Seconds before a failed record is retried; 0 uses the expiry percentage. Default 0. */
  failure_retry_interval?: Integer;
  /** Refresh at this percentage of the granted expiry (1..100). Default 100. */
  reregister_expiry_percentage?: Integer;
  /** 1 turns on sharing tags (cluster_shtag column). Default 0. */
  enable_clustering?: 0 | 1;
  /** 1 (default): drop a reply whose Call-ID, From tag, CSeq number or top Via sent-by is not the REGISTER's (D28). */
  drop_foreign_replies?: Flag;
  /** 1: a Retry-After on a 404, 413, 480, 486, 500, 503, 600 or 603 sets the retry time (D29). Default 0. */
  honour_retry_after?: Flag;
  /** The longest Retry-After obeyed, in seconds (D29). Default 3600. */
  retry_after_max?: Integer;
  /** 1: consecutive failures back off, min(retry_max, retry_base * 2^k) less a random jitter (D30). Default 0. */
  retry_backoff?: Flag;
  /** Seconds: the first back-off wait (D30). Default 30. */
  retry_base?: Integer;
  /** Seconds: the longest back-off wait, at least retry_base (D30). Default 1800. */
  retry_max?: Integer;
  /** After WRONG_CREDENTIALS or a 403: 0 as any failure, N wait N seconds, -1 hold until an operator acts (D31). Default 0. */
  auth_failure_retry_interval?: Integer;
  /** The same after a 3xx, 404, 410, 484 or 6xx (D31). Default 0. */
  rejected_retry_interval?: Integer;
  /** Seconds: a refresh never goes out sooner than this after the 2xx that granted the binding (D32). Default 0. */
  min_refresh_interval?: Integer;
  /** Seconds: a record's first REGISTER leaves at a random moment within this time after its visit (D33). Default 0. */
  startup_spread?: Integer;
  /** New REGISTER transactions per second for the whole engine; 0 no limit (D33). Default 0. */
  register_rate_limit?: Integer;
  /** N failures in a row from one next hop open its circuit: its records hold back, one probe per interval; 0 off (D34). Default 0. */
  registrar_circuit?: Integer;
  /** Seconds between probes of an open circuit (D34). Default 60. */
  registrar_circuit_probe_interval?: Integer;
  /** 1: the Via's received/rport of a 2xx, when they differ from the Contact, go into the next REGISTER's Contact (D35). Default 0. */
  learn_received?: Flag;
  /** 1: a timeout, transport error or 503 sends the REGISTER on to the next target DNS gave (SRV priority and weight); the record keeps to the target that answered until it fails (D36). Default 0. */
  dns_failover?: Flag;
  /** Seconds: the longest a dead TCP/TLS connection the registrant opened goes unnoticed (a CRLF ping after keepalive_interval - keepalive_timeout of quiet); a dead one re-registers its records at once; 0 off (D37). Default 0. */
  keepalive_interval?: Integer;
  /** Seconds after a ping with no answer that a connection counts as dead; part of keepalive_interval, so below it (D37). Default 10. */
  keepalive_timeout?: Integer;
  /**
   * Where the registrant table is: `sqlite:PATH` (default `sqlite:./uacreg.db`),
   * `postgres://user:password@host:port/db` or `mysql://user:password@host:port/db`.
   * Write the password as `${DB_PASSWORD}` to keep it out of the file.
   */
  db_url?: string;
  /** The registrant table. Default `registrant`. */
  table_name?: string;
  /**
   * 1: each record's registration dialog (Call-ID, From tag, last CSeq, granted expiry, when the
   * binding runs out; never a password) is saved in `dialog_state_table`, so that a restarted node
   * continues it: same Call-ID, next CSeq, a valid binding refreshed only when due (N11). On by
   * itself with `enable_clustering: 1` and a `cluster` section. Default 0: every record starts
   * NOT_REGISTERED with a new Call-ID, as in OpenSIPS.
   */
  persist_state?: Flag;
  /** The table the dialogs are saved in (persist_state), in the database of db_url; created when missing. Default `uacreg_dialog_state`. */
  dialog_state_table?: string;
  /** Default `registrar`. */
  registrar_column?: string;
  /** Default `proxy`. */
  proxy_column?: string;
  /** Default `aor`. */
  aor_column?: string;
  /** Default `third_party_registrant`. */
  third_party_registrant_column?: string;
  /** Default `username`. */
  username_column?: string;
  /** Default `password`. */
  password_column?: string;
  /** Default `binding_URI`. */
  binding_URI_column?: string;
  /** Default `binding_params`. */
  binding_params_column?: string;
  /** Default `expiry`. */
  expiry_column?: string;
  /** Default `forced_socket`. */
  forced_socket_column?: string;
  /** Default `cluster_shtag`. */
  cluster_shtag_column?: string;
  /** Default `state`. */
  state_column?: string;
  /** Seconds a REGISTER transaction may take before it counts as a 408 (OpenSIPS TM fr_timeout). Default 30. @minimum 1 */
  transaction_timeout?: Integer;
  /** The User-Agent header of our requests. Default `uacreg/<version>`. */
  user_agent?: string;
  /**
   * The DNS servers to ask for NAPTR, SRV, A and AAAA (D36), comma-separated IP[:port]
   * (`127.0.0.1:5353`, `[::1]:53`); then neither /etc/resolv.conf nor /etc/hosts is read.
   * Default: the system's resolver.
   */
  dns_server?: string;
  /**
   * The sockets to send from and listen on; a row's forced_socket must name one of them.
   * @minItems 1
   */
  listen: ListenEntry[];
  /** A JSON-lines file the run log is appended to (`uacreg timeline` draws it). Default: no run log. */
  run_log?: string;
  log?: LogSection;
  db_connect?: DbConnectSection;
  mi?: MiSection;
  events?: EventsSection;
  metrics?: MetricsSection;
  status_page?: StatusPageSection;
  cluster?: ClusterSection;
}
