/** The installed `uacreg` command as a child process, for tests of what a user types. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { systemClock } from "../engine/index.js";

const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));
/** A run still going after this is stuck: it is killed and the test fails with its stderr. */
const RUN_LIMIT_MS = 20_000;

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `uacreg ...args` to its end and gives its exit code and output. */
export function runUacreg(args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const guard = systemClock.setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`uacreg ${args.join(" ")} did not end in time; stderr: ${stderr}`));
    }, RUN_LIMIT_MS);
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      systemClock.clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}
