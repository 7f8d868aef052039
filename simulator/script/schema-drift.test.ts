/**
 * `script.schema.json` is generated from `types.ts` and the simulator config's schema from its
 * types; each is regenerated with the very command of its npm script and must equal the
 * committed file, so the types and the schemas cannot drift apart.
 */
import { describe, it } from "node:test";
import { assertSchemaCurrent } from "../../testkit/schema-drift.js";

const SCHEMAS = [
  ["schema:scripts", "simulator/script/script.schema.json"],
  ["schema:simulator-config", "simulator/config/config.schema.json"],
] as const;

describe("generated schemas", () => {
  for (const [script, committed] of SCHEMAS) {
    it(`${committed} matches what typescript-json-schema generates from its types (run \`npm run ${script}\` after changing them)`, async () => {
      await assertSchemaCurrent(script, committed);
    });
  }
});
