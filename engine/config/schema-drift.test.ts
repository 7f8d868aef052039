/**
 * `config.schema.json` is generated from `types.ts`; this regenerates it with the very command of
 * `npm run schema:config` and fails when the committed file differs.
 */
import { describe, it } from "node:test";
import { assertSchemaCurrent } from "../yaml/test-support.js";

describe("lab configuration schema", () => {
  it("matches what typescript-json-schema generates from types.ts (run `npm run schema:config` after changing the types)", async () => {
    await assertSchemaCurrent("schema:config", "engine/config/config.schema.json");
  });
});
