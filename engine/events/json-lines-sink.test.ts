import assert from "node:assert/strict";
import { createClock } from "@sinonjs/fake-timers";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import { fromFakeClock } from "../clock.js";
import { memoryLogger } from "../log.js";
import { seededRandom } from "../random.js";
import { registrantEvent } from "../registrant/index.js";
import { harness, row } from "../../testkit/engine-harness.js";
import { createEventSinks } from "./create-sinks.js";
import { JsonLinesSink, JSON_LINES_BACKLOG_MAX } from "./json-lines-sink.js";

const id = { aor: "sip:alice@example.org", contact: "sip:alice@10.0.0.1:5060", registrar: "sip:example.org" };
const deps = () => ({ clock: fromFakeClock(createClock(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), random: seededRandom(1), logger: memoryLogger() });

describe("JSON-lines event sink", () => {
  it("one line per event: name, three params, timestamp, node", () => {
    const out = new PassThrough();
    const sink = new JsonLinesSink({ type: "jsonl", path: "-" }, { ...deps(), node: "edge-1" }, 0, out);
    sink.emit(registrantEvent("E_REGISTRANT_REGISTERED", id));
    sink.emit(registrantEvent("E_REGISTRANT_UNREGISTERING", id));
    const lines = String(out.read()).split("\n");
    assert.equal(lines.pop(), "");
    assert.deepEqual(JSON.parse(lines[0]!), { event: "E_REGISTRANT_REGISTERED", params: id, timestamp: "2026-01-02T03:04:05.006Z", node: "edge-1" });
    assert.equal(lines.length, 2);
    assert.deepEqual(sink.counters, { delivered: 2, retried: 0, dropped: 0 });
  });

  it("a stream that falls far behind: lines dropped and counted, not buffered without bound", () => {
    const stuck = new Writable({ write: () => {}, highWaterMark: 16 });
    const sink = new JsonLinesSink({ type: "jsonl", path: "-" }, { ...deps(), node: "n" }, 0, stuck);
    const lineBytes = JSON.stringify({ event: "E_REGISTRANT_REGISTERED", params: id, timestamp: "2026-01-02T03:04:05.006Z", node: "n" }).length + 1;
    const fits = Math.ceil(JSON_LINES_BACKLOG_MAX / lineBytes) + 1;
    for (let i = 0; i < fits + 100; i++) sink.emit(registrantEvent("E_REGISTRANT_REGISTERED", id));
    assert.ok(sink.counters.dropped >= 100, JSON.stringify(sink.counters));
    assert.equal(sink.counters.delivered + sink.counters.dropped, fits + 100);
  });
});

describe("event sinks from the configuration", () => {
  it("a jsonl file sink with an event filter gets only those events of a running engine", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-events-"));
    try {
      const file = join(dir, "events.jsonl");
      const h = harness({ rows: [row("sip:alice@example.org")] });
      const sinks = createEventSinks({ node: "lab", sinks: [{ type: "jsonl", path: file, events: ["E_REGISTRANT_REGISTERED"] }] }, { clock: h.clock, random: seededRandom(2), logger: h.logger });
      h.engine.onEvent((event) => sinks.sinks.forEach((sink) => sink.emit(event)));
      await h.engine.start();
      await h.until(51);
      await h.engine.stop();
      await sinks.close();
      const lines = (await readFile(file, "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as { event: string; node: string; params: object });
      assert.deepEqual(h.events.map((e) => e.name), ["E_REGISTRANT_REGISTERING", "E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_REGISTERED"]);
      assert.deepEqual(lines.map((l) => [l.event, l.node]), [["E_REGISTRANT_REGISTERED", "lab"]]);
      assert.ok(!JSON.stringify(lines).includes("wonderland"));
      assert.deepEqual(sinks.counted.map((c) => [c.name, c.counters.delivered]), [["jsonl-0", 1]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("bad sink options name the field: unknown event name, unknown type, duplicate names", () => {
    assert.throws(() => createEventSinks({ sinks: [{ type: "jsonl", path: "-", events: ["E_REGISTRANT_REGISTRED"] }] }, deps()), /^SinkConfigError: events\.sinks\[0\]\.events: unknown event "E_REGISTRANT_REGISTRED"/);
    assert.throws(() => createEventSinks({ sinks: [{ type: "kafka" } as never] }, deps()), /events\.sinks\[0\]\.type: must be webhook or jsonl, got "kafka"/);
    assert.throws(
      () => createEventSinks({ sinks: [{ type: "jsonl", path: "-", name: "x" }, { type: "webhook", url: "http://127.0.0.1:1/", name: "x" }] }, deps()),
      /events\.sinks: two sinks are named "x"/,
    );
  });
});
