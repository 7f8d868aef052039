/**
 * The webhook sink against nock: success, 500 then success, a receiver that never answers,
 * queue overflow, and a receiver down for 30 s. Time is a fake clock: back-off delays, lingers and
 * request timeouts run on it; nock answers through the real event loop, which `settle` lets run.
 * Tests that look at single events in flight post one event per request (PER_EVENT); the defaults
 * (batches of up to 500 after a 200 ms linger) have tests of their own. The kept-alive connection
 * is checked in webhook-connection.test.ts, away from nock (its interception opens a connection
 * per request).
 */
import assert from "node:assert/strict";
import { createClock } from "@sinonjs/fake-timers";
import nock from "nock";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fromFakeClock } from "../clock.js";
import { memoryLogger } from "../log.js";
import { seededRandom } from "../random.js";
import { registrantEvent, type RegistrantEvent } from "../registrant/index.js";
import { retryDelayMs, WEBHOOK_DEFAULTS, WebhookSink, type WebhookSinkOptions } from "./webhook-sink.js";

const BASE = "http://receiver.test";
const URL_ = `${BASE}/hook`;
/** One JSON object per POST, sent as soon as the previous one is answered. */
const PER_EVENT = { batchSize: 1, lingerMs: 0 } as const;

/** The AORs in the order the receiver got them, from object or array bodies. */
function aorsOf(bodies: readonly { body: unknown }[]): string[] {
  return bodies.flatMap((b) => (Array.isArray(b.body) ? b.body : [b.body]) as { params: { aor: string } }[]).map((e) => e.params.aor);
}

function event(n: number, name: RegistrantEvent["name"] = "E_REGISTRANT_REGISTERED"): RegistrantEvent {
  return registrantEvent(name, { aor: `sip:user${n}@example.org`, contact: `sip:user${n}@10.0.0.1`, registrar: "sip:example.org" });
}

function setup(options: Partial<WebhookSinkOptions> = {}) {
  const fake = createClock(Date.UTC(2026, 11, 7, 10, 0, 0));
  const clock = fromFakeClock(fake);
  const logger = memoryLogger();
  // A long timeout unless a test is about timeouts: nock answering on a busy machine must never look like a silent receiver.
  const sink = new WebhookSink({ type: "webhook", url: URL_, timeoutMs: 60_000, ...options }, { clock, random: seededRandom(3), logger, node: "node-a" });
  // nock answers on the real event loop (immediates and zero-delay timers), which the fake clock does not drive.
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const advance = async (ms: number): Promise<void> => {
    await fake.tickAsync(ms);
    await settle();
  };
  const until = async (condition: () => boolean, what: string, stepMs = 100, maxSteps = 3000): Promise<void> => {
    for (let i = 0; i < maxSteps; i++) {
      if (condition()) return;
      await advance(stepMs);
    }
    assert.fail(`${what}: not reached within ${(stepMs * maxSteps) / 1000} simulated seconds; counters ${JSON.stringify(sink.counters)}`);
  };
  return { fake, clock, logger, sink, settle, advance, until };
}

/** A receiver that accepts every POST and keeps the bodies, with the clock time they came at. */
function accepting(clock: { now(): number }, bodies: { atMs: number; body: unknown }[]): nock.Scope {
  return nock(BASE)
    .persist()
    .post("/hook")
    .reply(200, (_uri, body) => {
      bodies.push({ atMs: clock.now(), body });
      return "ok";
    });
}

function down(): nock.Scope {
  // An Error instance: nock 14 does not emit a plain object given here.
  return nock(BASE).persist().post("/hook").replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("webhook sink", () => {
  it("success: one POST of JSON per event, in order, with the three params, timestamp and node; nothing else of the record", async () => {
    const t = setup(PER_EVENT);
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    const leaky = { name: "E_REGISTRANT_REGISTERING", params: { ...event(1).params, password: "wonderland" } } as RegistrantEvent;
    t.sink.emit(leaky);
    t.sink.emit(event(2, "E_REGISTRANT_AUTHENTICATING"));
    t.sink.emit(event(3));
    await t.until(() => t.sink.counters.delivered === 3, "3 delivered");
    assert.deepEqual(
      bodies.map((b) => b.body),
      [
        { event: "E_REGISTRANT_REGISTERING", params: { aor: "sip:user1@example.org", contact: "sip:user1@10.0.0.1", registrar: "sip:example.org" }, timestamp: "2026-12-07T10:00:00.000Z", node: "node-a" },
        { event: "E_REGISTRANT_AUTHENTICATING", params: { aor: "sip:user2@example.org", contact: "sip:user2@10.0.0.1", registrar: "sip:example.org" }, timestamp: "2026-12-07T10:00:00.000Z", node: "node-a" },
        { event: "E_REGISTRANT_REGISTERED", params: { aor: "sip:user3@example.org", contact: "sip:user3@10.0.0.1", registrar: "sip:example.org" }, timestamp: "2026-12-07T10:00:00.000Z", node: "node-a" },
      ],
    );
    assert.ok(!JSON.stringify(bodies).includes("wonderland"));
    assert.deepEqual(t.sink.counters, { delivered: 3, retried: 0, dropped: 0 });
  });

  it("batched: a POST carries a JSON array of what waited, up to batchSize", async () => {
    const t = setup({ batchSize: 3, lingerMs: 0 });
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    for (let n = 1; n <= 5; n++) t.sink.emit(event(n));
    await t.until(() => t.sink.counters.delivered === 5, "5 delivered");
    const sizes = bodies.map((b) => (b.body as unknown[]).length);
    assert.deepEqual(sizes, [1, 3, 1], "the first went alone (nothing else waited), then up to 3 at a time");
    const aors = bodies.flatMap((b) => (b.body as { params: { aor: string } }[]).map((e) => e.params.aor));
    assert.deepEqual(aors, [1, 2, 3, 4, 5].map((n) => `sip:user${n}@example.org`));
  });

  it("lingering: a batch short of batchSize waits lingerMs for more, a full one goes at once", async () => {
    const t = setup({ batchSize: 3, lingerMs: 1000 });
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    const startMs = t.clock.now();
    t.sink.emit(event(1));
    t.sink.emit(event(2));
    await t.advance(999);
    assert.equal(bodies.length, 0, "nothing posted before the linger is over");
    await t.until(() => t.sink.counters.delivered === 2, "the short batch delivered after its linger", 1);
    assert.equal(bodies[0]!.atMs - startMs, 1000);
    for (let n = 3; n <= 5; n++) t.sink.emit(event(n));
    await t.settle();
    assert.equal(t.sink.counters.delivered, 5, "a full batch does not wait");
    assert.deepEqual(
      bodies.map((b) => (b.body as unknown[]).length),
      [2, 3],
    );
    t.sink.emit(event(6));
    t.sink.close();
    await t.advance(2000);
    assert.equal(bodies.length, 2, "closing ends a linger: nothing is posted after close");
    assert.throws(() => new WebhookSink({ type: "webhook", url: URL_, lingerMs: -1 }, { clock: t.clock, random: seededRandom(1), logger: t.logger, node: "n" }), /events\.sinks\[0\]\.lingerMs: must be a whole number from 0, got -1/);
  });

  it("defaults: events are sent as a JSON array after a 200 ms linger, a full batch of 500 at once", async () => {
    const t = setup();
    assert.deepEqual([WEBHOOK_DEFAULTS.batchSize, WEBHOOK_DEFAULTS.lingerMs], [500, 200]);
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    const startMs = t.clock.now();
    for (let n = 1; n <= 3; n++) t.sink.emit(event(n));
    await t.advance(199);
    assert.equal(bodies.length, 0, "nothing posted before the linger is over");
    await t.until(() => t.sink.counters.delivered === 3, "3 delivered", 1);
    assert.equal(bodies[0]!.atMs - startMs, 200);
    assert.ok(Array.isArray(bodies[0]!.body));
    for (let n = 4; n <= 1003; n++) t.sink.emit(event(n));
    await t.until(() => t.sink.counters.delivered === 1003, "1003 delivered", 1);
    assert.deepEqual(
      bodies.map((b) => (b.body as unknown[]).length),
      [3, 500, 500],
      "two full batches without a linger",
    );
    assert.ok(t.clock.now() - startMs < 400, `full batches did not wait for a linger: ${t.clock.now() - startMs} ms`);
    assert.deepEqual(aorsOf(bodies), Array.from({ length: 1003 }, (_, i) => `sip:user${i + 1}@example.org`));
  });

  it("500 then success: the event is sent again after a back-off, counted as retried, then delivered", async () => {
    const t = setup({ ...PER_EVENT, retryBaseMs: 1000 });
    const times: number[] = [];
    nock(BASE)
      .post("/hook")
      .reply(500, () => {
        times.push(t.clock.now());
        return "busy";
      });
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    t.sink.emit(event(1));
    await t.until(() => t.sink.counters.delivered === 1, "delivered after a retry", 50);
    assert.deepEqual(t.sink.counters, { delivered: 1, retried: 1, dropped: 0 });
    const waited = bodies[0]!.atMs - times[0]!;
    assert.ok(waited >= 500 && waited <= 1050, `first back-off in [500, 1000] ms (+ one 50 ms step), was ${waited}`);
    assert.equal(t.logger.lines.filter((l) => l.msg.startsWith("webhook delivery failed")).length, 1);
  });

  it("a receiver that never answers: the request times out on the clock and the event is retried", async () => {
    const t = setup({ ...PER_EVENT, timeoutMs: 2000, retryBaseMs: 100 });
    let hung = 0;
    nock(BASE)
      .post("/hook")
      .reply(() => {
        hung += 1;
        return new Promise<[number, string]>(() => {});
      });
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    const start = t.clock.now();
    t.sink.emit(event(1));
    for (let i = 0; i < 100 && hung === 0; i++) await t.settle();
    assert.equal(hung, 1);
    await t.advance(1900);
    assert.deepEqual(t.sink.counters, { delivered: 0, retried: 0, dropped: 0 }, "still waiting before the timeout");
    await t.until(() => t.sink.counters.delivered === 1, "delivered after the timeout", 50);
    assert.equal(t.sink.counters.retried, 1);
    assert.ok(bodies[0]!.atMs - start >= 2000, "not before the timeout");
  });

  it("overflow: the oldest events are dropped and counted, one warning per burst; the newest are delivered when the receiver is back", async () => {
    const t = setup({ ...PER_EVENT, queueSize: 5, retryBaseMs: 100, retryMaxMs: 400 });
    down();
    for (let n = 1; n <= 20; n++) t.sink.emit(event(n));
    await t.advance(1000);
    // Event 1 is in flight (being retried); of 2..20 the queue keeps the last 5.
    assert.equal(t.sink.counters.dropped, 14);
    assert.equal(t.sink.queued, 5);
    assert.equal(t.logger.lines.filter((l) => l.msg.startsWith("webhook queue full")).length, 1);
    nock.cleanAll();
    const bodies: { atMs: number; body: unknown }[] = [];
    accepting(t.clock, bodies);
    await t.until(() => t.sink.counters.delivered === 6, "6 delivered");
    assert.deepEqual(
      aorsOf(bodies),
      [1, 16, 17, 18, 19, 20].map((n) => `sip:user${n}@example.org`),
    );
    for (let n = 21; n <= 30; n++) t.sink.emit(event(n));
    assert.equal(t.logger.lines.filter((l) => l.msg.startsWith("webhook queue full")).length, 2, "a new burst, a new line");
  });

  for (const [queueSize, lossless] of [
    [1000, true],
    [50, false],
  ] as const) {
    it(`a receiver down for 30 s with a queue of ${queueSize}: ${lossless ? "no event lost (default batches)" : "the loss is counted"}`, async () => {
      const t = setup(lossless ? { queueSize } : { ...PER_EVENT, queueSize });
      down();
      let emitted = 0;
      for (let ms = 0; ms < 30_000; ms += 100) {
        t.sink.emit(event(++emitted));
        await t.advance(100);
      }
      assert.equal(t.sink.counters.delivered, 0);
      assert.ok(t.sink.counters.retried >= 5, `retried while down: ${t.sink.counters.retried}`);
      nock.cleanAll();
      const bodies: { atMs: number; body: unknown }[] = [];
      accepting(t.clock, bodies);
      await t.until(() => t.sink.queued === 0 && t.sink.counters.delivered + t.sink.counters.dropped === emitted, "all accounted for");
      const { delivered, dropped } = t.sink.counters;
      if (lossless) {
        assert.deepEqual([delivered, dropped], [emitted, 0]);
        assert.deepEqual(aorsOf(bodies), Array.from({ length: emitted }, (_, i) => `sip:user${i + 1}@example.org`), "in order");
        assert.ok(bodies.length < emitted / 10, `batched after the outage: ${bodies.length} POSTs for ${emitted} events`);
      } else {
        assert.equal(dropped, emitted - queueSize - 1, "all but the queue and the one in flight");
        assert.equal(delivered, queueSize + 1);
        assert.equal(t.logger.lines.filter((l) => l.msg.startsWith("webhook queue full")).length, 1);
      }
    });
  }

  it("a 4xx is a refusal for good: dropped and counted, logged once, not retried", async () => {
    const t = setup();
    nock(BASE).persist().post("/hook").reply(400, "bad");
    t.sink.emit(event(1));
    t.sink.emit(event(2));
    await t.until(() => t.sink.counters.dropped === 2, "2 dropped");
    assert.deepEqual(t.sink.counters, { delivered: 0, retried: 0, dropped: 2 });
    assert.equal(t.logger.lines.filter((l) => l.msg.startsWith("webhook receiver refuses")).length, 1);
  });

  it("back-off doubles from the base up to the cap, half of it random", () => {
    assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 500, 3000, 0)), [250, 500, 1000, 1500]);
    assert.deepEqual([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 500, 3000, 0.999999)), [500, 1000, 2000, 3000]);
    assert.equal(retryDelayMs(80, 500, 30_000, 0.5), 22_500);
  });

  it("bad options name the field", () => {
    const deps = { clock: fromFakeClock(createClock(0)), random: seededRandom(1), logger: memoryLogger(), node: "n" };
    assert.throws(() => new WebhookSink({ type: "webhook", url: "ftp://x/" }, deps, 2), /^SinkConfigError: events\.sinks\[2\]\.url: must be http: or https:/);
    assert.throws(() => new WebhookSink({ type: "webhook", url: URL_, queueSize: 0 }, deps), /events\.sinks\[0\]\.queueSize: must be a whole number from 1, got 0/);
  });
});
