import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getCSeq } from "../sip/index.js";
import type { TransactionOutcome } from "./outcome.js";
import { pair, register, toServer } from "../../testkit/transaction-pair.js";

const TRANSACTIONS = 300;

describe("transactions over a lossy, duplicating udp network", () => {
  for (const seed of [1, 2, 3]) {
    it(`ends every transaction with exactly one outcome (30% loss, 30% duplication, seed ${seed})`, async () => {
      const p = pair({
        seed,
        faults: { lossRatio: 0.3, duplicationRatio: 0.3, latencyMsMin: 1, latencyMsMax: 40, reorderRatio: 0.1 },
      });
      p.server.onRequest((incoming) => void incoming.respond(incoming.createResponse(200)));
      const outcomes = new Map<number, TransactionOutcome[]>();
      for (let cseq = 1; cseq <= TRANSACTIONS; cseq++) {
        outcomes.set(cseq, []);
        p.clock.setTimeout(() => {
          void p.client.sendRequest(register(cseq), toServer(p)).then((o) => outcomes.get(cseq)?.push(o));
        }, cseq * 50);
      }
      await p.fake.tickAsync(TRANSACTIONS * 50 + 40_000);

      for (const [cseq, got] of outcomes) {
        assert.equal(got.length, 1, `transaction ${cseq} has one outcome`);
        const outcome = got[0]!;
        assert.ok(outcome.kind === "response" || outcome.kind === "timeout", `transaction ${cseq}: ${outcome.kind}`);
        if (outcome.kind === "response") {
          assert.equal(getCSeq(outcome.response).seq, cseq, "the response is the one to this request");
        }
      }
      const stats = p.client.stats;
      assert.equal(stats.clientTransactionsStarted, TRANSACTIONS);
      assert.equal(stats.finalResponses + stats.timeouts + stats.transportErrors, TRANSACTIONS, "no outcome given twice");
      assert.ok(stats.finalResponses >= TRANSACTIONS * 0.95, `most got through: ${stats.finalResponses}`);
      assert.ok(stats.retransmissionsSent > TRANSACTIONS * 0.3, `retransmissions: ${stats.retransmissionsSent}`);
      assert.ok(stats.responsesAbsorbed > 0, "duplicated finals were absorbed");
      assert.ok(p.server.stats.responsesResent > 0, "retransmitted requests were answered from the cache");
      assert.ok(p.network.stats("udp").dropped > 0 && p.network.stats("udp").duplicated > 0);
      assert.deepEqual(p.client.activeTransactions, { client: 0, server: 0 }, "all terminated");
      assert.deepEqual(p.server.activeTransactions, { client: 0, server: 0 }, "all terminated");
      assert.equal(p.fake.countTimers(), 0, "no timer left behind");
    });
  }

  it("replays the same run from the same seed", async () => {
    const run = async (): Promise<string> => {
      const p = pair({ seed: 9, faults: { lossRatio: 0.3, duplicationRatio: 0.3, latencyMsMax: 20 } });
      p.server.onRequest((incoming) => void incoming.respond(incoming.createResponse(200)));
      for (let cseq = 1; cseq <= 50; cseq++) void p.client.sendRequest(register(cseq), toServer(p));
      await p.fake.tickAsync(40_000);
      return JSON.stringify([p.client.stats, p.server.stats, p.network.stats()]);
    };
    assert.equal(await run(), await run());
  });
});
