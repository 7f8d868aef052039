import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { step } from "./fsm.js";
import { visitChangesNothing } from "./quiet-visit.js";
import type { RegistrantRuntime } from "./record.js";
import { REGISTRANT_STATES } from "./states.js";
import { freshRuntime, NOW_SEC, testConfig, testEnv } from "../../../testkit/registrant-fixtures.js";

const config = testConfig();
const base = freshRuntime(config);

function runtimeIn(state: RegistrantRuntime["state"], timeoutSec: number, enabled: boolean, held: boolean): RegistrantRuntime {
  return { ...base, state, timeoutSec, enabled, ...(held ? { held: true as const } : {}) };
}

describe("visitChangesNothing: the visits the engine may skip", () => {
  it("is true only where the state machine's step changes nothing and acts on nothing", () => {
    let quiet = 0;
    for (const state of REGISTRANT_STATES) {
      for (const timeoutSec of [NOW_SEC - 1, NOW_SEC, NOW_SEC + 1]) {
        for (const enabled of [true, false]) {
          for (const held of [true, false]) {
            const runtime = runtimeIn(state, timeoutSec, enabled, held);
            if (!visitChangesNothing(runtime, NOW_SEC)) continue;
            quiet += 1;
            for (const active of [true, false]) {
              for (const circuitOpen of [true, false]) {
                const transition = step(config, runtime, { kind: "visit", nowSec: NOW_SEC }, testEnv({ active, circuitOpen }));
                const where = `${state} TO=${timeoutSec - NOW_SEC} enabled=${enabled} held=${held} active=${active} circuitOpen=${circuitOpen}`;
                assert.deepEqual(transition.runtime, runtime, where);
                assert.deepEqual(transition.actions, [], where);
                assert.equal(transition.row?.to, "unchanged", where);
              }
            }
          }
        }
      }
    }
    assert.ok(quiet > 0);
  });

  it("a REGISTERED record before its refresh point, and any record awaiting a reply, are quiet", () => {
    assert.equal(visitChangesNothing(runtimeIn("REGISTERED_STATE", NOW_SEC + 1, true, false), NOW_SEC), true);
    assert.equal(visitChangesNothing(runtimeIn("REGISTER_TIMEOUT_STATE", NOW_SEC + 60, true, false), NOW_SEC), true);
    assert.equal(visitChangesNothing(runtimeIn("REGISTERING_STATE", NOW_SEC - 100, true, false), NOW_SEC), true);
    assert.equal(visitChangesNothing(runtimeIn("UNREGISTERING_STATE", NOW_SEC - 100, false, false), NOW_SEC), true);
  });

  it("D31: a held record stays quiet though its TO has passed", () => {
    assert.equal(visitChangesNothing(runtimeIn("REGISTRAR_ERROR_STATE", NOW_SEC - 1, true, true), NOW_SEC), true);
  });

  it("a due record, or one never registered, is stepped", () => {
    assert.equal(visitChangesNothing(runtimeIn("REGISTERED_STATE", NOW_SEC, true, false), NOW_SEC), false);
    assert.equal(visitChangesNothing(runtimeIn("REGISTERED_STATE", NOW_SEC - 1, false, false), NOW_SEC), false);
    assert.equal(visitChangesNothing(runtimeIn("WRONG_CREDENTIALS_STATE", NOW_SEC, true, false), NOW_SEC), false);
    assert.equal(visitChangesNothing(runtimeIn("NOT_REGISTERED_STATE", NOW_SEC + 100, true, false), NOW_SEC), false);
    assert.equal(visitChangesNothing(runtimeIn("NOT_REGISTERED_STATE", NOW_SEC + 100, false, false), NOW_SEC), false);
  });
});
