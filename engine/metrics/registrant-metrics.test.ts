/**
 * The metrics of a running engine, scraped over HTTP from `/metrics` of the management server and
 * read back with an independent parser of the Prometheus text format, plus a strict check of the
 * format line by line.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { createEventSinks } from "../events/index.js";
import { MiDispatcher, startMiServer } from "../mi/index.js";
import { seededRandom } from "../random.js";
import { harness, row } from "../../testkit/engine-harness.js";
import { outcomeLabel, RegistrantMetrics } from "./index.js";

interface Sample {
  readonly labels?: Record<string, string>;
  readonly value?: string;
  readonly buckets?: Record<string, string>;
  readonly count?: string;
  readonly sum?: string;
}
interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: Sample[];
}
const parsePrometheus = createRequire(import.meta.url)("parse-prometheus-text-format") as (text: string) => Family[];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))( -?\d+)?$/;

/** Prometheus text exposition format 0.0.4, strictly: every sample's family is TYPEd before it, names and values are well formed. */
function checkTextFormat(text: string): void {
  assert.ok(text.endsWith("\n"), "ends with a newline");
  const types = new Map<string, string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta !== null) {
      assert.match(meta[2]!, METRIC_NAME, line);
      if (meta[1] === "TYPE") {
        assert.ok(["counter", "gauge", "histogram", "summary", "untyped"].includes(meta[3]!), line);
        assert.ok(!types.has(meta[2]!), `TYPE given twice: ${line}`);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    assert.ok(sample !== null, `not a sample line: ${JSON.stringify(line)}`);
    const name = sample[1]!;
    const family = [name, name.replace(/_(bucket|sum|count|total|created)$/, "")].find((candidate) => types.has(candidate));
    assert.ok(family !== undefined, `sample before its TYPE: ${line}`);
  }
}

describe("metrics", () => {
  it("a scrape of /metrics parses, and counts what the engine did: records by state, transactions by outcome, RTT, retransmissions, events, MI calls, sinks, loads", async () => {
    const metrics = new RegistrantMetrics();
    const h = harness({ rows: [row("sip:alice@example.org"), row("sip:bob@example.org", { state: 1 }), row("sip:carol@example.org"), row("sip:eve@example.org", { expiry: 5 })], observer: metrics });
    const sinks = createEventSinks({ node: "n", sinks: [{ type: "jsonl", path: "/dev/null", name: "audit", events: ["E_REGISTRANT_REGISTER_TIMEOUT"] }] }, { clock: h.clock, random: seededRandom(5), logger: h.logger });
    h.engine.onEvent((event) => sinks.sinks.forEach((sink) => sink.emit(event)));
    metrics.watchEngine(h.engine);
    metrics.watchSinks([]);
    // carol's registrar never answers: Timer E retransmits, then the transaction times out.
    h.registrar.script = (incoming) => ((incoming.request.headers.find((hd) => hd.name === "From")?.value ?? "").includes("carol") ? "silent" : null);
    const mi = new MiDispatcher({ engine: h.engine, observer: metrics });
    const server = await startMiServer({ port: 0 }, { dispatcher: mi, pages: { "/metrics": async () => ({ status: 200, ...(await metrics.render()) }) } });
    try {
      await h.engine.start();
      await h.until(130);
      await mi.call("reg_list");
      await mi.call("reg_disable", ["sip:alice@example.org", "sip:alice@10.0.0.1:5060", "sip:example.org"]).catch(() => undefined);
      await mi.call("reg_enable", ["sip:nobody@example.org", "sip:nobody@10.0.0.1:5060", "sip:example.org"]).catch(() => undefined);
      await mi.call("no_such_command").catch(() => undefined);
      await h.until(140);
      const response = await fetch(server.url.replace(/\/mi$/, "/metrics"));
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      checkTextFormat(text);
      const families = new Map(parsePrometheus(text).map((family) => [family.name, family]));
      const value = (name: string, labels: Record<string, string> = {}): number => {
        const family = families.get(name);
        assert.ok(family !== undefined, `no ${name}`);
        const sample = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
        assert.ok(sample !== undefined, `no ${name} ${JSON.stringify(labels)}`);
        return Number(sample.value ?? sample.count);
      };
      for (const name of families.keys()) assert.ok(name.startsWith("uacreg_"), name);
      // eve's expiry 5 is rejected at load (D2); alice was disabled by MI; carol's REGISTER of second 50 timed out at 80.
      assert.equal(value("uacreg_records", { state: "NOT_REGISTERED_STATE", enabled: "no" }), 2, "alice (disabled by MI, unREGISTERed) and bob");
      assert.equal(value("uacreg_records", { state: "REGISTER_TIMEOUT_STATE", enabled: "yes" }), 1, "carol");
      assert.equal(value("uacreg_records", { state: "REGISTERED_STATE", enabled: "yes" }), 0);
      assert.equal(families.get("uacreg_records")!.metrics.length, 20, "10 states x enabled yes/no, zeros included");
      assert.equal(value("uacreg_transactions_total", { request: "register", outcome: "4xx" }), 1, "alice's challenge");
      assert.equal(value("uacreg_transactions_total", { request: "register", outcome: "2xx" }), 1);
      assert.equal(value("uacreg_transactions_total", { request: "register", outcome: "timeout" }), 1);
      assert.equal(value("uacreg_transactions_total", { request: "unregister", outcome: "2xx" }), 1, "alice's unREGISTER (challenged first)");
      // The parser keeps no labels of histogram samples: the counts are read from the text.
      assert.equal(families.get("uacreg_transaction_duration_seconds")?.type, "HISTOGRAM");
      assert.match(text, /^uacreg_transaction_duration_seconds_count\{request="register"\} 2$/m, "alice's 401 and 200");
      assert.match(text, /^uacreg_transaction_duration_seconds_count\{request="unregister"\} 2$/m, "her unREGISTER's 401 and 200");
      assert.ok(value("uacreg_retransmissions_total") >= 5, "Timer E for carol");
      assert.equal(value("uacreg_events_total", { event: "E_REGISTRANT_REGISTER_TIMEOUT" }), 1);
      assert.equal(value("uacreg_events_total", { event: "E_REGISTRANT_WRONG_CREDENTIALS" }), 0, "every event has a series from the start");
      assert.equal(value("uacreg_mi_requests_total", { command: "uac_registrant:list", result: "ok" }), 1);
      assert.equal(value("uacreg_mi_requests_total", { command: "uac_registrant:enable", result: "404" }), 1);
      assert.equal(value("uacreg_mi_requests_total", { command: "unknown", result: "-32601" }), 1);
      assert.equal(value("uacreg_store_loads_total", { kind: "start", result: "ok" }), 1);
      assert.equal(value("uacreg_store_rejected_rows_total"), 1, "eve");
      assert.equal(value("uacreg_store_load_duration_seconds", { kind: "start" }), 0, "the memory store answers at once on the fake clock");
      assert.ok(families.has("uacreg_process_cpu_seconds_total"), "process metrics");
      assert.ok(!text.includes("sip:"), "no AOR or other record value in any label");
      // Sinks, when given, get their own series.
      metrics.watchSinks(sinks.counted);
      const withSinks = parsePrometheus((await metrics.render()).body);
      const sinkFamily = withSinks.find((f) => f.name === "uacreg_event_sink_events_total");
      assert.deepEqual(sinkFamily?.metrics.map((m) => [m.labels?.sink, m.labels?.result, m.value]), [["audit", "delivered", "1"], ["audit", "retried", "0"], ["audit", "dropped", "0"]]);
    } finally {
      await server.close();
      await h.engine.stop();
      await sinks.close();
      metrics.close();
    }
  });

  it("outcome labels: status classes, timeout, transport_error", () => {
    assert.deepEqual(
      [
        { outcome: "response", status: 200 },
        { outcome: "response", status: 423 },
        { outcome: "response", status: 503 },
        { outcome: "response", status: 606 },
        { outcome: "timeout", status: null },
        { outcome: "transport-error", status: null },
      ].map((e) => outcomeLabel(e as Parameters<typeof outcomeLabel>[0])),
      ["2xx", "4xx", "5xx", "6xx", "timeout", "transport_error"],
    );
  });
});
