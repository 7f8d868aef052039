/**
 * A shard of `uacreg simulate --workers N`, in a worker thread: a whole registrar (binding table,
 * nonces, transaction layer) for the AORs the main thread hashes to it. Datagrams arrive over the
 * worker's port from the main thread, which owns the UDP sockets; answers go back the same way,
 * gathered per turn of the event loop, and leave from the registrar's own port.
 */
import { parentPort, workerData } from "node:worker_threads";
import { systemClock } from "../../engine/clock.js";
import { cryptoRandom } from "../../engine/random.js";
import type { InboundMessage, SocketAddress, Transport } from "../../engine/transport/index.js";
import { createRegistrar } from "../registrar.js";
import { RequestTally } from "../request-tally.js";
import { UserTable } from "../users.js";
import { warmUp } from "../warm-up.js";
import type { FromShard, ShardSettings, ToShard } from "./shard-messages.js";

const port = parentPort;
if (port === null) throw new Error("shard-worker.ts runs only as a worker thread");
const settings = workerData as ShardSettings;
const post = (message: FromShard, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

const random = cryptoRandom();
const tally = new RequestTally();
const registrar = createRegistrar({
  clock: systemClock,
  random,
  realm: settings.realm,
  transcript: { capacity: 0 },
  onHandled: (handled) => {
    tally.record(handled);
    if (settings.tell) post({ kind: "handled", handled });
  },
  ...(settings.users === null ? {} : { users: UserTable.fromEntries(settings.users) }),
  ...(settings.defaultExpiresSec === null ? {} : { defaultExpiresSec: settings.defaultExpiresSec }),
  ...(settings.minExpiresSec === null ? {} : { minExpiresSec: settings.minExpiresSec }),
  ...(settings.maxExpiresSec === null ? {} : { maxExpiresSec: settings.maxExpiresSec }),
  ...(settings.aorMatching === null ? {} : { aorMatching: settings.aorMatching }),
  ...(settings.script === null ? {} : { script: settings.script }),
});

/** Answers of this turn, posted together once the turn's datagrams are handled. */
let outbox: Array<{ socket: number; host: string; port: number; data: Uint8Array }> = [];
let transfers: ArrayBuffer[] = [];
const flush = (): void => {
  post({ kind: "send", out: outbox }, transfers);
  outbox = [];
  transfers = [];
};
const handlers: Array<(message: InboundMessage) => void> = [];
settings.sockets.forEach((local, socket) => {
  const queue = (to: SocketAddress, data: Uint8Array): null => {
    // A copy of its own, so its buffer can be transferred whatever else shares the original's.
    const own = new Uint8Array(data);
    // Once this turn's datagrams are handled: one message to the main thread for all their answers.
    if (outbox.length === 0) setImmediate(flush);
    outbox.push({ socket, host: to.host, port: to.port, data: own });
    transfers.push(own.buffer);
    return null;
  };
  const transport: Transport = {
    protocol: local.protocol,
    reliable: false,
    local,
    send: (to, data) => Promise.resolve(void queue(to, data)),
    sendUnconfirmed: queue,
    onMessage: (handler) => void (handlers[socket] = handler),
    close: () => Promise.resolve(),
  };
  registrar.attach(transport);
});

port.on("message", (message: ToShard) => {
  if (message.kind === "datagrams") {
    for (const { socket, source, data } of message.items) handlers[socket]?.({ data, source, local: settings.sockets[socket]! });
    return;
  }
  post({ kind: "gathered", id: message.id, bindings: registrar.bindings(), tally: tally.entries(), pending: registrar.pendingSteps() });
});

if (settings.warmUpRegistrations > 0) await warmUp(systemClock, random, settings.warmUpRegistrations);
post({ kind: "ready" });
