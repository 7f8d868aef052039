/**
 * `script.schema.json` is generated from `types.ts`; this regenerates it with the very command of
 * `npm run schema:scripts` and fails when the committed file differs.
 */
import { describe, it } from "node:test";
import { assertSchemaCurrent } from "../../engine/yaml/test-support.js";

describe("script schema", () => {
  it("matches what typescript-json-schema generates from types.ts (run `npm run schema:scripts` after changing the types)", async () => {
    await assertSchemaCurrent("schema:scripts", "simulator/script/script.schema.json");
  });
});
