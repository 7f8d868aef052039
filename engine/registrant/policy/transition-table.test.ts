import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { step } from "./fsm.js";
import { refreshTimeoutSec, retryTimeoutSec } from "./schedule.js";
import { AWAITING_STATES, REGISTRANT_STATES } from "./states.js";
import { assignments, NOW_SEC, scenariosFor } from "../../../testkit/registrant-fixtures.js";
import { FSM_EVENTS, findRow, TRANSITIONS, type FsmEvent } from "./transition-table.js";
import { renderTransitionTable } from "./transition-table-doc.js";

const EVENTS = Object.keys(FSM_EVENTS) as FsmEvent[];

describe("the consolidated transition table (§5.3 with Part A)", () => {
  for (const row of TRANSITIONS) {
    it(`${row.rule}: ${row.id}`, () => {
      let ran = 0;
      for (const event of row.on) {
        for (const state of row.from) {
          for (const { config, runtime, input, env } of scenariosFor(row, state, event)) {
            const result = step(config, runtime, input, env);
            const where = `${row.id} from ${state} on ${event}`;
            assert.equal(result.row?.id, row.id, `${where}: decided by ${result.row?.id}`);
            const { runtime: after, actions } = result;
            const reports = actions.filter((a) => a.kind === "add-report");
            const events = actions.filter((a) => a.kind === "raise-event");
            if (row.to === "unchanged") {
              assert.equal(after.state, state, where);
              assert.deepEqual(reports, [], where);
            } else {
              assert.equal(after.state, row.to, where);
              assert.deepEqual(reports, [{ kind: "add-report", state: row.to, atSec: NOW_SEC }], where);
              assert.equal(events.length, row.to === "NOT_REGISTERED_STATE" ? 0 : 1, where);
            }
            const sends = actions.filter((a) => a.kind === "send");
            const sendEffects = row.effects.filter((e) => e.startsWith("send-"));
            assert.equal(sends.length, sendEffects.length, where);
            for (const send of sends) {
              assert.equal(send.credentials !== null, sendEffects.some((e) => e.includes("auth")), where);
              assert.equal(send.cseq, row.effects.includes("new-dialog") ? 1 : runtime.cseq + 1, where);
              assert.equal(send.callId === runtime.callId, !row.effects.includes("new-dialog"), where);
              assert.equal(after.inFlight, send.request, where);
            }
            if (sends.length === 0 && row.on.includes(event) && input.kind !== "visit") {
              assert.equal(after.inFlight, "generation" in input ? null : runtime.inFlight, where);
            }
            const { params } = env;
            const expectedTimeout = row.effects.includes("to-retry")
              ? retryTimeoutSec(NOW_SEC, after.expiresSec, params.reregisterExpiryPercentage, params.failureRetryIntervalSec, params.timerIntervalSec)
              : row.effects.includes("to-refresh")
                ? refreshTimeoutSec(NOW_SEC, after.expiresSec, params.reregisterExpiryPercentage, params.timerIntervalSec)
                : row.effects.includes("to-zero")
                  ? 0
                  : runtime.timeoutSec;
            assert.equal(after.timeoutSec, expectedTimeout, where);
            const writes = actions.filter((a) => a.kind === "write-state");
            assert.equal(writes.length, row.effects.includes("write-state") ? 1 : 0, where);
            assert.equal(after.lastRegisterSentSec, row.effects.includes("mark-register-sent") ? NOW_SEC : runtime.lastRegisterSentSec, where);
            ran++;
          }
        }
      }
      assert.ok(ran > 0, `${row.id}: no scenario reaches this row (it is shadowed)`);
    });
  }

  it("§5.3 the table is total: every state, event and combination of facts has a row", () => {
    for (const state of REGISTRANT_STATES) {
      for (const event of EVENTS) {
        for (const facts of assignments(event)) {
          const row = findRow(state, event, facts);
          // Outcomes only reach states that can have a request in flight (fsm.ts checks that).
          const outcome = ["2xx", "401/407", "423", "408/timeout", "transport-error", "3xx", "other-final"].includes(event);
          if (outcome && !AWAITING_STATES.includes(state)) continue;
          assert.ok(row !== undefined, `no row for ${state} on ${event} with ${JSON.stringify(facts)}`);
        }
      }
    }
  });

  it("§5.3 row ids are unique", () => {
    const ids = TRANSITIONS.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it("docs/transition-table.md is rendered from the table (regenerate: node --import tsx scripts/write-transition-table.ts)", () => {
    const path = fileURLToPath(new URL("../../../docs/transition-table.md", import.meta.url));
    assert.equal(readFileSync(path, "utf8"), renderTransitionTable());
  });
});
