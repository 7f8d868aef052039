/**
 * The service's logger (JSON or one readable line, secrets masked on every line, time from the
 * injected clock) and the registration-wave counts behind the progress line.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../clock.js";
import { registrantEvent } from "../registrant/index.js";
import { createServiceLogger } from "./logger.js";
import { formatProgress, RegistrationProgress } from "./progress.js";

describe("service logger", () => {
  it("writes pino JSON lines stamped by the clock, with every secret masked", async () => {
    const lines: string[] = [];
    const clock = fromFakeClock(createClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678)));
    const logger = createServiceLogger({ log: { level: "info", format: "json" }, clock, secrets: ["hunter22"], write: (l) => void lines.push(l) });
    logger.debug({}, "not written at info");
    // A driver's error text that quotes the secret, as some do.
    const driverError = "password authentication failed: hunter22";
    logger.warn({ err: driverError }, "database hunter22 down");
    await logger.flush();
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0] ?? ""), { level: 40, time: "2026-01-02T03:04:05.678Z", err: "password authentication failed: ***", msg: "database *** down" });
  });

  it("pretty: one readable line with time, level, message and fields", async () => {
    const lines: string[] = [];
    const logger = createServiceLogger({ log: { level: "info", format: "pretty" }, clock: fromFakeClock(createClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678))), secrets: [], write: (l) => void lines.push(l) });
    logger.info({ loaded: 5 }, "registrant started");
    await logger.flush();
    assert.deepEqual(lines, ["03:04:05.678 INFO  registrant started  loaded=5\n"]);
  });
});

describe("registration progress", () => {
  it("counts registered, failed and pending records from the engine's events; a refresh stays registered", () => {
    const progress = new RegistrationProgress(3);
    const id = (name: string) => ({ aor: `sip:${name}@lab.test`, contact: `sip:${name}@127.0.0.1`, registrar: "sip:127.0.0.1" });
    assert.equal(formatProgress(progress.counts), "registered 0, failed 0, pending 3");
    progress.hear(registrantEvent("E_REGISTRANT_REGISTERING", id("alice")));
    progress.hear(registrantEvent("E_REGISTRANT_REGISTERED", id("alice")));
    progress.hear(registrantEvent("E_REGISTRANT_WRONG_CREDENTIALS", id("bob")));
    progress.hear(registrantEvent("E_REGISTRANT_REGISTERING", id("alice")));
    assert.deepEqual(progress.counts, { registered: 1, failed: 1, pending: 1 });
    progress.hear(registrantEvent("E_REGISTRANT_REGISTERED", id("bob")));
    progress.hear(registrantEvent("E_REGISTRANT_UNREGISTERING", id("alice")));
    assert.deepEqual(progress.counts, { registered: 1, failed: 0, pending: 2 });
  });
});
