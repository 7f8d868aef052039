/**
 * One HTTP(S) POST of a JSON body to a fixed target, with the timeout kept on the injected Clock
 * (so that tests on a fake clock decide when a silent receiver has timed out). Never rejects: the
 * outcome says what happened.
 */
import http, { type ClientRequest, type RequestOptions } from "node:http";
import https from "node:https";
import { urlToHttpOptions } from "node:url";
import type { Clock } from "../clock.js";

export type PostOutcome =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "error"; readonly reason: string }
  | { readonly kind: "timeout" };

/**
 * Idle connections are closed after this long, before a receiver's own keep-alive timeout (5 s in
 * Node's HTTP server, the usual default elsewhere) can close one under a POST being sent on it.
 */
const IDLE_CONNECTION_MS = 4_000;

/**
 * Where a sink POSTs: the URL taken apart and the headers merged once, and one agent that keeps
 * its one connection open between POSTs (a sink sends one request at a time): a new TCP
 * connection per POST would cost the engine a handshake and more wake-ups each time.
 */
export class PostTarget {
  readonly #options: RequestOptions;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #agent: http.Agent;
  readonly #https: boolean;

  constructor(url: URL, headers: Readonly<Record<string, string>>) {
    this.#https = url.protocol === "https:";
    const agentOptions = { keepAlive: true, maxSockets: 1, timeout: IDLE_CONNECTION_MS };
    this.#agent = this.#https ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#options = { ...urlToHttpOptions(url), method: "POST", agent: this.#agent };
    this.#headers = { "Content-Type": "application/json", ...headers };
  }

  /** POSTs `body`; resolves with what came back, or a timeout after `timeoutMs` on `clock`. */
  post(body: string, timeoutMs: number, clock: Clock): Promise<PostOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: PostOutcome): void => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        resolve(outcome);
      };
      // Looked up on the module object at call time, not bound at import: HTTP mocking (nock) and
      // instrumentation patch these functions on the module.
      const send = this.#https ? https.request : http.request;
      let req: ClientRequest;
      const timer = clock.setTimeout(() => {
        finish({ kind: "timeout" });
        req.destroy();
      }, timeoutMs);
      req = send({ ...this.#options, headers: { ...this.#headers, "Content-Length": String(Buffer.byteLength(body)) } }, (response) => {
        response.resume();
        response.on("end", () => finish({ kind: "status", status: response.statusCode ?? 0 }));
        response.on("error", (error) => finish({ kind: "error", reason: error.message }));
      });
      req.on("error", (error: NodeJS.ErrnoException) => finish({ kind: "error", reason: error.code ?? error.message }));
      req.end(body);
    });
  }

  /** Closes the kept connection (and a request still on it). */
  close(): void {
    this.#agent.destroy();
  }
}
