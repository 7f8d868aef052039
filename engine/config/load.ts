/**
 * Reading a lab configuration: YAML syntax, `${ENV}` references, the schema generated from
 * `types.ts`, then the checks a schema cannot make (socket names, module parameter ranges, the
 * db_url scheme). Each stage reports every problem it finds with the file, line, column, key
 * path and reason; a later stage runs only when the earlier one passed. The result has every
 * default filled in, so `config check` shows what `run` will use.
 */
import { readFile } from "node:fs/promises";
import { defaultUserAgent, MODULE_PARAM_DEFAULTS, ModuleParamError, validateModuleParams } from "../registrant/index.js";
import { DEFAULT_DB_URL, parseDbUrl } from "../store/db-url.js";
import { StoreError } from "../store/errors.js";
import { DEFAULT_DIALOG_STATE_TABLE } from "../store/sql-dialog-state-store.js";
import { DEFAULT_TABLE_NAMES, SQL_IDENTIFIER, TABLE_NAME_PARAMS, type TableNames } from "../store/table-names.js";
import { formatSocketName, parseDnsServers, parseSocketName, TransportError, type SocketName } from "../transport/index.js";
import { createSchemaCheck, readYaml, type PathProblem, type SourceProblem, type YamlSource } from "../yaml/index.js";
import schema from "./config.schema.json" with { type: "json" };
import { DEFAULT_TRANSACTION_TIMEOUT_SEC, UACREG_VERSION } from "../version.js";
import { substituteEnv } from "./env.js";
import { ConfigError } from "./errors.js";
import { clusterSection } from "./cluster-section.js";
import { managementSections, type ManagementSections } from "./management-sections.js";
import type { ClusterOptions } from "../cluster/index.js";
import type { LabConfig, ListenEntry, LogSection } from "./types.js";

const checkConfigSchema = createSchemaCheck<LabConfig>(schema);

/** A listener as `run` opens it. */
export interface Listener {
  readonly socket: SocketName;
  /** Files of a `tls:` socket. */
  readonly tls: { readonly certificate: string; readonly privateKey: string; readonly caList: string | null } | null;
}

/** The configuration with every default filled in. */
export interface ResolvedConfig {
  /** The file it came from (named in errors). */
  readonly source: string;
  /** The module parameters, `transaction_timeout` and `user_agent`, as createEngine takes them. */
  readonly engine: { readonly [K in keyof typeof MODULE_PARAM_DEFAULTS]: number } & {
    readonly transaction_timeout: number;
    readonly user_agent: string;
  };
  readonly dbUrl: string;
  /** `dns_server` (D36): the DNS servers to ask, or null for the system's resolver. */
  readonly dnsServers: readonly string[] | null;
  readonly tableNames: TableNames;
  /** N11, N12: dialogs are saved and continued (persist_state, or clustering with a `cluster` section). */
  readonly persistState: boolean;
  /** The dialog-state table. */
  readonly dialogStateTable: string;
  readonly listen: readonly Listener[];
  readonly runLog: string | null;
  readonly log: Required<LogSection>;
  readonly dbConnect: { readonly attempts: number; readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** The management server, event sinks, metrics and status page. */
  readonly management: ManagementSections;
  /** Sharing tags as leases on the shared database (`cluster` section), or null. */
  readonly cluster: ClusterOptions | null;
}

export interface LoadOptions {
  /** Where `${NAME}` is looked up; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads and checks a configuration file; `options.env` defaults to `process.env`. Rejects with
 * ConfigError, or the file system's error when the file cannot be read.
 */
export async function loadConfigFile(path: string, options: LoadOptions = {}): Promise<ResolvedConfig> {
  return parseConfig(await readFile(path, "utf8"), path, options);
}

/**
 * Parses a configuration's text; `sourceName` names it in errors, `options.env` (where `${NAME}` is
 * looked up) defaults to `process.env`. Throws ConfigError listing every problem.
 */
export function parseConfig(text: string, sourceName: string, options: LoadOptions = {}): ResolvedConfig {
  const yaml = readYaml(text, "a configuration");
  if (!yaml.ok) throw new ConfigError(sourceName, yaml.problems);
  const source = yaml.source;
  const substituted = substituteEnv(source.value ?? {}, options.env ?? process.env);
  if (substituted.problems.length > 0) throw new ConfigError(sourceName, placed(source, substituted.problems));
  const checked = checkConfigSchema(substituted.value);
  if (!checked.ok) throw new ConfigError(sourceName, placed(source, checked.problems));
  const problems: PathProblem[] = [];
  const resolved = resolve(checked.value, sourceName, problems);
  if (problems.length > 0) throw new ConfigError(sourceName, placed(source, problems));
  return resolved;
}

function resolve(config: LabConfig, source: string, problems: PathProblem[]): ResolvedConfig {
  const moduleParams = Object.fromEntries(
    (Object.keys(MODULE_PARAM_DEFAULTS) as (keyof typeof MODULE_PARAM_DEFAULTS)[]).map((name) => [name, config[name] ?? MODULE_PARAM_DEFAULTS[name]]),
  ) as { [K in keyof typeof MODULE_PARAM_DEFAULTS]: number };
  const engine = {
    ...moduleParams,
    transaction_timeout: config.transaction_timeout ?? DEFAULT_TRANSACTION_TIMEOUT_SEC,
    user_agent: config.user_agent ?? defaultUserAgent(UACREG_VERSION),
  };
  try {
    validateModuleParams(engine, UACREG_VERSION);
  } catch (error) {
    if (!(error instanceof ModuleParamError)) throw error;
    problems.push({ path: `/${error.param}`, reason: error.reason });
  }
  let dnsServers: string[] | null = null;
  if (config.dns_server !== undefined) {
    try {
      dnsServers = parseDnsServers(config.dns_server);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      problems.push({ path: "/dns_server", reason: error.message });
    }
  }
  const dbUrl = config.db_url ?? DEFAULT_DB_URL;
  let dbKind: string | null = null;
  try {
    dbKind = parseDbUrl(dbUrl).kind;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    problems.push({ path: "/db_url", reason: error.message.replace(/^db_url: /, "") });
  }
  const tableNames = { ...DEFAULT_TABLE_NAMES };
  for (const param of TABLE_NAME_PARAMS) {
    const name = config[param];
    if (name === undefined) continue;
    if (!SQL_IDENTIFIER.test(name)) problems.push({ path: `/${param}`, reason: `"${name}" is not a plain SQL name (letters, digits and _, not starting with a digit, at most 64)` });
    tableNames[param] = name;
  }
  const dialogStateTable = config.dialog_state_table ?? DEFAULT_DIALOG_STATE_TABLE;
  if (!SQL_IDENTIFIER.test(dialogStateTable)) {
    problems.push({ path: "/dialog_state_table", reason: `"${dialogStateTable}" is not a plain SQL name (letters, digits and _, not starting with a digit, at most 64)` });
  }
  const listen: Listener[] = [];
  const seen = new Map<string, number>();
  config.listen.forEach((entry, index) => {
    const l = listener(entry, index, problems);
    if (l === null) return;
    const name = formatSocketName(l.socket);
    const first = seen.get(name);
    if (first !== undefined) problems.push({ path: `/listen/${index}`, reason: `${name} is already listed at /listen/${first}` });
    else seen.set(name, index);
    listen.push(l);
  });
  return {
    source,
    engine,
    dbUrl,
    dnsServers,
    tableNames,
    persistState: config.persist_state === 1 || (config.enable_clustering === 1 && hasClusterSection(config)),
    dialogStateTable,
    listen,
    runLog: config.run_log ?? null,
    log: { level: config.log?.level ?? "info", format: config.log?.format ?? "auto" },
    management: managementSections(config, problems),
    cluster: clusterSection(config, dbKind, problems),
    dbConnect: {
      attempts: config.db_connect?.attempts ?? 5,
      initialDelayMs: config.db_connect?.initial_delay_ms ?? 500,
      maxDelayMs: config.db_connect?.max_delay_ms ?? 10_000,
    },
  };
}

/** The `cluster` section (sharing-tag leases) turns dialog persistence on with clustering: a takeover continues the dialogs (N12). */
function hasClusterSection(config: LabConfig): boolean {
  return "cluster" in config && config.cluster !== undefined;
}

function listener(entry: ListenEntry, index: number, problems: PathProblem[]): Listener | null {
  const text = typeof entry === "string" ? entry : entry.socket;
  const path = typeof entry === "string" ? `/listen/${index}` : `/listen/${index}/socket`;
  let socket: SocketName;
  try {
    socket = parseSocketName(text);
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    problems.push({ path, reason: error.message });
    return null;
  }
  if (typeof entry === "string") {
    if (socket.protocol === "tls") {
      problems.push({ path, reason: `a tls: socket needs its certificate: write it as { socket: ${text}, certificate: FILE, private_key: FILE }` });
      return null;
    }
    return { socket, tls: null };
  }
  if (socket.protocol !== "tls") {
    problems.push({ path, reason: `certificate and private_key are for tls: sockets; write a ${socket.protocol}: socket as plain text` });
    return null;
  }
  return { socket, tls: { certificate: entry.certificate, privateKey: entry.private_key, caList: entry.ca_list ?? null } };
}

function placed(source: YamlSource, problems: readonly PathProblem[]): SourceProblem[] {
  return problems.map((problem) => ({ ...problem, ...source.locate(problem.path) }));
}
