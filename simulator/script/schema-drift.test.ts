/**
 * `script.schema.json` is generated from `types.ts` (and the simulator config's schema from its
 * types); this regenerates each with the very command of its npm script (read from package.json,
 * output sent to a temp file) and fails when the committed file differs, so the types and the
 * schema cannot drift apart.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMAS = [
  ["schema:scripts", "simulator/script/script.schema.json"],
  ["schema:simulator-config", "simulator/config/config.schema.json"],
] as const;

describe("generated schemas", () => {
  for (const [script, COMMITTED] of SCHEMAS) it(`${COMMITTED} matches what typescript-json-schema generates from its types (run \`npm run ${script}\` after changing them)`, async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const command = manifest.scripts[script];
    if (command === undefined || !command.includes(`-o ${COMMITTED}`)) assert.fail(`npm run ${script} no longer writes ${COMMITTED}`);
    const output = join(await mkdtemp(join(tmpdir(), "uacreg-schema-")), "schema.json");
    const [program, ...args] = command.replace(`-o ${COMMITTED}`, `-o ${output}`).split(" ");
    assert.ok(program !== undefined);
    const path = [join(ROOT, "node_modules", ".bin"), process.env["PATH"] ?? ""].join(delimiter);
    await promisify(execFile)(program, args, { cwd: ROOT, env: { ...process.env, PATH: path } });
    assert.equal(await readFile(output, "utf8"), await readFile(join(ROOT, COMMITTED), "utf8"));
  });
});
