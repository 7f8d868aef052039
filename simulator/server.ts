/**
 * `uacreg simulate` without the command line: the simulated registrar listening on real sockets.
 * The command parses options into `SimulatorOptions` and calls `startSimulator`; tests call it
 * in-process and read the bindings straight from the handle.
 */
import { systemClock, type Clock } from "../engine/clock.js";
import { silentLogger, type Logger } from "../engine/log.js";
import { cryptoRandom, type Random } from "../engine/random.js";
import {
  createTcpTransport,
  createTlsTransport,
  createUdpTransport,
  formatSocketName,
  type SocketName,
  tapTransport,
  type Transport,
  type WireCounters,
} from "../engine/transport/index.js";
import { formatMessageLine } from "./message-line.js";
import { createRegistrar, type Registrar } from "./registrar.js";
import type { CompiledScript } from "./script/model.js";
import { summarize } from "./summary.js";
import type { UserTable } from "./users.js";

export interface SimulatorOptions {
  /** Sockets to listen on; port 0 picks a free port (see `SimulatorHandle.sockets`). */
  readonly listen: readonly SocketName[];
  readonly realm: string;
  /** Who may register; absent: no authentication. */
  readonly users?: UserTable;
  /** Scripted answers; its `defaults` win over the realm and expiry options here. */
  readonly script?: CompiledScript;
  /** PEM certificate and key; required when `listen` has a TLS socket. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly defaultExpiresSec?: number;
  readonly minExpiresSec?: number;
  readonly maxExpiresSec?: number;
  /** Transcript ring length; 0 turns it off. Default: the simulator's default. */
  readonly transcriptCapacity?: number;
  /** Receives one line per message on the wire; absent: nothing is formatted (quiet). */
  readonly print?: (line: string) => void;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
}

export interface SimulatorHandle {
  readonly registrar: Registrar;
  /** The sockets actually bound, in `listen` order (real ports after port 0). */
  readonly sockets: readonly SocketName[];
  /** Messages seen on every socket so far, retransmissions included. */
  readonly counters: Readonly<WireCounters>;
  /** Closes the registrar and every socket; safe to call twice. */
  stop(): Promise<void>;
}

/** Binds every socket or none: when one fails, the ones already bound are closed before rethrowing. */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const registrar = createRegistrar({
    clock,
    random: options.random ?? cryptoRandom(),
    logger,
    realm: options.realm,
    ...(options.users === undefined ? {} : { users: options.users }),
    ...(options.script === undefined ? {} : { script: options.script }),
    ...(options.defaultExpiresSec === undefined ? {} : { defaultExpiresSec: options.defaultExpiresSec }),
    ...(options.minExpiresSec === undefined ? {} : { minExpiresSec: options.minExpiresSec }),
    ...(options.maxExpiresSec === undefined ? {} : { maxExpiresSec: options.maxExpiresSec }),
    ...(options.transcriptCapacity === undefined ? {} : { transcript: { capacity: options.transcriptCapacity } }),
  });
  const counters: WireCounters = { messagesIn: 0, messagesOut: 0 };
  const { print } = options;
  const transports: Transport[] = [];
  try {
    for (const socket of options.listen) transports.push(await listenOn(socket, options, clock, logger));
  } catch (error) {
    registrar.close();
    await Promise.allSettled(transports.map((transport) => transport.close()));
    throw error;
  }
  for (const transport of transports) {
    registrar.attach(
      tapTransport(transport, (direction, peer, data) => {
        if (direction === "in") counters.messagesIn++;
        else counters.messagesOut++;
        if (print !== undefined) print(formatMessageLine(clock.now(), direction, formatSocketName(peer), summarize(data)));
      }),
    );
  }
  let stopping: Promise<void> | null = null;
  return {
    registrar,
    sockets: transports.map((transport) => transport.local),
    counters,
    stop() {
      stopping ??= (async () => {
        registrar.close();
        await Promise.allSettled(transports.map((transport) => transport.close()));
      })();
      return stopping;
    },
  };
}

/**
 * Receive buffer of a UDP listener. The system default (about 200 KiB on Linux) overflows when a
 * load generator sends a few thousand requests a second and the event loop pauses for GC: the
 * kernel then drops datagrams and clients retransmit. Capped by net.core.rmem_max.
 */
const UDP_BUFFER_BYTES = 4 * 1024 * 1024;

function listenOn(socket: SocketName, options: SimulatorOptions, clock: Clock, logger: Logger): Promise<Transport> {
  const bind = { host: socket.host, port: socket.port };
  switch (socket.protocol) {
    case "udp":
      return createUdpTransport({ bind, logger, recvBufferBytes: UDP_BUFFER_BYTES });
    case "tcp":
      return createTcpTransport({ bind, clock, logger });
    case "tls":
      if (options.tls === undefined) throw new RangeError(`${formatSocketName(socket)} needs a TLS certificate and key`);
      return createTlsTransport({ bind, clock, logger, server: { cert: options.tls.cert, key: options.tls.key } });
  }
}
