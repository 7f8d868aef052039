import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { systemClock } from "../engine/clock.js";
import { seededRandom } from "../engine/random.js";
import { warmUp } from "./warm-up.js";

describe("warm-up before listening", () => {
  it("runs both the accepted and the refused digest paths through a throwaway registrar", async () => {
    // Even-numbered REGISTERs answer as the table's one user (200), odd ones as unknown users (403).
    const answers = await warmUp(systemClock, seededRandom(5), 50);
    assert.deepEqual([...answers].sort(([a], [b]) => a - b), [[200, 25], [403, 25]]);
  });
});
