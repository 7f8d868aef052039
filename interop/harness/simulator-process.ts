/**
 * The simulator under test as a separate process, started the way a user starts it
 * (`node bin/uacreg.js simulate --quiet --transcript 0 ...`), so that its CPU time can be read
 * from /proc apart from SIPp's and the benchmark's own.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../engine/index.js";

const BIN = fileURLToPath(new URL("../../bin/uacreg.js", import.meta.url));
const START_LIMIT_MS = 20_000;
const STOP_LIMIT_MS = 10_000;

export interface SimulatorProcess {
  readonly pid: number;
  /** SIGTERM, then the counters it prints as it stops. */
  stop(): Promise<{ messagesIn: number; messagesOut: number }>;
}

export async function startSimulatorProcess(args: readonly string[]): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [BIN, "simulate", "--quiet", "--transcript", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the simulator process did not start");
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const seen: string[] = [];
  let waiter: ((line: string) => void) | null = null;
  lines.on("line", (line) => {
    seen.push(line);
    waiter?.(line);
  });
  const waitFor = (pattern: RegExp, limitMs: number, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const found = seen.find((line) => pattern.test(line));
      if (found !== undefined) return resolve(found);
      const guard = systemClock.setTimeout(() => reject(new Error(`simulator: no "${what}" line within ${limitMs} ms; it printed: ${seen.join(" | ")}`)), limitMs);
      waiter = (line) => {
        if (!pattern.test(line)) return;
        systemClock.clearTimeout(guard);
        resolve(line);
      };
      void exited.then(() => {
        systemClock.clearTimeout(guard);
        reject(new Error(`simulator exited before "${what}"; it printed: ${seen.join(" | ")}`));
      });
    });
  try {
    await waitFor(/listening on/, START_LIMIT_MS, "listening");
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    pid,
    async stop() {
      child.kill("SIGTERM");
      const line = await waitFor(/stopped on/, STOP_LIMIT_MS, "stopped").catch((error: unknown) => {
        child.kill("SIGKILL");
        throw error;
      });
      await exited;
      const counts = /after (\d+) messages in, (\d+) out/.exec(line);
      return { messagesIn: Number(counts?.[1] ?? 0), messagesOut: Number(counts?.[2] ?? 0) };
    },
  };
}
