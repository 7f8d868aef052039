/**
 * One HTTP(S) POST of a JSON body, with the timeout kept on the injected Clock (so that tests
 * on a fake clock decide when a silent receiver has timed out). Never rejects: the outcome says
 * what happened.
 */
import http, { type ClientRequest } from "node:http";
import https from "node:https";
import type { Clock } from "../clock.js";

export type PostOutcome =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "error"; readonly reason: string }
  | { readonly kind: "timeout" };

export function postJson(url: URL, body: string, headers: Readonly<Record<string, string>>, timeoutMs: number, clock: Clock): Promise<PostOutcome> {
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
    const send = url.protocol === "https:" ? https.request : http.request;
    let req: ClientRequest;
    const timer = clock.setTimeout(() => {
      finish({ kind: "timeout" });
      req.destroy();
    }, timeoutMs);
    req = send(url, { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), ...headers } }, (response) => {
      response.resume();
      response.on("end", () => finish({ kind: "status", status: response.statusCode ?? 0 }));
      response.on("error", (error) => finish({ kind: "error", reason: error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => finish({ kind: "error", reason: error.code ?? error.message }));
    req.end(body);
  });
}
