/**
 * Spec §14: management commands run between timer steps and replies, never in the middle of one.
 * An engine on the memory network and a fake clock sends a registration wave to a registrar that
 * answers every request 3 seconds late; MI calls are made while the REGISTERs are in flight, and
 * from inside the engine's own steps (an event listener runs in the middle of a step).
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bucketOf, srIdentifier } from "../registrant/index.js";
import { headerValue } from "../sip/index.js";
import { harness, row, type Harness } from "../../testkit/engine-harness.js";
import { MiDispatcher } from "./index.js";

const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
const AORS = NAMES.map((name) => `sip:${name}@example.org`);

/** Every request answered (challenge, then 200) 3 seconds after it arrived. */
function slowRegistrar(h: Harness): void {
  h.registrar.script = (incoming, registrar) => {
    h.clock.setTimeout(() => void incoming.respond(registrar.defaultResponse(incoming)), 3000);
    return "silent";
  };
}

async function call(mi: MiDispatcher, method: string, params?: unknown[]): Promise<unknown> {
  const answer = await mi.handle(JSON.stringify({ jsonrpc: "2.0", method, id: 1, ...(params === undefined ? {} : { params }) }));
  assert.ok(answer !== null && !Array.isArray(answer) && "result" in answer, JSON.stringify(answer));
  return answer.result;
}

describe("MI during a registration wave (§14, §9.2)", () => {
  it("a call made from inside a step runs after the step: reg_list and sr_list_status never disagree", async () => {
    const h = harness({ rows: AORS.map((aor) => row(aor)) });
    slowRegistrar(h);
    const mi = new MiDispatcher({ engine: h.engine });
    const seen: Promise<[string, string, string]>[] = [];
    h.engine.onEvent((event) => {
      const id = event.params;
      // Issued in the middle of the step that raised the event (before its SR report and its send).
      seen.push(
        Promise.all([
          mi.call("reg_list", [id.aor, id.contact, id.registrar]) as Promise<{ Registrant: { state: string } }>,
          mi.call("sr_list_status", ["uac_registrant", srIdentifier(id)]) as Promise<{ Details: string }[]>,
        ]).then(([listed, status]) => [event.name, listed.Registrant.state, status[0]!.Details]),
      );
    });
    await h.engine.start();
    await h.until(210);
    const answers = await Promise.all(seen);
    assert.equal(answers.filter(([name]) => name === "E_REGISTRANT_REGISTERED").length, AORS.length, "every record registered once");
    for (const [name, listedState, srState] of answers) assert.equal(srState, listedState, `${name}: reg_list says ${listedState}, Status/Report ${srState}`);
    // A call made in the middle of the step would have seen the state without its report: the
    // event names the state the step entered, and the step was over when the call ran.
    assert.ok(answers.some(([name, state]) => name === "E_REGISTRANT_REGISTERING" && state === "REGISTERING_STATE"));
    await h.engine.stop();
  });

  it("a reload while REGISTERs are in flight: registered records keep their dialog, records in flight start again and their late answers are ignored", async () => {
    const h = harness({ rows: AORS.map((aor) => row(aor)) });
    slowRegistrar(h);
    const mi = new MiDispatcher({ engine: h.engine });
    const inBucket = (bucket: number): string[] => AORS.filter((aor) => bucketOf(aor, 2) === bucket);
    const [first, second] = [inBucket(0), inBucket(1)];
    assert.ok(first.length > 0 && second.length > 0, "both buckets hold records");
    await h.engine.start();
    await h.until(101);
    // Bucket 0 registered at 56 (REGISTER at 50, 401 at 53, 200 at 56); bucket 1's REGISTERs left at 100 and wait for their 401.
    const before = (await call(mi, "reg_list")) as { Records: { AOR: string; state: string; registration_t_out: string }[] };
    assert.deepEqual(new Set(before.Records.filter((r) => second.includes(r.AOR)).map((r) => r.state)), new Set(["REGISTERING_STATE"]));
    const eventsBefore = h.events.length;
    const sentBefore = h.registrar.received.length;

    assert.equal(await call(mi, "reg_reload"), "OK");

    const after = (await call(mi, "uac_registrant:list")) as { Records: { AOR: string; state: string; registration_t_out: string }[] };
    for (const record of after.Records) {
      const old = before.Records.find((r) => r.AOR === record.AOR)!;
      if (first.includes(record.AOR)) assert.deepEqual([record.state, record.registration_t_out], [old.state, old.registration_t_out], `${record.AOR} inherits (D3)`);
      else assert.equal(record.state, "NOT_REGISTERED_STATE", `${record.AOR} starts again (§9.2)`);
    }
    await h.until(199);
    assert.equal(h.events.length, eventsBefore, "the late 401s reach no record: no event");
    assert.equal(h.registrar.received.length, sentBefore, "and nothing answers them");
    await h.until(210);
    const final = (await call(mi, "reg_list")) as { Records: { state: string }[] };
    assert.ok(final.Records.every((r) => r.state === "REGISTERED_STATE"));
    for (const aor of second) {
      const callIds = h.registrar.received.filter((r) => headerValue(r.request, "From")?.includes(aor.slice(4))).map((r) => headerValue(r.request, "Call-ID"));
      assert.equal(new Set(callIds).size, 2, `${aor}: the dialog of second 100, then a new one at 200`);
    }
    for (const aor of first) {
      const sent = h.registrar.received.filter((r) => headerValue(r.request, "From")?.includes(aor.slice(4)));
      assert.equal(sent.length, 2, `${aor}: only the REGISTER and its authenticated retry of second 50`);
    }
    await h.engine.stop();
  });
});
