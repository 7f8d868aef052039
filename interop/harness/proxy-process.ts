/**
 * The test-controlled TCP proxy (testkit/tcp-proxy.ts) in a child process, driven over its stdin:
 * each command resolves once the proxy confirmed it. Bounded waits throughout.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { systemClock } from "../../engine/index.js";
import { stopChild } from "./stop-child.js";

const MAIN = fileURLToPath(new URL("../../testkit/tcp-proxy-main.ts", import.meta.url));
const ANSWER_LIMIT_MS = 10_000;
const STOP_LIMIT_MS = 5_000;

export type ProxyCommand = "stall" | "cut" | "restore" | "strand";

export interface ProxyProcess {
  readonly port: number;
  send(command: ProxyCommand): Promise<void>;
  close(): Promise<void>;
}

export async function startProxyProcess(target: { readonly host: string; readonly port: number }): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, target.host, String(target.port)], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.stdout === null || child.stdin === null) throw new Error("the proxy process has no pipes");
  const stdin = child.stdin;
  const lines = createInterface({ input: child.stdout });
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  lines.on("line", (line) => {
    const index = waiters.findIndex((waiter) => waiter.pattern.test(line));
    if (index === -1) return;
    const [waiter] = waiters.splice(index, 1);
    waiter?.resolve(line);
  });
  const expect = (pattern: RegExp, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const guard = systemClock.setTimeout(() => reject(new Error(`TCP proxy process: no "${what}" within ${ANSWER_LIMIT_MS} ms`)), ANSWER_LIMIT_MS);
      waiters.push({
        pattern,
        resolve: (line) => {
          systemClock.clearTimeout(guard);
          resolve(line);
        },
      });
    });
  let port: number;
  try {
    port = Number(/^port (\d+)$/.exec(await expect(/^port \d+$/, "port"))?.[1]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    port,
    async send(command) {
      const answered = expect(new RegExp(`^ok ${command}$`), `ok ${command}`);
      stdin.write(`${command}\n`);
      await answered;
    },
    async close() {
      stdin.end();
      await stopChild(child, exited, STOP_LIMIT_MS);
    },
  };
}
