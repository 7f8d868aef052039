/**
 * Which CLI the installed command runs: the compiled one in dist/ when `npm run build` compiled
 * exactly the sources as they are now, else the TypeScript source through tsx (a developer who
 * edited a .ts file never runs stale code). Plain JavaScript, so that choosing costs no loader.
 *
 * The build stamp is a fingerprint of the compiled sources (path, size and mtime of each), taken
 * before tsc runs; bin/uacreg.js takes it again and compares. Test files are not compiled, so they
 * are not in it. `UACREG_SOURCE=1` forces the source path.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** What tsconfig.build.json compiles, and the configs that shape the output. */
export const SOURCE_FOLDERS = ["engine", "simulator", "cli"];
export const BUILD_CONFIGS = ["tsconfig.json", "tsconfig.build.json"];
export const STAMP_FILE = "dist/.build-stamp.json";
export const DIST_ENTRY = "dist/cli/uacreg.js";

const COMPILED = /(?<!\.test)\.(ts|json)$/;

function walk(root, folder, out) {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) walk(root, path, out);
    else if (COMPILED.test(entry.name)) out.push(path);
  }
}

/** The fingerprint of the sources below `root` that the build compiles. */
export function sourceFingerprint(root) {
  const paths = [...BUILD_CONFIGS];
  for (const folder of SOURCE_FOLDERS) walk(root, folder, paths);
  const hash = createHash("sha1");
  for (const path of paths.sort()) {
    const stat = statSync(join(root, path));
    hash.update(`${path}\t${stat.size}\t${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** The fingerprint the last build recorded, or null when there is no (readable) stamp. */
export function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), "utf8"));
    return typeof stamp.fingerprint === "string" ? stamp.fingerprint : null;
  } catch {
    return null;
  }
}

/**
 * The pure choice: `dist` when the stamp matches the sources now and the source path is not
 * forced, else `source`.
 */
export function chooseEntry({ stamp, fingerprint, forceSource }) {
  return !forceSource && stamp !== null && stamp === fingerprint ? "dist" : "source";
}

/** The choice for the tree at `root`, with `UACREG_SOURCE` read from `env`. */
export function entryFor(root, env = process.env) {
  const forceSource = env.UACREG_SOURCE === "1";
  const stamp = forceSource ? null : readStamp(root);
  // Without a stamp there is nothing to compare: spare the walk.
  if (stamp === null) return "source";
  return chooseEntry({ stamp, fingerprint: sourceFingerprint(root), forceSource });
}
