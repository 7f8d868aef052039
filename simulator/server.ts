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
  type Transport,
  type WireCounters,
} from "../engine/transport/index.js";
import type { AorMatching } from "./aor.js";
import { startHttpView } from "./http-view.js";
import type { HandledRequest } from "./registrar-options.js";
import { createRegistrar, type Registrar } from "./registrar.js";
import { RequestTally } from "./request-tally.js";
import { formatRunSummary } from "./run-summary.js";
import type { CompiledScript } from "./script/model.js";
import { scriptWarnings } from "./script/script-warnings.js";
import { DEFAULT_TRANSCRIPT_CAPACITY } from "./transcript.js";
import { TranscriptFile } from "./transcript-file.js";
import type { UserTable } from "./users.js";
import { warmUp } from "./warm-up.js";
import { WireWatch } from "./wire-watch.js";

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
  /** How a To URI names an AOR: registrar (user and host, the default) or strict (RFC 3261). A script's `aorMatching` wins. */
  readonly aorMatching?: AorMatching;
  /** Transcript ring length; 0 turns it off. Default: the simulator's default. */
  readonly transcriptCapacity?: number;
  /** Receives one line per message on the wire; absent: nothing is formatted (quiet). */
  readonly print?: (line: string) => void;
  /** Writes every message to this file as JSON lines, rotated to `path.1` past `maxBytes`. */
  readonly transcriptFile?: { readonly path: string; readonly maxBytes: number };
  /** REGISTERs answered by a throwaway registrar before listening, so V8 has compiled the hot paths (warm-up.ts); 0 or absent: none. */
  readonly warmUpRegistrations?: number;
  /** Serves the read-only HTTP view (`/bindings`, `/transcript`, `/metrics`) here; port 0 picks one. */
  readonly http?: { readonly host: string; readonly port: number };
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
  /** Where the HTTP view listens (the real port after port 0), or null without one. */
  readonly http: { readonly host: string; readonly port: number } | null;
  /** Problems found at start-up that do not stop it (a script rule that can match no user). */
  readonly warnings: readonly string[];
  /** Bindings per AOR, requests by outcome, script steps not used (`verbose`: every contact). */
  summary(verbose: boolean): string;
  /** Closes the registrar and every socket; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a simulated registrar on real sockets, every socket or none: when one fails, those already
 * bound are closed before the error is rethrown. Defaults as createRegistrar's, plus systemClock,
 * cryptoRandom, no line printing, no transcript file, no warm-up and no HTTP view. Rejects with
 * SimulatorError `registrar_config_invalid` for an option that cannot work, RangeError for a TLS
 * socket without `tls`, TransportError `bind_failed` for a socket that cannot be bound, or the file
 * system's error for a transcript file that cannot be opened.
 */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { print } = options;
  const file = options.transcriptFile === undefined ? null : new TranscriptFile(options.transcriptFile.path, options.transcriptFile.maxBytes, (error) => logger.warn({ error: error.message }, "transcript file not written"));
  const matching = options.script?.settings.aorMatching ?? options.aorMatching;
  const watch = new WireWatch({ clock, matching, print, file, http: options.http !== undefined });
  const tally = new RequestTally();
  const onHandled = (handled: HandledRequest): void => {
    tally.record(handled);
    watch.handled(handled);
  };
  const registrar = createRegistrar({
    onHandled,
    clock,
    random: options.random ?? cryptoRandom(),
    logger,
    realm: options.realm,
    ...(options.users === undefined ? {} : { users: options.users }),
    ...(options.script === undefined ? {} : { script: options.script }),
    ...(options.defaultExpiresSec === undefined ? {} : { defaultExpiresSec: options.defaultExpiresSec }),
    ...(options.minExpiresSec === undefined ? {} : { minExpiresSec: options.minExpiresSec }),
    ...(options.maxExpiresSec === undefined ? {} : { maxExpiresSec: options.maxExpiresSec }),
    ...(options.aorMatching === undefined ? {} : { aorMatching: options.aorMatching }),
    ...(options.transcriptCapacity === undefined ? {} : { transcript: { capacity: options.transcriptCapacity } }),
  });
  const counters: WireCounters = { messagesIn: 0, messagesOut: 0 };
  const transports: Transport[] = [];
  try {
    if ((options.warmUpRegistrations ?? 0) > 0) await warmUp(clock, options.random ?? cryptoRandom(), options.warmUpRegistrations);
    await file?.opened();
    for (const socket of options.listen) transports.push(await listenOn(socket, options, clock, logger));
    if (options.http !== undefined) watch.view = await startHttpView({ ...options.http, bindings: (aor) => registrar.bindings(aor), counters, capacity: Math.max(1, options.transcriptCapacity ?? DEFAULT_TRANSCRIPT_CAPACITY) });
  } catch (error) {
    registrar.close();
    await Promise.allSettled([...transports.map((transport) => transport.close()), file?.close()]);
    throw error;
  }
  for (const transport of transports) registrar.attach(watch.tap(transport, counters));
  const warnings = options.script === undefined ? [] : scriptWarnings(options.script, options.users);
  let stopping: Promise<void> | null = null;
  return {
    registrar,
    sockets: transports.map((transport) => transport.local),
    counters,
    warnings,
    http: watch.view === null ? null : { host: watch.view.host, port: watch.view.port },
    summary: (verbose) =>
      formatRunSummary({ bindings: registrar.bindings(), tally, pending: options.script === undefined ? null : registrar.pendingSteps(), verbose }),
    stop() {
      stopping ??= (async () => {
        registrar.close();
        await Promise.allSettled([...transports.map((transport) => transport.close()), watch.view?.close(), file?.close()]);
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
