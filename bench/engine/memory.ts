/**
 * Memory per record, one size per process so that each starts from a clean heap:
 * `node --expose-gc --import tsx bench/engine/memory.ts <records> [wallBudgetSec]`.
 *
 * The records (hash_size 10, timer_interval 1024, expiry 3600) register with digest against an
 * in-process registrar on the memory network under a fake clock; all are due within the first
 * 1024 simulated seconds (one bucket a second). Then the registrar goes, the store is emptied
 * (its rows are the database's, not the engine's) and, after a full GC, the heap growth since a
 * baseline taken before anything was built is divided by the record count. Prints one JSON line
 * (`MemoryResult`).
 */
import { createClock } from "@sinonjs/fake-timers";
import {
  createEngine,
  fromFakeClock,
  MemoryNetwork,
  MemoryRegistrantStore,
  seededRandom,
  StaticResolver,
  TransactionLayer,
} from "../../engine/index.js";
import { benchRows, serveRegistrar } from "./registrar.js";

export interface MemoryResult {
  readonly records: number;
  readonly registered: number;
  readonly simulatedSec: number;
  readonly wallSec: number;
  /** Heap growth over the baseline, engine only (store emptied), after GC. */
  readonly engineHeapBytes: number;
  /** The same with the store's rows still held, for comparison. */
  readonly withStoreHeapBytes: number;
  readonly rssBytes: number;
  readonly baselineRssBytes: number;
  /** False when the wall budget ran out before every record registered. */
  readonly complete: boolean;
}

const ENGINE_SOCKET = "udp:10.0.0.1:5060";
const REGISTRAR_SOCKET = "udp:10.0.0.2:5060";
/** Every bucket is visited once in 1024 s; the margin covers the last bucket's transactions. */
const SIMULATED_LIMIT_SEC = 1_100;
/** Simulated time per tickAsync call: one bucket visit, then the wall budget is checked. */
const CHUNK_MS = 1_000;
/** Past Timer K (5 s on UDP), so that no client transaction is left when the heap is measured. */
const DRAIN_MS = 6_000;
const PROGRESS_EVERY_SEC = 60;

const records = Number(process.argv[2]);
const wallBudgetSec = Number(process.argv[3] ?? "1200");
if (!Number.isSafeInteger(records) || records < 1 || !(wallBudgetSec > 0)) {
  console.error("usage: memory.ts <records> [wallBudgetSec]");
  process.exit(2);
}
const collect: (() => void) | undefined = globalThis.gc;
if (collect === undefined) {
  console.error("memory.ts needs node --expose-gc");
  process.exit(2);
}

/** Several passes: one major GC can leave garbage that only a weak-reference pass frees. */
function settledHeap(): number {
  for (let i = 0; i < 3; i++) collect?.();
  return process.memoryUsage().heapUsed;
}

const baselineHeap = settledHeap();
const baselineRss = process.memoryUsage().rss;

const fake = createClock(0);
const clock = fromFakeClock(fake);
const random = seededRandom(11);
let network: MemoryNetwork | null = new MemoryNetwork({ clock, random: random.child() });
// Held in a variable that is cleared afterwards: a const would keep the registrar (and the Set of
// every user it accepted, about 60 bytes a record) reachable while the engine's heap is measured.
let registrar: { layer: TransactionLayer; transport: ReturnType<MemoryNetwork["bind"]> } | null = {
  layer: new TransactionLayer({ clock, random: random.child() }),
  transport: network.bind(REGISTRAR_SOCKET),
};
registrar.layer.attach(registrar.transport);
serveRegistrar(registrar.layer, random.child());

const store = new MemoryRegistrantStore(benchRows(records, "10.0.0.1:5060", "sip:10.0.0.2"));
const engine = createEngine(
  { hash_size: 10, timer_interval: 1024 },
  { clock, transports: [network.bind(ENGINE_SOCKET)], resolver: new StaticResolver(), store, random: random.child(), runLog: null },
);
let registered = 0;
engine.onEvent((event) => {
  if (event.name === "E_REGISTRANT_REGISTERED") registered += 1;
});

const wallStart = performance.now();
const wallSec = (): number => (performance.now() - wallStart) / 1000;
await engine.start();
let reportedAtSec = 0;
while (registered < records && fake.now < SIMULATED_LIMIT_SEC * 1000 && wallSec() < wallBudgetSec) {
  await fake.tickAsync(CHUNK_MS);
  // A long run says how far it got, so a stalled or slow one is told from a busy one.
  if (wallSec() - reportedAtSec >= PROGRESS_EVERY_SEC) {
    reportedAtSec = wallSec();
    console.error(`memory ${records}: ${registered} registered, ${fake.now / 1000} simulated s, ${Math.round(reportedAtSec)} s wall`);
  }
}
const simulatedSec = fake.now / 1000;
const elapsedSec = wallSec();

// Drop the registrar, let the engine's last transactions end, and forget the network: what stays
// reachable is the engine (whose socket still links to the now idle network) and its records.
registrar.layer.close();
await registrar.transport.close();
registrar = null;
await fake.tickAsync(DRAIN_MS);
network = null;

const withStoreHeap = settledHeap();
store.setRows([]);
const engineHeap = settledHeap();
const result: MemoryResult = {
  records,
  registered,
  simulatedSec,
  wallSec: elapsedSec,
  engineHeapBytes: engineHeap - baselineHeap,
  withStoreHeapBytes: withStoreHeap - baselineHeap,
  rssBytes: process.memoryUsage().rss,
  baselineRssBytes: baselineRss,
  complete: registered >= records,
};
console.log(JSON.stringify(result));
// The engine must stay reachable until the heap was measured; stopping it afterwards is cleanup.
await engine.stop();
