/**
 * From what the user typed after `uacreg simulate` to `SimulatorOptions`: every check that can
 * fail on user input happens here, and each failure names the option and the reason, so the
 * command can print it and exit non-zero before any socket is bound.
 */
import { readFile } from "node:fs/promises";
import { errorMessage, parseSocketName, TransportError, UacregError, type SocketName } from "../engine/index.js";
import {
  loadScriptFile,
  loadSimulatorConfig,
  loadUsersFile,
  SimulatorError,
  WARM_UP_REGISTRATIONS,
  WORKERS_MAX,
  type AorMatching,
  type CompiledScript,
  type SimulatorConfig,
  type SimulatorOptions,
  type UserTable,
} from "../simulator/index.js";

/** The options as commander hands them over: strings, a repeated `--listen` as a list. */
export interface SimulateArgs {
  readonly listen?: readonly string[];
  readonly users?: string;
  readonly script?: string;
  readonly realm?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly transcript?: string;
  readonly defaultExpires?: string;
  readonly minExpires?: string;
  readonly maxExpires?: string;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly transcriptFile?: string;
  readonly transcriptFileMb?: string;
  readonly http?: string;
  readonly aorMatch?: string;
  readonly config?: string;
  /** commander's `--no-warm-up`: false when given. */
  readonly warmUp?: boolean;
  readonly workers?: string;
}

/** One registrar to start: its name (null for the one the command line describes) and options. */
export interface SimulatePlan {
  readonly name: string | null;
  readonly options: ParsedSimulateOptions;
}

/** Options that describe one registrar; with --config each registrar says them in the file instead. */
const PER_REGISTRAR = ["listen", "users", "script", "realm", "tlsCert", "tlsKey", "defaultExpires", "minExpires", "maxExpires", "transcriptFile", "transcriptFileMb", "http", "aorMatch", "workers"] as const;

/**
 * The registrars to start: the one the command line describes, or every one of `--config`, each
 * checked as its command-line twin would be. Throws `CliOptionError`; with --config it names the
 * registrar and the field.
 */
export async function readSimulatePlans(args: SimulateArgs): Promise<SimulatePlan[]> {
  if (args.config === undefined) return [{ name: null, options: await readSimulateOptions(args) }];
  const clash = PER_REGISTRAR.find((key) => args[key] !== undefined && !(key === "listen" && args.listen?.length === 0));
  if (clash !== undefined) throw new CliOptionError("--config", `the config file describes each registrar; --${clash.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} cannot be given with it`);
  let config: SimulatorConfig;
  try {
    config = await loadSimulatorConfig(args.config);
  } catch (error) {
    if (error instanceof SimulatorError) throw new CliOptionError("--config", `${args.config} is not a valid simulator config:\n  ${error.message.split("\n").join("\n  ")}`, { cause: error });
    throw new CliOptionError("--config", `cannot read ${args.config}: ${systemReason(error)}`, { cause: error });
  }
  const plans: SimulatePlan[] = [];
  for (const [index, registrar] of config.registrars.entries()) {
    const own: SimulateArgs = {
      listen: registrar.listen,
      ...(registrar.users === undefined ? {} : { users: registrar.users }),
      ...(registrar.script === undefined ? {} : { script: registrar.script }),
      ...(registrar.realm === undefined ? {} : { realm: registrar.realm }),
      ...(registrar.tlsCert === undefined ? {} : { tlsCert: registrar.tlsCert }),
      ...(registrar.tlsKey === undefined ? {} : { tlsKey: registrar.tlsKey }),
      ...(registrar.defaultExpiresSec === undefined ? {} : { defaultExpires: String(registrar.defaultExpiresSec) }),
      ...(registrar.minExpiresSec === undefined ? {} : { minExpires: String(registrar.minExpiresSec) }),
      ...(registrar.maxExpiresSec === undefined ? {} : { maxExpires: String(registrar.maxExpiresSec) }),
      ...(registrar.aorMatching === undefined ? {} : { aorMatch: registrar.aorMatching }),
      ...(registrar.transcriptFile === undefined ? {} : { transcriptFile: registrar.transcriptFile }),
      ...(registrar.http === undefined ? {} : { http: registrar.http }),
      ...(args.transcript === undefined ? {} : { transcript: args.transcript }),
      ...(args.quiet === undefined ? {} : { quiet: args.quiet }),
      ...(args.verbose === undefined ? {} : { verbose: args.verbose }),
      ...(args.warmUp === undefined ? {} : { warmUp: args.warmUp }),
    };
    try {
      plans.push({ name: registrar.name, options: await readSimulateOptions(own) });
    } catch (error) {
      if (!(error instanceof CliOptionError)) throw error;
      throw new CliOptionError("--config", `${args.config} registrar ${index} (${registrar.name}): ${error.message}`, { cause: error });
    }
  }
  return plans;
}

/** The realm used when neither `--realm` nor a users file names one. */
export const FALLBACK_REALM = "example.org";

/** Transcript rings beyond this would hold the whole run in memory, which is what the ring avoids. */
const TRANSCRIPT_CAPACITY_MAX = 1_000_000;

export class CliOptionError extends UacregError {
  readonly option: string;

  constructor(option: string, reason: string, options?: { cause?: unknown }) {
    super("cli_option_invalid", "local", `${option}: ${reason}`, options);
    this.option = option;
  }
}

/** Everything of `SimulatorOptions` that comes from the command line (not clock, random, printer). */
export type ParsedSimulateOptions = Omit<SimulatorOptions, "print" | "clock" | "random" | "logger"> & {
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Worker threads the AORs are shared out to; 1 runs the registrar on the main thread. */
  readonly workers: number;
};

/** Default size of the transcript file before it is rotated, in MiB. */
export const TRANSCRIPT_FILE_MB_DEFAULT = 64;

/** Throws `CliOptionError` for the first option that cannot work. */
export async function readSimulateOptions(args: SimulateArgs): Promise<ParsedSimulateOptions> {
  const listen = (args.listen ?? []).map(readSocket);
  if (listen.length === 0) throw new CliOptionError("--listen", "at least one socket is required, e.g. --listen udp:127.0.0.1:5060");
  const tls = listen.some((socket) => socket.protocol === "tls") ? await readTls(args) : undefined;
  // Users before any [realm] line (a plain `user:password` list) belong to the realm challenged.
  const users = args.users === undefined ? undefined : await readUsers(args.users, args.realm ?? FALLBACK_REALM);
  const script = args.script === undefined ? undefined : await readScript(args.script);
  const realm = chooseRealm(args.realm, users);
  const defaultExpiresSec = readSeconds("--default-expires", args.defaultExpires);
  const minExpiresSec = readSeconds("--min-expires", args.minExpires);
  const maxExpiresSec = readSeconds("--max-expires", args.maxExpires);
  if (minExpiresSec !== undefined && maxExpiresSec !== undefined && minExpiresSec > maxExpiresSec) {
    throw new CliOptionError("--min-expires", `${minExpiresSec} is above --max-expires ${maxExpiresSec}`);
  }
  if (minExpiresSec !== undefined && defaultExpiresSec !== undefined && defaultExpiresSec < minExpiresSec) {
    throw new CliOptionError("--default-expires", `${defaultExpiresSec} is below --min-expires ${minExpiresSec}, so a REGISTER without expires could never succeed`);
  }
  const transcriptCapacity = readWhole("--transcript", args.transcript, 0, TRANSCRIPT_CAPACITY_MAX);
  const transcriptFileMb = readWhole("--transcript-file-mb", args.transcriptFileMb, 1, 1_000_000) ?? TRANSCRIPT_FILE_MB_DEFAULT;
  if (args.transcriptFileMb !== undefined && args.transcriptFile === undefined) throw new CliOptionError("--transcript-file-mb", "applies to --transcript-file, which is not given");
  const transcriptFile = args.transcriptFile === undefined ? undefined : { path: args.transcriptFile, maxBytes: transcriptFileMb * 1024 * 1024 };
  const http = args.http === undefined ? undefined : readHttp(args.http);
  const aorMatching = readAorMatching(args.aorMatch);
  const workers = readWhole("--workers", args.workers, 1, WORKERS_MAX) ?? 1;
  return {
    workers,
    listen,
    realm,
    ...(args.warmUp === false ? {} : { warmUpRegistrations: WARM_UP_REGISTRATIONS }),
    quiet: args.quiet === true,
    verbose: args.verbose === true,
    ...(transcriptFile === undefined ? {} : { transcriptFile }),
    ...(http === undefined ? {} : { http }),
    ...(aorMatching === undefined ? {} : { aorMatching }),
    ...(users === undefined ? {} : { users }),
    ...(script === undefined ? {} : { script }),
    ...(tls === undefined ? {} : { tls }),
    ...(defaultExpiresSec === undefined ? {} : { defaultExpiresSec }),
    ...(minExpiresSec === undefined ? {} : { minExpiresSec }),
    ...(maxExpiresSec === undefined ? {} : { maxExpiresSec }),
    ...(transcriptCapacity === undefined ? {} : { transcriptCapacity }),
  };
}

/**
 * `127.0.0.1:8080` or `[::1]:8080`. The host is never implied: the view is read-only but shows
 * every AOR and contact, so whoever opens it to more than loopback writes that address out.
 */
function readHttp(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d+)$/.exec(text.trim());
  if (match === null) throw new CliOptionError("--http", `"${text}" is not host:port (e.g. 127.0.0.1:8080)`);
  const host = match[1] ?? match[2] ?? "";
  const port = Number(match[3]);
  if (port > 65535) throw new CliOptionError("--http", `port ${port} is above 65535`);
  return { host, port };
}

function readAorMatching(text: string | undefined): AorMatching | undefined {
  if (text === undefined) return undefined;
  if (text === "registrar" || text === "strict") return text;
  throw new CliOptionError("--aor-match", `"${text}" is not registrar (user and host, as Kamailio's usrloc) or strict (RFC 3261: scheme, user, host, port)`);
}

function readSocket(text: string): SocketName {
  try {
    return parseSocketName(text);
  } catch (error) {
    if (error instanceof TransportError) throw new CliOptionError("--listen", error.message, { cause: error });
    throw error;
  }
}

async function readTls(args: SimulateArgs): Promise<{ cert: string; key: string }> {
  if (args.tlsCert === undefined) throw new CliOptionError("--tls-cert", "a tls: socket in --listen needs a certificate file (PEM)");
  if (args.tlsKey === undefined) throw new CliOptionError("--tls-key", "a tls: socket in --listen needs a private key file (PEM)");
  const cert = await readText("--tls-cert", args.tlsCert);
  const key = await readText("--tls-key", args.tlsKey);
  if (!cert.includes("-----BEGIN CERTIFICATE-----")) throw new CliOptionError("--tls-cert", `${args.tlsCert} holds no PEM certificate`);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new CliOptionError("--tls-key", `${args.tlsKey} holds no PEM private key`);
  return { cert, key };
}

async function readUsers(path: string, defaultRealm: string): Promise<UserTable> {
  try {
    return await loadUsersFile(path, defaultRealm);
  } catch (error) {
    if (error instanceof SimulatorError) throw new CliOptionError("--users", error.message, { cause: error });
    throw new CliOptionError("--users", `cannot read ${path}: ${systemReason(error)}`, { cause: error });
  }
}

async function readScript(path: string): Promise<CompiledScript> {
  try {
    return await loadScriptFile(path);
  } catch (error) {
    // A script error lists every problem, one per line; indenting them keeps them under the option.
    if (error instanceof SimulatorError) throw new CliOptionError("--script", `${path} is not a valid script:\n  ${error.message.split("\n").join("\n  ")}`, { cause: error });
    throw new CliOptionError("--script", `cannot read ${path}: ${systemReason(error)}`, { cause: error });
  }
}

async function readText(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new CliOptionError(option, `cannot read ${path}: ${systemReason(error)}`, { cause: error });
  }
}

/** The realm to challenge: `--realm` (which must have users, when there is a users file), else the file's first. */
function chooseRealm(realm: string | undefined, users: UserTable | undefined): string {
  const realms = users?.realms() ?? [];
  if (realm === undefined) return realms[0] ?? FALLBACK_REALM;
  if (realm.trim() === "" || /[\x00-\x1f"\\]/.test(realm)) throw new CliOptionError("--realm", `"${realm}" is empty or holds a quote, backslash or control character`);
  if (users !== undefined && !realms.includes(realm)) {
    throw new CliOptionError("--realm", `the users file has no [${realm}] section, so nobody could register (it has: ${realms.join(", ") || "none"})`);
  }
  return realm;
}

function readSeconds(option: string, text: string | undefined): number | undefined {
  return readWhole(option, text, 1, 0xffff_ffff);
}

function readWhole(option: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliOptionError(option, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new CliOptionError(option, `${value} is outside ${min} to ${max}`);
  return value;
}

/** "no such file or directory" rather than a stack: the user needs the reason, not our internals. */
function systemReason(error: unknown): string {
  if (error instanceof Error && "code" in error) {
    const code = String(error.code);
    if (code === "ENOENT") return "no such file";
    if (code === "EACCES") return "permission denied";
    if (code === "EISDIR") return "it is a directory";
    return code;
  }
  return errorMessage(error);
}
