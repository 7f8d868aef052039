/**
 * `script.schema.json` is generated from `types.ts`; this regenerates it with the very command of
 * `npm run schema:scripts` (read from package.json, output sent to a temp file) and fails when the
 * committed file differs, so the types and the schema cannot drift apart.
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
const COMMITTED = "simulator/script/script.schema.json";

describe("script schema", () => {
  it("matches what typescript-json-schema generates from types.ts (run `npm run schema:scripts` after changing the types)", async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const command = manifest.scripts["schema:scripts"];
    if (command === undefined || !command.includes(`-o ${COMMITTED}`)) assert.fail(`npm run schema:scripts no longer writes ${COMMITTED}`);
    const output = join(await mkdtemp(join(tmpdir(), "uacreg-schema-")), "script.schema.json");
    const [program, ...args] = command.replace(`-o ${COMMITTED}`, `-o ${output}`).split(" ");
    assert.ok(program !== undefined);
    const path = [join(ROOT, "node_modules", ".bin"), process.env["PATH"] ?? ""].join(delimiter);
    await promisify(execFile)(program, args, { cwd: ROOT, env: { ...process.env, PATH: path } });
    assert.equal(await readFile(output, "utf8"), await readFile(join(ROOT, COMMITTED), "utf8"));
  });
});
