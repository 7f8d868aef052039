/**
 * For the schema drift tests: a JSON Schema generated from TypeScript types is regenerated with
 * the very npm script that writes it (read from package.json, output sent to a temp file) and
 * compared with the committed file, so the types and the schema cannot drift apart.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function assertSchemaCurrent(npmScript: string, committed: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const command = manifest.scripts[npmScript];
  if (command === undefined || !command.includes(`-o ${committed}`)) assert.fail(`npm run ${npmScript} no longer writes ${committed}`);
  const output = join(await mkdtemp(join(tmpdir(), "uacreg-schema-")), basename(committed));
  const [program, ...args] = command.replace(`-o ${committed}`, `-o ${output}`).split(" ");
  assert.ok(program !== undefined);
  const path = [join(ROOT, "node_modules", ".bin"), process.env["PATH"] ?? ""].join(delimiter);
  await promisify(execFile)(program, args, { cwd: ROOT, env: { ...process.env, PATH: path } });
  assert.equal(await readFile(output, "utf8"), await readFile(join(ROOT, committed), "utf8"));
}
