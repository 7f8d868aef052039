/**
 * A small read-only HTTP view of a running simulator, so a test or a person can look while it
 * runs: `/bindings` (JSON), `/transcript` (JSON, or the ladder page for a browser or
 * `?format=html`), `/metrics` (Prometheus text from prom-client). Anything else is 404, any method
 * but GET and HEAD 405. It shows no secret: bindings and messages only (a digest response is a
 * hash the registrant sent in the clear).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry } from "prom-client";
import { renderLadderPage } from "./ladder-page.js";
import type { BindingView } from "./registrar.js";
import type { HandledRequest } from "./registrar-options.js";
import type { TranscriptFileLine } from "./transcript-file.js";

export interface HttpViewOptions {
  readonly host: string;
  /** 0 picks a free port (see `HttpView.port`). */
  readonly port: number;
  /** Live bindings of one AOR or of all (as `Registrar.bindings`); may throw or reject with RangeError for an AOR that does not parse. */
  readonly bindings: (aor?: string) => BindingView[] | Promise<BindingView[]>;
  /** Messages on the wire so far. */
  readonly counters: { readonly messagesIn: number; readonly messagesOut: number };
  /** Messages `/transcript` keeps (the last ones); at least 1. */
  readonly capacity: number;
}

export interface HttpView {
  readonly host: string;
  readonly port: number;
  /** Feeds the request counters; the simulator calls it for every request handled. */
  handled(handled: HandledRequest): void;
  /** Keeps a message for `/transcript` (the oldest goes past the capacity). */
  record(line: TranscriptFileLine): void;
  close(): Promise<void>;
}

export async function startHttpView(options: HttpViewOptions): Promise<HttpView> {
  const { bindings: bindingsOf, counters } = options;
  const kept: TranscriptFileLine[] = [];
  let dropped = 0;
  const registry = new Registry();
  const requests = new Counter({
    name: "uacreg_simulator_requests_total",
    help: "Requests handled (retransmissions not counted), by method and outcome (status code, unanswered, raw)",
    labelNames: ["method", "outcome"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "uacreg_simulator_bindings",
    help: "Live bindings (contacts) held",
    registers: [registry],
    async collect() {
      this.set((await bindingsOf()).length);
    },
  });
  new Gauge({
    name: "uacreg_simulator_aors",
    help: "AORs with at least one live binding",
    registers: [registry],
    async collect() {
      this.set(new Set((await bindingsOf()).map((binding) => binding.aor)).size);
    },
  });
  new Gauge({
    name: "uacreg_simulator_messages",
    help: "SIP messages seen on the wire, retransmissions included, by direction",
    labelNames: ["direction"] as const,
    registers: [registry],
    collect() {
      this.set({ direction: "in" }, counters.messagesIn);
      this.set({ direction: "out" }, counters.messagesOut);
    },
  });

  const server = createServer((request, response) => {
    void serve(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "text/plain; charset=utf-8", "read-only: GET only\n", { Allow: "GET, HEAD" });
      return;
    }
    const url = new URL(request.url ?? "/", "http://view");
    switch (url.pathname) {
      case "/bindings": {
        const aor = url.searchParams.get("aor");
        let bindings;
        try {
          bindings = await (aor === null ? bindingsOf() : bindingsOf(aor));
        } catch (error) {
          // Only a bad `aor` is the asker's fault; anything else (a stuck worker) is a 500.
          if (!(error instanceof RangeError)) throw error;
          send(response, 400, "text/plain; charset=utf-8", `aor: ${error.message}\n`);
          return;
        }
        send(response, 200, "application/json", JSON.stringify({ bindings }, null, 2));
        return;
      }
      case "/transcript": {
        const html = url.searchParams.get("format") === "html" || (url.searchParams.get("format") === null && (request.headers.accept ?? "").includes("text/html"));
        if (html) {
          const facts = [dropped > 0 ? `The last ${kept.length} messages; ${dropped} earlier ones were let go.` : "Every message since the start."];
          send(response, 200, "text/html; charset=utf-8", renderLadderPage(kept, { title: "uacreg simulate: transcript", facts }));
        } else send(response, 200, "application/json", JSON.stringify({ capacity: options.capacity, dropped, entries: kept }));
        return;
      }
      case "/metrics":
        send(response, 200, registry.contentType, await registry.metrics());
        return;
      case "/":
        send(response, 200, "text/html; charset=utf-8", INDEX);
        return;
      default:
        send(response, 404, "text/plain; charset=utf-8", "not found: try /bindings, /transcript or /metrics\n");
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    host: options.host,
    port: address.port,
    record(line) {
      kept.push(line);
      // A shift per message is cheap next to parsing it, and keeps the entries in order for readers.
      if (kept.length > options.capacity) {
        kept.shift();
        dropped++;
      }
    },
    handled: (handled) => requests.inc({ method: handled.method, outcome: handled.status === null ? handled.outcome : String(handled.status) }),
    close: () => closeServer(server),
  };
}

const INDEX = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uacreg simulate</title></head><body>
<h1>uacreg simulate</h1><ul><li><a href="/bindings">/bindings</a> (JSON)</li><li><a href="/transcript?format=html">/transcript</a> (ladder; JSON without a browser)</li><li><a href="/metrics">/metrics</a> (Prometheus)</li></ul></body></html>
`;

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
  response.end(response.req.method === "HEAD" ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
