import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";

const MODULE = new URL("./closed-output.ts", import.meta.url).href;

/**
 * A child writing lines to stdout after its reader closed the pipe: it reports on stderr how far
 * it got and exits with the code the process ends with.
 */
async function writeAfterReaderCloses(guarded: boolean): Promise<{ code: number | null; stderr: string }> {
  const script = `
    ${guarded ? `const { dropOutputToClosedPipe } = await import(${JSON.stringify(MODULE)}); dropOutputToClosedPipe(process.stdout);` : ""}
    process.stdout.write("first\\n");
    process.stdin.once("data", async () => {
      for (let i = 0; i < 200; i++) {
        process.stdout.write("line " + i + "\\n");
        await new Promise((resolve) => setImmediate(resolve));
      }
      process.stderr.write("wrote every line\\n");
      process.stdin.destroy();
    });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await once(child.stdout, "data");
  child.stdout.destroy();
  child.stdin.write("go\n");
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr };
}

describe("output to a closed pipe", () => {
  it("is dropped: the process writes on and ends normally", async () => {
    const { code, stderr } = await writeAfterReaderCloses(true);
    assert.match(stderr, /wrote every line/);
    assert.equal(code, 0);
  });

  it("ends an unguarded process with an uncaught EPIPE (what the guard prevents)", async () => {
    const { code, stderr } = await writeAfterReaderCloses(false);
    assert.match(stderr, /EPIPE/);
    assert.notEqual(code, 0);
  });
});
