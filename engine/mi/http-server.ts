/**
 * The management interface's HTTP server (node:http): JSON-RPC 2.0 at `POST /mi` (the path is
 * configurable, as OpenSIPS's mi_http root), and read-only pages (`GET /metrics`, the status
 * page `GET /`) that the composition root plugs in. Listens on 127.0.0.1 by default; any other
 * address needs a bearer token, and with a token every request must carry it (401 otherwise,
 * with a body that says nothing about the records). Request bodies are size-limited (413).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UacregError } from "../errors.js";
import type { Logger } from "../log.js";
import { silentLogger } from "../log.js";
import { bearerMatches, isLoopback } from "./bearer.js";
import type { MiDispatcher } from "./json-rpc.js";

/** The `mi` section of the configuration. */
export interface MiServerOptions {
  /** Address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; default 8888 (mi_http's); 0 picks a free one. */
  readonly port?: number;
  /** Where JSON-RPC is served; default `/mi`. */
  readonly path?: string;
  /** Bearer token; required when `host` is not a loopback address. */
  readonly token?: string | null;
  /** Largest request body accepted, in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export const MI_DEFAULTS = { host: "127.0.0.1", port: 8888, path: "/mi", maxBodyBytes: 1024 * 1024 } as const;

/** What a page handler answers. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A read-only page by path (`/metrics`, `/`); it gets the request's URL (query included). */
export type HttpPage = (url: URL) => HttpAnswer | Promise<HttpAnswer>;

export interface MiServerParts {
  readonly dispatcher: MiDispatcher;
  readonly pages?: Readonly<Record<string, HttpPage>>;
  readonly logger?: Logger;
}

export interface MiServer {
  /** The JSON-RPC URL, e.g. `http://127.0.0.1:8888/mi`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A bad `mi` option: names it and says why. */
export class MiConfigError extends UacregError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super("mi_config_invalid", "local", `mi.${option}: ${reason}`);
  }
}

/**
 * The MI server options with defaults filled in (MI_DEFAULTS: 127.0.0.1, port 8888, path /mi, 1 MiB
 * bodies; token default none). Throws MiConfigError naming the option for a bad port, path, body
 * size or token, or for no token on an address that is not loopback.
 */
export function checkMiOptions(options: MiServerOptions): Required<Omit<MiServerOptions, "token">> & { token: string | null } {
  const host = options.host ?? MI_DEFAULTS.host;
  const port = options.port ?? MI_DEFAULTS.port;
  const path = options.path ?? MI_DEFAULTS.path;
  const maxBodyBytes = options.maxBodyBytes ?? MI_DEFAULTS.maxBodyBytes;
  const token = options.token ?? null;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MiConfigError("port", `must be a TCP port 0..65535, got ${JSON.stringify(port)}`);
  if (!/^\/[^?#\s]*$/.test(path)) throw new MiConfigError("path", `must start with / and hold no query, got ${JSON.stringify(path)}`);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new MiConfigError("maxBodyBytes", `must be a whole number of bytes from 1, got ${JSON.stringify(maxBodyBytes)}`);
  if (token !== null && !/^[\x21-\x7e]{16,}$/.test(token)) throw new MiConfigError("token", "must be at least 16 printable characters without spaces");
  if (token === null && !isLoopback(host)) throw new MiConfigError("token", `is required to listen on ${host}, which is not a loopback address`);
  return { host, port, path, maxBodyBytes, token };
}

/**
 * Serves the JSON-RPC MI at `options.path` and the read-only `parts.pages` (default none) over
 * HTTP, with the defaults of checkMiOptions; `parts.logger` defaults to silent. Rejects with
 * MiConfigError for a bad option, or with the socket's error when the address cannot be bound.
 */
export async function startMiServer(options: MiServerOptions, parts: MiServerParts): Promise<MiServer> {
  const checked = checkMiOptions(options);
  const logger = parts.logger ?? silentLogger;
  const pages = parts.pages ?? {};
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, "MI HTTP request failed");
      if (!response.headersSent) send(response, 500, "text/plain; charset=utf-8", "internal error\n");
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (checked.token !== null && !bearerMatches(request.headers.authorization, checked.token)) {
      response.setHeader("WWW-Authenticate", 'Bearer realm="uacreg"');
      send(response, 401, "text/plain; charset=utf-8", "unauthorized\n");
      request.resume();
      return;
    }
    const url = new URL(request.url ?? "/", "http://uacreg.invalid");
    if (url.pathname === checked.path) {
      if (request.method !== "POST") return refuseMethod(request, response, "POST");
      const body = await readBody(request, checked.maxBodyBytes);
      if (body === null) {
        send(response, 413, "text/plain; charset=utf-8", `request body over ${checked.maxBodyBytes} bytes\n`);
        return;
      }
      const answer = await parts.dispatcher.handle(body);
      if (answer === null) {
        response.writeHead(204).end();
        return;
      }
      send(response, 200, "application/json", JSON.stringify(answer));
      return;
    }
    const page = pages[url.pathname];
    if (page === undefined) {
      request.resume();
      send(response, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") return refuseMethod(request, response, "GET, HEAD");
    request.resume();
    const answer = await page(url);
    send(response, answer.status, answer.contentType, request.method === "HEAD" ? "" : answer.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(checked.port, checked.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = checked.host.includes(":") ? `[${checked.host}]` : checked.host;
  logger.info({ host: checked.host, port, path: checked.path, token: checked.token !== null }, "management interface listening");
  return {
    url: `http://${hostInUrl}:${port}${checked.path}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function refuseMethod(request: IncomingMessage, response: ServerResponse, allow: string): void {
  request.resume();
  response.setHeader("Allow", allow);
  send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  response.end(body);
}

/** The body as UTF-8 text, or null once it passes `limit` bytes (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > limit) {
    request.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!over) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    request.on("error", reject);
  });
}
