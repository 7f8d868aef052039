/**
 * The registrar of the CPU benchmark, in its own process so that its work is not counted as the
 * engine's: `node --import tsx bench/engine/responder.ts <port>` binds udp:127.0.0.1:<port>
 * (0 = ephemeral), prints the bound port on one line when ready, answers as the bench registrar,
 * on a `stats` line on stdin prints one JSON line of its counters, on a `reset` line forgets
 * which users it accepted. It exits when stdin ends,
 * so it never outlives the benchmark that spawned it.
 */
import { createInterface } from "node:readline";
import { createUdpTransport, cryptoRandom, systemClock, TransactionLayer, type TransactionLayerStats } from "../../engine/index.js";
import { BENCH_UDP_SOCKET, serveRegistrar } from "./registrar.js";

/** The line the responder prints for `stats`. */
export interface ResponderReport {
  readonly layer: TransactionLayerStats;
  /** Distinct users whose credentials were accepted (200) since the last `reset` line. */
  readonly accepted: number;
  /** process.cpuUsage() of the responder, microseconds. */
  readonly cpuUs: number;
}

const port = Number(process.argv[2] ?? "0");
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`usage: responder.ts <port>, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}

const random = cryptoRandom();
const transport = await createUdpTransport({ ...BENCH_UDP_SOCKET, bind: { host: "127.0.0.1", port } });
const layer = new TransactionLayer({ clock: systemClock, random: random.child() });
layer.attach(transport);
const counts = serveRegistrar(layer, random.child());
console.log(String(transport.local.port));

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = line.trim();
  // Both registrants register the same users: each run starts the count of accepted users afresh.
  if (command === "reset") {
    counts.accepted.clear();
    return;
  }
  if (command !== "stats") return;
  const cpu = process.cpuUsage();
  const report: ResponderReport = { layer: layer.stats, accepted: counts.accepted.size, cpuUs: cpu.user + cpu.system };
  console.log(JSON.stringify(report));
});
lines.on("close", () => {
  layer.close();
  void transport.close().then(() => process.exit(0));
});
