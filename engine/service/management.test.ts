/**
 * The operating side wired to an engine as the service wires it: a registration wave on the
 * memory network and a fake clock, a webhook sink POSTing to a real receiver on loopback, and the
 * management server answering MI calls, `/metrics` and `/` over real HTTP.
 */
process.env.TZ = "UTC";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { callMi } from "../mi/index.js";
import { silentLogger } from "../log.js";
import { seededRandom } from "../random.js";
import { harness, row } from "../../testkit/engine-harness.js";
import { prepareManagement, type Management } from "./management.js";

describe("management wired to an engine", () => {
  it("events reach the webhook, MI answers, /metrics and / are served, all from one configuration", async () => {
    const received: { event: string; node: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push(...(JSON.parse(body) as { event: string; node: string }[]));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const made: { management?: Management } = {};
    const h = harness({
      rows: [row("sip:alice@example.org"), row("sip:bob@example.org")],
      moreDeps: (clock) => {
        made.management = prepareManagement(
          { mi: { port: 0 }, events: { node: "lab-1", sinks: [{ type: "webhook", url: hook, name: "hook", events: ["E_REGISTRANT_REGISTERED"] }] }, metrics: { processMetrics: false } },
          { clock, random: seededRandom(9), logger: silentLogger },
        );
        return made.management.engineDeps;
      },
    });
    const management = made.management;
    assert.ok(management !== undefined);
    const server = await management.serve(h.engine);
    assert.ok(server !== null);
    try {
      await h.engine.start();
      await h.until(101);
      for (let i = 0; i < 2000 && received.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(received.map((r) => [r.event, r.node]), [["E_REGISTRANT_REGISTERED", "lab-1"], ["E_REGISTRANT_REGISTERED", "lab-1"]]);
      const listed = await callMi("reg_list", undefined, { url: server.url });
      assert.ok(listed.kind === "result");
      assert.equal((listed.result as { Records: unknown[] }).Records.length, 2);
      const metricsText = await (await fetch(server.url.replace(/\/mi$/, "/metrics"))).text();
      assert.match(metricsText, /^uacreg_records\{state="REGISTERED_STATE",enabled="yes"\} 2$/m);
      assert.match(metricsText, /^uacreg_event_sink_events_total\{sink="hook",result="delivered"\} 2$/m);
      assert.match(metricsText, /^uacreg_mi_requests_total\{command="uac_registrant:list",result="ok"\} 1$/m);
      const page = await (await fetch(server.url.replace(/\/mi$/, "/"))).text();
      assert.equal([...page.matchAll(/<g class="lane" /g)].length, 2);
    } finally {
      await management.close();
      await h.engine.stop();
      receiver.close();
    }
  });
});
