/**
 * An in-process network for tests and the conformance suite, driven by the injected Clock: every
 * delivery is a clock timer (even at zero latency), so nothing arrives until the clock runs, and
 * the same seed gives the same run (after TigerBeetle's packet simulator).
 *
 * `udp` endpoints are unreliable: seeded latency, loss, duplication and reordering, all off until
 * a test turns them on. `tcp`/`tls` endpoints are reliable and ordered: latency applies, the other
 * faults never do, and sending to an address nobody listens on is refused. Connections are
 * modelled only as far as D37 needs: a message's source is the sender's bound socket, and replies
 * go there; a stream endpoint remembers the peers it sent to as its flows, `breakConnections`
 * ends the flows to a peer (reported lost at once, as a reset is), and `silenceConnections` keeps
 * them but carries nothing on them any more, either way, as a NAT that forgot them silently would.
 * With keep-alive on, each flow is pinged as `keep-alive-schedule.ts` says: a ping to a peer still
 * bound, on a flow not silenced, is answered at once (pings and pongs are not messages, so they
 * take no latency and are not counted); any other goes unanswered and the flow is lost `timeoutMs`
 * later. A send after a flow was lost makes a new one, which a silence before does not touch.
 */
import type { Clock, TimerHandle } from "../clock.js";
import { silentLogger, type Logger } from "../log.js";
import { seededRandom, type Random } from "../random.js";
import { deliverSafely } from "./deliver.js";
import { errorMessage } from "../errors.js";
import { TransportError } from "./errors.js";
import { keepAliveSettingsError, keepAliveStep } from "./keep-alive-schedule.js";
import {
  destinationError,
  formatSocketName,
  ipFamily,
  normalizeHost,
  parseSocketName,
} from "./socket-name.js";
import type {
  InboundMessage,
  KeepAliveSettings,
  SocketAddress,
  SocketName,
  Transport,
  TransportProtocol,
} from "./transport.js";
import { UDP_PAYLOAD_BYTES_MAX } from "./udp-transport.js";

/** Faults, all off by default. Changing them affects messages sent afterwards. */
export interface NetworkFaults {
  /** Each message's delay is drawn uniformly from [min, max] whole ms, on every protocol. */
  latencyMsMin: number;
  latencyMsMax: number;
  /** udp only: share of datagrams lost, in [0, 1]. */
  lossRatio: number;
  /** udp only: share of datagrams delivered twice (the copy arrives after the original). */
  duplicationRatio: number;
  /**
   * udp only: share of datagrams held back by an extra 1..`reorderDelayMsMax` ms, so that
   * datagrams sent after them on the same path arrive first. Without it a path is FIFO.
   */
  reorderRatio: number;
  reorderDelayMsMax: number;
}

export const NO_FAULTS: Readonly<NetworkFaults> = Object.freeze({
  latencyMsMin: 0,
  latencyMsMax: 0,
  lossRatio: 0,
  duplicationRatio: 0,
  reorderRatio: 0,
  reorderDelayMsMax: 100,
});

/** What happened to messages, counted once per message (a duplicate counts as one more delivery). */
export interface NetworkStats {
  /** Messages accepted by `send`. */
  sent: number;
  /** Copies handed to a receiver (duplicates included). */
  delivered: number;
  /** udp datagrams dropped by `lossRatio`, and messages on a silenced stream connection (D37). */
  dropped: number;
  /** Extra copies made by `duplicationRatio`. */
  duplicated: number;
  /** udp datagrams held back by `reorderRatio`. */
  reordered: number;
  /** udp to an address nobody listens on, and anything whose receiver closed before it arrived. */
  undeliverable: number;
  /** tcp/tls sends rejected with `connection_refused`. */
  refused: number;
}

export type NetworkEventKind = keyof NetworkStats;

/** One counted happening, for tests and timelines; `atMs` is clock time. */
export interface NetworkEvent {
  kind: NetworkEventKind;
  atMs: number;
  from: SocketName;
  to: SocketName;
  bytes: number;
}

export interface MemoryNetworkOptions {
  clock: Clock;
  /** Source of every random choice; the network takes child streams. Default `seededRandom(1)`. */
  random?: Random;
  faults?: Partial<NetworkFaults>;
  /** Where a receiving handler's exceptions are logged. */
  logger?: Logger;
}

/** Ports handed out for port 0, like a kernel's ephemeral range. */
const EPHEMERAL_PORT_MIN = 49_152;
const EPHEMERAL_PORT_MAX = 65_535;

/**
 * An in-memory IP network for labs and tests, on the injected Clock. Defaults: `seededRandom(1)`,
 * NO_FAULTS (no latency, loss, duplication or reordering), a silent logger. The constructor throws
 * RangeError for a fault that is not a whole number of ms from 0 or a ratio from 0 to 1.
 */
export class MemoryNetwork {
  readonly #clock: Clock;
  readonly #udpRandom: Random;
  readonly #streamRandom: Random;
  readonly #logger: Logger;
  #faults: NetworkFaults;
  readonly #endpoints = new Map<string, MemoryEndpoint>();
  /** Paths (from>to) with in-order messages still in flight; a path is dropped once empty. */
  readonly #paths = new Map<string, PathQueue>();
  readonly #stats: Record<TransportProtocol, NetworkStats> = {
    udp: emptyStats(),
    tcp: emptyStats(),
    tls: emptyStats(),
  };
  readonly #listeners = new Set<(event: NetworkEvent) => void>();
  #nextEphemeralPort = EPHEMERAL_PORT_MIN;

  constructor(options: MemoryNetworkOptions) {
    this.#clock = options.clock;
    const random = options.random ?? seededRandom(1);
    // Separate streams, so that traffic on one protocol does not reshuffle the other's faults.
    this.#udpRandom = random.child();
    this.#streamRandom = random.child();
    this.#logger = options.logger ?? silentLogger;
    this.#faults = checkFaults({ ...NO_FAULTS, ...options.faults });
  }

  /** Listens on a socket; throws `bind_failed` if it is taken, `invalid_socket_name` if malformed. */
  bind(name: string | SocketName): Transport {
    const parsed = typeof name === "string" ? parseSocketName(name) : name;
    if (ipFamily(parsed.host) === 0) {
      throw new TransportError("bind_failed", `cannot bind "${parsed.host}": not an IP address`);
    }
    const host = normalizeHost(parsed.host);
    const port = parsed.port === 0 ? this.#ephemeralPort(parsed.protocol, host) : parsed.port;
    const local: SocketName = { protocol: parsed.protocol, host, port };
    const key = formatSocketName(local);
    if (this.#endpoints.has(key)) {
      throw new TransportError("bind_failed", `cannot bind ${key}: address already in use`);
    }
    const endpoint = new MemoryEndpoint(local, {
      transmit: (to, data) => this.#transmit(local, to, data),
      unbind: () => this.#endpoints.delete(key),
      reachable: (to) => this.#receiverAt(to) !== undefined,
      clock: this.#clock,
      logger: this.#logger,
    });
    this.#endpoints.set(key, endpoint);
    return endpoint;
  }

  get faults(): Readonly<NetworkFaults> {
    return { ...this.#faults };
  }

  /** Changes some faults from now on, keeping the others. Throws RangeError on a bad value. */
  setFaults(faults: Partial<NetworkFaults>): void {
    this.#faults = checkFaults({ ...this.#faults, ...faults });
  }

  /**
   * D37: the connections to `peer` (`tcp:host:port`) break, as when a registrar's side resets
   * them: every stream endpoint that sent to it hears of the lost flow (on the next clock tick).
   */
  breakConnections(peer: string | SocketName): void {
    const remote = streamPeer(peer);
    for (const endpoint of this.#endpoints.values()) {
      if (endpoint.protocol === remote.protocol) this.#clock.setTimeout(() => endpoint.loseFlow(remote), 0);
    }
  }

  /**
   * D37: the connections to `peer` (`tcp:host:port`) go silent, as when a NAT between forgets
   * them without a reset: they stay open, but nothing sent on them arrives, either way, and no
   * one hears of it. Only a keep-alive ping finds out; a new connection (a send after the flow
   * was lost) is not silenced. `peer` keeps listening.
   */
  silenceConnections(peer: string | SocketName): void {
    const remote = streamPeer(peer);
    for (const endpoint of this.#endpoints.values()) {
      if (endpoint.protocol === remote.protocol) endpoint.silenceFlow(remote);
    }
  }

  /** Counts so far, of one protocol or of all. */
  stats(protocol?: TransportProtocol): NetworkStats {
    if (protocol !== undefined) return { ...this.#stats[protocol] };
    const total = emptyStats();
    for (const counts of Object.values(this.#stats)) {
      for (const kind of Object.keys(total) as NetworkEventKind[]) total[kind] += counts[kind];
    }
    return total;
  }

  /** Calls `listener` on every counted event; returns the function that stops it. */
  observe(listener: (event: NetworkEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An endpoint's `send`, once checked; the bytes are already a private copy. */
  #transmit(from: SocketName, to: SocketName, data: Uint8Array): Promise<void> {
    const receiver = this.#receiverAt(to);
    if (from.protocol !== "udp" && receiver === undefined) {
      this.#count("refused", from, to, data.length);
      return Promise.reject(
        new TransportError("connection_refused", `connection to ${formatSocketName(to)} refused`),
      );
    }
    this.#count("sent", from, to, data.length);
    if (from.protocol === "udp") this.#transmitDatagram(from, to, data);
    else this.#schedule(from, to, data, this.#latencyMs(this.#streamRandom), true);
    return Promise.resolve();
  }

  #transmitDatagram(from: SocketName, to: SocketName, data: Uint8Array): void {
    const random = this.#udpRandom;
    // Always the same draws per datagram, so turning one fault on does not shift the others.
    const lossRoll = random.fraction();
    const duplicationRoll = random.fraction();
    const reorderRoll = random.fraction();
    const latencyMs = this.#latencyMs(random);
    const copyLatencyMs = this.#latencyMs(random);
    const holdMs = 1 + Math.floor(random.fraction() * this.#faults.reorderDelayMsMax);
    if (lossRoll < this.#faults.lossRatio) {
      this.#count("dropped", from, to, data.length);
      return;
    }
    if (reorderRoll < this.#faults.reorderRatio) {
      this.#count("reordered", from, to, data.length);
      this.#schedule(from, to, data, latencyMs + holdMs, false);
    } else {
      this.#schedule(from, to, data, latencyMs, true);
    }
    if (duplicationRoll < this.#faults.duplicationRatio) {
      this.#count("duplicated", from, to, data.length);
      this.#schedule(from, to, data, copyLatencyMs, true);
    }
  }

  /** Delivers `data` after `delayMs`, or later if `inOrder` and the path's last message is due later. */
  #schedule(
    from: SocketName,
    to: SocketName,
    data: Uint8Array,
    delayMs: number,
    inOrder: boolean,
  ): void {
    if (!inOrder) {
      this.#clock.setTimeout(() => this.#deliver(from, to, data), delayMs);
      return;
    }
    const nowMs = this.#clock.now();
    const key = `${formatSocketName(from)}>${formatSocketName(to)}`;
    const path = this.#paths.get(key) ?? { tailMs: nowMs, pending: [] };
    this.#paths.set(key, path);
    path.tailMs = Math.max(nowMs + delayMs, path.tailMs);
    path.pending.push(data);
    // Each timer delivers the path's oldest message, not its own: the path stays FIFO even if
    // the clock runs two timers out of order (fake-timers moves a zero delay set during a tick
    // 1 ms later, which can put it behind a message sent after the tick).
    this.#clock.setTimeout(() => {
      const oldest = path.pending.shift();
      if (path.pending.length === 0) this.#paths.delete(key);
      if (oldest !== undefined) this.#deliver(from, to, oldest);
    }, path.tailMs - nowMs);
  }

  #deliver(from: SocketName, to: SocketName, data: Uint8Array): void {
    const receiver = this.#receiverAt(to);
    if (receiver === undefined) {
      this.#count("undeliverable", from, to, data.length);
      return;
    }
    const sender = this.#endpoints.get(formatSocketName(from));
    if (sender?.isSilenced(to) === true || receiver.isSilenced(from)) {
      this.#count("dropped", from, to, data.length);
      return;
    }
    this.#count("delivered", from, to, data.length);
    receiver.receive({ data: data.slice(), source: from, local: receiver.local });
  }

  /** The endpoint bound at `to`, or on the wildcard address of its family and port. */
  #receiverAt(to: SocketName): MemoryEndpoint | undefined {
    const exact = this.#endpoints.get(formatSocketName(to));
    if (exact !== undefined) return exact;
    const wildcard = ipFamily(to.host) === 6 ? "::" : "0.0.0.0";
    return this.#endpoints.get(formatSocketName({ ...to, host: wildcard }));
  }

  #latencyMs(random: Random): number {
    const { latencyMsMin, latencyMsMax } = this.#faults;
    return latencyMsMin + Math.floor(random.fraction() * (latencyMsMax - latencyMsMin + 1));
  }

  #count(kind: NetworkEventKind, from: SocketName, to: SocketName, bytes: number): void {
    this.#stats[from.protocol][kind]++;
    if (this.#listeners.size === 0) return;
    const event: NetworkEvent = { kind, atMs: this.#clock.now(), from, to, bytes };
    for (const listener of [...this.#listeners]) listener(event);
  }

  #ephemeralPort(protocol: TransportProtocol, host: string): number {
    const span = EPHEMERAL_PORT_MAX - EPHEMERAL_PORT_MIN + 1;
    for (let tries = 0; tries < span; tries++) {
      const port = this.#nextEphemeralPort;
      this.#nextEphemeralPort = port === EPHEMERAL_PORT_MAX ? EPHEMERAL_PORT_MIN : port + 1;
      if (!this.#endpoints.has(formatSocketName({ protocol, host, port }))) return port;
    }
    throw new TransportError("bind_failed", `no free ephemeral ${protocol} port on ${host}`);
  }
}

/** In-order messages in flight on one path, oldest first, and when the newest is due. */
interface PathQueue {
  tailMs: number;
  pending: Uint8Array[];
}

/** A stream connection this endpoint opened (D37), and what its keep-alive knows. */
interface Flow {
  readonly remote: SocketName;
  lastHeardMs: number;
  pingSentMs: number | null;
  /** Nothing sent on it arrives any more, either way (`silenceConnections`). */
  silenced: boolean;
  keepAliveTimer: TimerHandle | null;
}

/** What an endpoint may ask of its network. */
interface EndpointLink {
  transmit(to: SocketName, data: Uint8Array): Promise<void>;
  unbind(): void;
  /** Someone is bound at `to` (a stream peer that would answer a ping). */
  reachable(to: SocketName): boolean;
  readonly clock: Clock;
  readonly logger: Logger;
}

class MemoryEndpoint implements Transport {
  readonly protocol: TransportProtocol;
  readonly reliable: boolean;
  readonly local: SocketName;
  readonly #link: EndpointLink;
  #handler: ((message: InboundMessage) => void) | null = null;
  #closed = false;
  /** D37: the connections to the peers this stream endpoint sent to, by `formatSocketName`. */
  readonly #flows = new Map<string, Flow>();
  #lostHandler: ((remote: SocketName) => void) | null = null;
  #keepAlive: KeepAliveSettings | null = null;

  constructor(local: SocketName, link: EndpointLink) {
    this.#link = link;
    this.local = local;
    this.protocol = local.protocol;
    this.reliable = local.protocol !== "udp";
  }

  send(to: SocketAddress, data: Uint8Array): Promise<void> {
    if (this.#closed) {
      return Promise.reject(
        new TransportError("closed", `memory transport ${formatSocketName(this.local)} is closed`),
      );
    }
    const invalid = destinationError(this.local, to);
    if (invalid !== null) return Promise.reject(invalid);
    if (this.protocol === "udp" && data.length > UDP_PAYLOAD_BYTES_MAX) {
      return Promise.reject(
        new TransportError(
          "message_too_large",
          `${data.length} bytes do not fit in one UDP datagram (max ${UDP_PAYLOAD_BYTES_MAX})`,
        ),
      );
    }
    const remote: SocketName = { protocol: this.protocol, host: normalizeHost(to.host), port: to.port };
    const sent = this.#link.transmit(remote, data.slice());
    if (this.protocol === "udp") return sent;
    return sent.then(() => {
      const key = formatSocketName(remote);
      if (this.#closed || this.#flows.has(key)) return;
      const flow: Flow = { remote, lastHeardMs: this.#link.clock.now(), pingSentMs: null, silenced: false, keepAliveTimer: null };
      this.#flows.set(key, flow);
      this.#keepAliveLook(flow);
    });
  }

  enableKeepAlive(settings: KeepAliveSettings): void {
    const invalid = keepAliveSettingsError(settings);
    if (invalid !== null) throw new RangeError(invalid);
    if (this.protocol === "udp") return;
    this.#keepAlive = { intervalMs: settings.intervalMs, timeoutMs: settings.timeoutMs };
    for (const flow of this.#flows.values()) this.#keepAliveLook(flow);
  }

  /** D37: pings `flow` or finds it dead when due (see `keep-alive-schedule.ts`), and arms the next look. */
  #keepAliveLook(flow: Flow): void {
    const { clock } = this.#link;
    if (flow.keepAliveTimer !== null) clock.clearTimeout(flow.keepAliveTimer);
    flow.keepAliveTimer = null;
    const settings = this.#keepAlive;
    if (settings === null || this.#flows.get(formatSocketName(flow.remote)) !== flow) return;
    const nowMs = clock.now();
    let step = keepAliveStep(flow, settings, nowMs);
    if (step.kind === "ping") {
      const answered = !flow.silenced && this.#link.reachable(flow.remote);
      if (answered) flow.lastHeardMs = nowMs;
      else flow.pingSentMs = nowMs;
      step = keepAliveStep(flow, settings, nowMs);
    }
    if (step.kind === "dead") this.loseFlow(flow.remote);
    else if (step.kind === "wait") flow.keepAliveTimer = clock.setTimeout(() => this.#keepAliveLook(flow), step.atMs - nowMs);
  }

  /** D37: the flow to `remote`, if any, carries nothing more either way, until it is found lost. */
  silenceFlow(remote: SocketName): void {
    const flow = this.#flows.get(formatSocketName(remote));
    if (flow !== undefined) flow.silenced = true;
  }

  /** D37: this endpoint's flow to `peer` is silenced. */
  isSilenced(peer: SocketName): boolean {
    return this.#flows.get(formatSocketName(peer))?.silenced === true;
  }

  onConnectionLost(handler: (remote: SocketName) => void): void {
    this.#lostHandler = handler;
  }

  /** D37: the flow to `remote`, if this endpoint has one, is gone; the handler hears of it. */
  loseFlow(remote: SocketName): void {
    const key = formatSocketName(remote);
    const flow = this.#flows.get(key);
    if (this.#closed || flow === undefined) return;
    this.#flows.delete(key);
    if (flow.keepAliveTimer !== null) this.#link.clock.clearTimeout(flow.keepAliveTimer);
    try {
      this.#lostHandler?.(remote);
    } catch (error) {
      this.#link.logger.error({ remote: formatSocketName(remote), error: errorMessage(error) }, "connection-lost handler threw");
    }
  }

  onMessage(handler: (message: InboundMessage) => void): void {
    this.#handler = handler;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#link.unbind();
      for (const flow of this.#flows.values()) {
        if (flow.keepAliveTimer !== null) this.#link.clock.clearTimeout(flow.keepAliveTimer);
      }
    }
    return Promise.resolve();
  }

  receive(message: InboundMessage): void {
    const flow = this.#flows.get(formatSocketName(message.source));
    if (flow !== undefined) {
      flow.lastHeardMs = this.#link.clock.now();
      flow.pingSentMs = null;
    }
    deliverSafely(this.#handler, message, this.#link.logger);
  }
}

/** `tcp:host:port` or a SocketName, its host normalized. */
function streamPeer(peer: string | SocketName): SocketName {
  const parsed = typeof peer === "string" ? parseSocketName(peer) : peer;
  return { ...parsed, host: normalizeHost(parsed.host) };
}

function emptyStats(): NetworkStats {
  return {
    sent: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    undeliverable: 0,
    refused: 0,
  };
}

function checkFaults(faults: NetworkFaults): NetworkFaults {
  const { latencyMsMin, latencyMsMax, reorderDelayMsMax } = faults;
  for (const [name, value] of Object.entries({ latencyMsMin, latencyMsMax, reorderDelayMsMax })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`network fault ${name} must be a whole number of ms >= 0, got ${value}`);
    }
  }
  if (latencyMsMin > latencyMsMax) {
    throw new RangeError(
      `network fault latencyMsMin ${latencyMsMin} is above latencyMsMax ${latencyMsMax}`,
    );
  }
  const { lossRatio, duplicationRatio, reorderRatio } = faults;
  for (const [name, value] of Object.entries({ lossRatio, duplicationRatio, reorderRatio })) {
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`network fault ${name} must be a ratio from 0 to 1, got ${value}`);
    }
  }
  return faults;
}
