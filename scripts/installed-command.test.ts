/**
 * bin/uacreg.js runs the compiled CLI only when dist/ was built from the sources as they are now:
 * the pure choice, then the real command on a small tree of its own (a stamped build, then a
 * source saved after it, then a test file saved after it, then `UACREG_SOURCE=1`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chooseEntry, DIST_ENTRY, entryFor, sourceFingerprint, STAMP_FILE } from "../bin/choose-entry.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("chooseEntry", () => {
  it("runs dist/ when the stamp is the sources' fingerprint", () => {
    assert.equal(chooseEntry({ stamp: "abc", fingerprint: "abc", forceSource: false }), "dist");
  });

  it("runs the sources when the stamp is stale, missing, or the source path is forced", () => {
    assert.equal(chooseEntry({ stamp: "abc", fingerprint: "abd", forceSource: false }), "source");
    assert.equal(chooseEntry({ stamp: null, fingerprint: "abc", forceSource: false }), "source");
    assert.equal(chooseEntry({ stamp: "abc", fingerprint: "abc", forceSource: true }), "source");
  });
});

describe("bin/uacreg.js on a tree of its own", () => {
  const tree = mkdtempSync(join(tmpdir(), "uacreg-bin-"));
  after(() => rmSync(tree, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(join(tree, path, ".."), { recursive: true });
    writeFileSync(join(tree, path), text);
  };
  mkdirSync(join(tree, "bin"));
  for (const file of ["uacreg.js", "choose-entry.js"]) copyFileSync(join(ROOT, "bin", file), join(tree, "bin", file));
  symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"));
  write("package.json", JSON.stringify({ type: "module" }));
  write("tsconfig.json", "{}");
  write("tsconfig.build.json", "{}");
  write("engine/index.ts", "export const engine = 1;\n");
  write("simulator/config/config.schema.json", "{}");
  write("cli/uacreg.ts", 'const from: string = "source";\nconsole.log(from);\n');
  write(DIST_ENTRY, 'console.log("dist");\n');
  write(STAMP_FILE, JSON.stringify({ fingerprint: sourceFingerprint(tree) }));
  const run = (env: NodeJS.ProcessEnv = {}): string => {
    const result = spawnSync(process.execPath, [join(tree, "bin/uacreg.js")], { encoding: "utf8", env: { ...process.env, UACREG_SOURCE: "", ...env } });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  };
  const touch = (path: string): void => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(tree, path), later, later);
  };

  it("runs dist/ right after a build", () => {
    assert.equal(entryFor(tree, {}), "dist");
    assert.equal(run(), "dist");
  });

  it("still runs dist/ after a test file is saved (tests are not compiled)", () => {
    write("engine/index.test.ts", "");
    assert.equal(run(), "dist");
  });

  it("runs the source through tsx when UACREG_SOURCE=1", () => {
    assert.equal(run({ UACREG_SOURCE: "1" }), "source");
  });

  it("runs the source through tsx once a source is saved after the build", () => {
    touch("engine/index.ts");
    assert.equal(entryFor(tree, {}), "source");
    assert.equal(run(), "source");
  });
});
