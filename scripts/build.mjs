/**
 * `npm run build` (and `npm ci`, through `prepare`): compiles engine/, simulator/ and cli/ to dist/
 * with tsconfig.build.json, then writes the stamp bin/uacreg.js checks to run dist/ instead of the
 * sources through tsx. The sources' fingerprint is taken before tsc runs, so a file saved during
 * the build leaves the stamp stale rather than claiming output it may not have.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFingerprint, STAMP_FILE } from "../bin/choose-entry.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

const fingerprint = sourceFingerprint(root);
// From empty: the output of a deleted source must not linger where an import could still find it.
rmSync(join(root, "dist"), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) {
  console.error("build: tsc failed; bin/uacreg.js keeps running the sources through tsx");
  process.exit(result.status ?? 1);
}
writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
