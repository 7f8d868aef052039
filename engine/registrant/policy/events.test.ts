import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eventForState, REGISTRANT_EVENT_NAMES, registrantEvent } from "./events.js";
import { isRecordActive, type Shtag, type ShtagSource } from "../contracts.js";
import { REGISTRANT_STATES } from "./states.js";

describe("event catalog (spec §10)", () => {
  it("§10 nine E_REGISTRANT_* events, one per state but NOT_REGISTERED_STATE", () => {
    assert.deepEqual(REGISTRANT_EVENT_NAMES, [
      "E_REGISTRANT_REGISTERING",
      "E_REGISTRANT_AUTHENTICATING",
      "E_REGISTRANT_REGISTERED",
      "E_REGISTRANT_REGISTER_TIMEOUT",
      "E_REGISTRANT_INTERNAL_ERROR",
      "E_REGISTRANT_WRONG_CREDENTIALS",
      "E_REGISTRANT_REGISTRAR_ERROR",
      "E_REGISTRANT_UNREGISTERING",
      "E_REGISTRANT_AUTHENTICATING_UNREGISTER",
    ]);
    assert.equal(eventForState("NOT_REGISTERED_STATE"), null);
    for (const state of REGISTRANT_STATES.slice(1)) assert.equal(eventForState(state), `E_REGISTRANT_${state.replace(/_STATE$/, "")}`);
  });

  it("§10 / D16 params are exactly aor, contact and registrar", () => {
    const config = { aor: "sip:a@b", contact: "sip:a@c", registrar: "sip:r", password: "secret" };
    const event = registrantEvent("E_REGISTRANT_REGISTERED", config);
    assert.deepEqual(event, { name: "E_REGISTRANT_REGISTERED", params: { aor: "sip:a@b", contact: "sip:a@c", registrar: "sip:r" } });
    assert.doesNotMatch(JSON.stringify(event), /secret/);
  });
});

describe("sharing tags (spec §12)", () => {
  const source = (active: string[]): ShtagSource => ({
    isActive: (tag: Shtag) => active.includes(`${tag.name}/${tag.clusterId}`),
    subscribe: () => () => {},
  });

  it("C-CL §12 no tag, an empty name or cluster id <= 0: always active", () => {
    assert.equal(isRecordActive({ shtagName: null, clusterId: 0 }, false, null), true);
    assert.equal(isRecordActive({ shtagName: "", clusterId: 3 }, false, null), true);
    assert.equal(isRecordActive({ shtagName: "vip", clusterId: 0 }, false, null), true);
  });

  it("C-CL-3 §12 a tagged record with clustering disabled never registers", () => {
    assert.equal(isRecordActive({ shtagName: "vip", clusterId: 1 }, false, source(["vip/1"])), false);
  });

  it("C-CL §12 with clustering on, the tag's state decides", () => {
    assert.equal(isRecordActive({ shtagName: "vip", clusterId: 1 }, true, source(["vip/1"])), true);
    assert.equal(isRecordActive({ shtagName: "vip", clusterId: 2 }, true, source(["vip/1"])), false);
  });
});
