/**
 * Benches measure the engine as users run it: compiled, without tsx's loader thread (which alone
 * costs more idle CPU than Kamailio's `uac`) or its keepNames transform. When dist/ is not the
 * build of the sources as they are now, the bench builds it first.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chooseEntry, DIST_ENTRY, readStamp, sourceFingerprint } from "../bin/choose-entry.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILD = join(ROOT, "scripts", "build.mjs");

const fresh = (): boolean => chooseEntry({ stamp: readStamp(ROOT), fingerprint: sourceFingerprint(ROOT), forceSource: false }) === "dist";

/** The path of `what` inside dist/ (`engine/index.js`), after building dist/ if it is stale; throws if the build fails. */
export function compiled(what: string): string {
  if (!fresh()) {
    console.log("dist/ is not the build of the sources as they are: building it (npm run build)");
    spawnSync(process.execPath, [BUILD], { stdio: "inherit" });
    if (!fresh()) throw new Error("dist/ is still stale after the build: run npm run build and read its errors");
  }
  return join(ROOT, "dist", what);
}

/** The compiled CLI (`dist/cli/uacreg.js`), built first if stale. */
export const compiledCli = (): string => compiled(DIST_ENTRY.replace(/^dist\//, ""));
