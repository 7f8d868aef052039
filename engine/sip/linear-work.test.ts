/**
 * Every reader runs in time linear in its input (issue 15), checked without a clock: parsing a
 * message that carries one adversarial header (`ADVERSARIAL_KINDS`) and running every typed reader
 * on it is metered in characters read by string and regex calls (testkit/work-meter.ts). From
 * 8 KB to 128 KB the work per input byte must stay the same (a rescan per token or per quoted-pair
 * makes it grow 16-fold) and within a budget. Today every kind costs 7-17 characters per byte.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMessage } from "./parse-message.js";
import { ADVERSARIAL_KINDS, adversarialMessage, readEverything } from "../../testkit/sip-fixtures.js";
import { meterWork } from "../../testkit/work-meter.js";

const SMALL = 8 * 1024;
const LARGE = 128 * 1024;
/** Characters read per input byte, parse and every reader together; about twice today's worst. */
const BUDGET_PER_BYTE = 32;
/** How much more work per byte the large input may take: fixed costs make it less, not more. */
const GROWTH_MAX = 1.2;

/** String work per byte of the message, parse and every reader. */
function workPerByte(header: string): number {
  const { bytes, limits } = adversarialMessage(header);
  const { work } = meterWork(() => {
    const message = parseMessage(bytes, limits);
    readEverything(message);
  });
  return work / bytes.length;
}

describe("readers do work linear in their input (metered, not timed)", () => {
  for (const kind of ADVERSARIAL_KINDS) {
    it(kind.name, () => {
      const small = workPerByte(kind.header(SMALL));
      const large = workPerByte(kind.header(LARGE));
      const figures = `${small.toFixed(2)} chars per byte at 8 KB, ${large.toFixed(2)} at 128 KB`;
      assert.ok(large <= small * GROWTH_MAX, `work per byte grows with the input: ${figures}`);
      assert.ok(large <= BUDGET_PER_BYTE, `over the budget of ${BUDGET_PER_BYTE} per byte: ${figures}`);
    });
  }

  it("the meter sees a search repeated from every position", () => {
    const text = "a".repeat(4096);
    const rescan = (s: string): number => {
      let found = 0;
      for (let i = 0; i < s.length; i++) if (s.indexOf("b", i) === -1) found++;
      return found;
    };
    const { result, work } = meterWork(() => rescan(text));
    assert.equal(result, 4096);
    assert.ok(work >= (4096 * 4096) / 2, `expected quadratic work, metered ${work}`);
    assert.equal(meterWork(() => text.indexOf("b")).work, 4096);
  });
});
