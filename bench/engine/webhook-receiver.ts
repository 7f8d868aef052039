/**
 * A webhook receiver for bench/management-overhead.ts, in its own process so that its CPU is not
 * counted: answers 204 to every POST, prints its port, and on a line `stats` on stdin prints how
 * many events and requests it received.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";

let events = 0;
let requests = 0;
const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    const parsed = JSON.parse(body) as unknown;
    events += Array.isArray(parsed) ? parsed.length : 1;
    requests += 1;
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "stats") process.stdout.write(`${JSON.stringify({ events, requests })}\n`);
});
process.stdin.on("end", () => server.close());
