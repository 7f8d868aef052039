/**
 * The test-controlled TCP proxy as a process of its own (`node --import tsx testkit/tcp-proxy-main.ts
 * HOST PORT`), so that a test busy reading a large transcript never delays the bytes it forwards.
 * Prints `port N` once listening; then reads one command a line on stdin (`stall`, `cut`,
 * `restore`, `strand`) and answers each with `ok <command>`. Ends when stdin closes.
 */
import { createInterface } from "node:readline";
import { startTcpProxy } from "./tcp-proxy.js";

const [host = "", portText = ""] = process.argv.slice(2);
const port = Number(portText);
if (host === "" || !Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write("usage: tcp-proxy-main.ts HOST PORT (the server to forward to)\n");
  process.exit(2);
}
const proxy = await startTcpProxy({ host, port });
process.stdout.write(`port ${proxy.port}\n`);
const commands = { stall: () => proxy.stall(), cut: () => proxy.cut(), restore: () => proxy.restore(), strand: () => proxy.strand() } as const;
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = line.trim();
  if (!(command in commands)) {
    process.stdout.write(`error unknown command ${JSON.stringify(command)}\n`);
    return;
  }
  commands[command as keyof typeof commands]();
  process.stdout.write(`ok ${command}\n`);
});
lines.on("close", () => void proxy.close().then(() => process.exit(0)));
