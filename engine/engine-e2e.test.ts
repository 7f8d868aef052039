process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bucketOf } from "./registrant/index.js";
import { harness, row } from "../testkit/engine-harness.js";

const RECORDS = 1_000;
const DAY_SEC = 86_400;

describe("end to end: 1,000 digest records through 24 simulated hours (D1, D27, §3.2)", () => {
  it("D1 every record stays REGISTERED; each registers at its bucket's first visit, then every floor(E*P/100) s (T=100, N=4, E=3600, P=100)", async () => {
    const aors = Array.from({ length: RECORDS }, (_, i) => `sip:u${i}@example.org`);
    const h = harness({ config: { timer_interval: 100, hash_size: 2 }, rows: aors.map((aor) => row(aor)), runLog: false });
    h.registrar.keep = false;
    const registeredAt = new Map<string, number[]>();
    h.engine.onEvent((event) => {
      if (event.name !== "E_REGISTRANT_REGISTERED") return;
      const times = registeredAt.get(event.params.aor) ?? [];
      times.push(Math.floor(h.clock.now() / 1000));
      registeredAt.set(event.params.aor, times);
    });
    const report = await h.engine.start();
    assert.equal(report.loaded, RECORDS);
    await h.until(DAY_SEC);

    // A 200 at R sets TO = R + 3600 - 100; bucket b is visited at 25(b+1) + 100k, and
    // R + 3500 is such a visit, so the refreshes come exactly every 3500 s.
    let refreshes = 0;
    for (const aor of aors) {
      const first = 25 * (bucketOf(aor, 4) + 1);
      const expected: number[] = [];
      for (let t = first; t <= DAY_SEC; t += 3500) expected.push(t);
      assert.deepEqual(registeredAt.get(aor), expected, aor);
      refreshes += expected.length;
    }
    const { Records } = h.engine.list();
    assert.equal(Records.length, RECORDS);
    assert.ok(Records.every((r) => r.state === "REGISTERED_STATE"));
    assert.equal(h.registrar.count, 2 * refreshes, "each cycle: REGISTER, 401, REGISTER with credentials, 200");
    await h.engine.stop();
  });
});
