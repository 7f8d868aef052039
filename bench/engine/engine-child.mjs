/**
 * The engine of the CPU benchmark in a process of its own, so that what is measured is the engine
 * as users run it (compiled, no loader thread), not the bench around it. Plain JavaScript: it
 * imports the engine module named by argv[2] (dist/engine/index.js; engine/index.ts when started
 * under tsx for a comparison). bench/engine/engine-process.ts drives it with one JSON line per
 * step on stdin and reads one JSON line per answer on stdout:
 *   {"op":"setup","params","socket","rows"} -> {"ready":true}
 *   {"op":"run","limitMs"}  -> {"registered","userMs","systemMs","wallSec"}: CPU of this process from
 *                              engine.start() until every row is REGISTERED (or the limit)
 *   {"op":"idle","sec","restSec"} -> {"restCpuMs","cpuMs"}: CPU of this process over `restSec`
 *                              seconds, then over the `sec` seconds after them, nothing due in either
 *   {"op":"stop"}           -> {"stopped":true}, then the process ends
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const lib = await import(pathToFileURL(process.argv[2] ?? "").href);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const answer = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

let engine = null;
let registered = 0;
let records = 0;
let onAll = () => undefined;

async function setup({ params, socket, rows }) {
  const transport = await lib.createUdpTransport(socket);
  records = rows.length;
  engine = lib.createEngine(params, {
    clock: lib.systemClock,
    transports: [transport],
    resolver: new lib.StaticResolver(),
    store: new lib.MemoryRegistrantStore(rows),
    random: lib.cryptoRandom(),
    runLog: null,
  });
  engine.onEvent((event) => {
    if (event.name !== "E_REGISTRANT_REGISTERED") return;
    registered += 1;
    if (registered === records) onAll();
  });
  return { ready: true };
}

async function run({ limitMs }) {
  const all = new Promise((resolve) => {
    onAll = resolve;
  });
  let limit;
  const timedOut = new Promise((resolve) => {
    limit = setTimeout(resolve, limitMs);
  });
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await engine.start();
  await Promise.race([all, timedOut]);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSec = (performance.now() - wallBefore) / 1000;
  clearTimeout(limit);
  return { registered, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, wallSec };
}

async function idle({ sec, restSec }) {
  const cpuMs = (usage) => (usage.user + usage.system) / 1000;
  const restBefore = process.cpuUsage();
  await sleep(restSec * 1000);
  const rest = process.cpuUsage(restBefore);
  const before = process.cpuUsage();
  await sleep(sec * 1000);
  return { restCpuMs: cpuMs(rest), cpuMs: cpuMs(process.cpuUsage(before)) };
}

const steps = { setup, run, idle, stop: async () => (await engine?.stop(), { stopped: true }) };
for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line);
  answer(await steps[message.op](message));
  if (message.op === "stop") break;
}
process.exit(0);
