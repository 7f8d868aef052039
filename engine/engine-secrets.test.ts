process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { RegistrantOperationError } from "./registrant/index.js";
import { ENGINE_HOST, harness, REALM, REGISTRAR, row } from "../testkit/engine-harness.js";

const PASSWORD = "Pa55-SECRET-wonder";
const HA1 = `0x${createHash("md5").update(`bob:${REALM}:bob-plain-secret`).digest("hex")}`;
const ALICE = "sip:alice@example.org";
const BOB = "sip:bob@example.org";

describe("secrets (D16, Q28)", () => {
  it("D16 no password or 0x HA1 in logs, rejection errors, events, SR reports, list output or the run log", async () => {
    const h = harness({
      users: { alice: PASSWORD, bob: "bob-plain-secret" },
      rows: [
        row(ALICE, { username: "alice", password: PASSWORD }),
        row(BOB, { username: "bob", password: HA1 }),
        row("sip:carol@example.org", { password: PASSWORD, registrar: "sip:user@example.org" }),
        row("sip:dave@example.org", { password: HA1, expiry: -1 }),
      ],
    });
    const report = await h.engine.start();
    assert.equal(report.rejected.length, 2);
    await h.until(3700);
    const bobId = { aor: BOB, contact: `sip:bob@${ENGINE_HOST}:5060`, registrar: REGISTRAR };
    assert.equal(h.engine.list(bobId).Registrant.state, "REGISTERED_STATE", "the HA1 password authenticates");
    const errors: unknown[] = [];
    await h.engine.upsert(row("sip:erin@example.org", { password: PASSWORD, binding_params: "bad" })).catch((e: unknown) => errors.push(e));
    await h.engine.upsert(row("sip:erin@example.org", { password: HA1, expiry: "x" })).catch((e: unknown) => errors.push(e));
    await h.engine.disable(bobId);
    await h.engine.delete({ aor: ALICE, contact: `sip:alice@${ENGINE_HOST}:5060`, registrar: REGISTRAR });
    await h.until(3800);
    assert.equal(errors.length, 2);
    assert.ok(errors.every((e) => e instanceof RegistrantOperationError));

    const produced = JSON.stringify({
      log: h.logger.lines,
      rejected: report.rejected,
      errors: errors.map((e) => (e instanceof Error ? { message: e.message, cause: String(e.cause), e } : e)),
      events: h.events,
      reports: h.engine.statusReports(),
      list: h.engine.list(),
      runLog: h.runLog.lines,
    });
    assert.ok(h.runLog.lines.length > 0 && h.logger.lines.length > 0 && h.events.length > 0);
    for (const secret of [PASSWORD, HA1, HA1.slice(2)]) assert.ok(!produced.includes(secret), `found ${secret.slice(0, 4)}...`);
    await h.engine.stop();
  });
});
