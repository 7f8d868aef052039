/**
 * The client half of the management interface: one JSON-RPC 2.0 call over HTTP, and the
 * command-line forms of its params (the admin guide's positional form, or `name=value` pairs).
 * `uacreg mi` (cli/mi-command.ts) prints what this returns.
 */
import { UacregError } from "../errors.js";
import type { MiErrorObject } from "./errors.js";
import { MI_DEFAULTS, type MiServerOptions } from "./http-server.js";

export const DEFAULT_MI_URL = `http://${MI_DEFAULTS.host}:${MI_DEFAULTS.port}${MI_DEFAULTS.path}`;

/**
 * The URL a client uses to reach a server started with these options: unset `host`, `port` and
 * `path` default to MI_DEFAULTS (127.0.0.1:8888/mi), and a wildcard listening address (0.0.0.0, ::)
 * is reached on this machine's loopback.
 */
export function miUrlOf(options: MiServerOptions): string {
  const listen = options.host ?? MI_DEFAULTS.host;
  const host = listen === "0.0.0.0" ? "127.0.0.1" : listen === "::" || listen === "[::]" ? "[::1]" : listen.includes(":") && !listen.startsWith("[") ? `[${listen}]` : listen;
  return `http://${host}:${options.port ?? MI_DEFAULTS.port}${options.path ?? MI_DEFAULTS.path}`;
}

export type MiCallResult = { readonly kind: "result"; readonly result: unknown } | { readonly kind: "error"; readonly error: MiErrorObject };

/** The server could not be reached, or answered something that is no JSON-RPC response. */
export class MiClientError extends UacregError {
  constructor(message: string) {
    super("mi_unreachable", "remote", message);
  }
}

export interface MiCallOptions {
  readonly url: string;
  readonly token?: string | null;
  /** Milliseconds to wait for the answer; default 30 s (a reload of a big table takes a while). */
  readonly timeoutMs?: number;
}

const NAMED_ARG = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/**
 * Command-line args as params: all `name=value` gives named params, anything else positional
 * strings in order (the MI converts numeric strings for int params). No args, no params.
 */
export function paramsFromArgs(args: readonly string[]): readonly string[] | Readonly<Record<string, string>> | undefined {
  if (args.length === 0) return undefined;
  const pairs = args.map((arg) => NAMED_ARG.exec(arg));
  if (pairs.every((pair) => pair !== null)) return Object.fromEntries(pairs.map((pair) => [pair![1]!, pair![2]!]));
  return args;
}

/**
 * Calls one MI command over HTTP (with `options.token` as a Bearer token, if set; the answer is
 * waited for `options.timeoutMs`, default 30000 ms). A JSON-RPC error is a returned result; rejects
 * with MiClientError when the server cannot be reached, refuses the token, answers another HTTP
 * status, or answers something that is no JSON-RPC response.
 */
export async function callMi(method: string, params: unknown, options: MiCallOptions): Promise<MiCallResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.token != null && options.token !== "") headers.Authorization = `Bearer ${options.token}`;
  const body = JSON.stringify({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }), id: 1 });
  let response: Response;
  try {
    response = await fetch(options.url, { method: "POST", headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    throw new MiClientError(`cannot reach ${options.url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  const text = await response.text();
  if (response.status === 401) throw new MiClientError(`${options.url} refused the request (401): a valid --token is needed`);
  if (response.status !== 200) throw new MiClientError(`${options.url} answered HTTP ${response.status}: ${text.trim().slice(0, 200)}`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new MiClientError(`${options.url} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof answer === "object" && answer !== null && "error" in answer) return { kind: "error", error: (answer as { error: MiErrorObject }).error };
  if (typeof answer === "object" && answer !== null && "result" in answer) return { kind: "result", result: (answer as { result: unknown }).result };
  throw new MiClientError(`${options.url} answered JSON that is no JSON-RPC response: ${text.slice(0, 200)}`);
}
