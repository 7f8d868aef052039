/**
 * The soak (issue 15 part 1): many records for simulated days on the memory network and the fake
 * clock, through the real codec, against the simulator in a hostile week: UDP loss each way,
 * duplication, reordering and latency jitter; the registrar silent for a while every few hours,
 * restarted empty (all bindings lost) once a day, and answering 503 with Retry-After to a share of
 * requests. It measures what a user of the registrant cares about: how long enabled records had
 * no binding while the registrar was up and answering (lapses), the REGISTER load, the peak after
 * each outage, and how long the records took to be registered again.
 *
 * Bindings are followed from the registrar's side: a 200 to a REGISTER gives a record a binding
 * until the expiry it grants (or the next restart), so lapses are computed from the grants, not
 * by sampling.
 */
import { VirtualClock } from "../virtual-clock.js";
import { createEngine, type EngineConfig, type RegistrantRow } from "../../engine/index.js";
import { type Logger } from "../../engine/log.js";
import { seededRandom } from "../../engine/random.js";
import { createResponseTo, getContacts, getExpires, headerValue, parseMessage, serializeMessage } from "../../engine/sip/index.js";
import { MemoryRegistrantStore } from "../../engine/store/memory-store.js";
import { MemoryNetwork, StaticResolver, type InboundMessage, type SocketAddress, type Transport } from "../../engine/transport/index.js";
import { createRegistrar, UserTable, type Registrar } from "../../simulator/index.js";

export interface SoakOptions {
  readonly records: number;
  readonly days: number;
  readonly seed: number;
  /** Engine parameters on top of the seed's defaults (the robustness parameters, or none). */
  readonly engine: EngineConfig;
  readonly lossRatio: number;
  readonly duplicationRatio: number;
  readonly reorderRatio: number;
  /** Silent (up, not answering) for `silentSec` every `silentEverySec`. */
  readonly silentSec: number;
  readonly silentEverySec: number;
  /** Restarted empty every `restartEverySec`. */
  readonly restartEverySec: number;
  /** Share of REGISTERs answered 503 with Retry-After: `retryAfterSec`. */
  readonly busyRatio: number;
  readonly retryAfterSec: number;
  readonly expirySec: number;
}

export const SOAK_DEFAULTS: Omit<SoakOptions, "engine"> = {
  records: 10_000,
  days: 7,
  seed: 1,
  lossRatio: 0.1,
  duplicationRatio: 0.01,
  reorderRatio: 0.05,
  silentSec: 300,
  silentEverySec: 6 * 3600,
  restartEverySec: 86_400,
  busyRatio: 0.05,
  retryAfterSec: 60,
  expirySec: 3600,
};

/** The seed's module parameters (OpenSIPS defaults but a bucket every 10 s, as a lab would run). */
export const SEED_ENGINE_DEFAULTS: EngineConfig = { hash_size: 4, timer_interval: 160 };

/** When the registrar was down or silent, and when it came back. */
interface Outage {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: "start" | "silent" | "restart";
  /** Records without a binding since the outage, until each is granted one again (restarts). */
  readonly waiting: Set<string>;
  backAtMs: number | null;
}

export interface SoakResult {
  /** Lapses while the registrar was up and answering. */
  readonly lapseSec: number;
  /** The same without the first bucket cycle after each outage (the target: 0). */
  readonly lapseBeyondCycleSec: number;
  readonly recordsWithLapse: number;
  readonly registersPerRecordPerDay: number;
  /** Mean REGISTERs per minute over the whole run. */
  readonly steadyPerMinute: number;
  readonly outages: ReadonlyArray<{ kind: string; atSec: number; peakPerMinute: number; ratio: number; allBackAfterSec: number | null }>;
  readonly wallMs: number;
  readonly simulatedSec: number;
  /** Lines the engine logged at warn and at error level. */
  readonly logged: { readonly warn: number; readonly error: number };
}

const REALM = "example.org";
const REGISTRAR_SOCKET = "udp:10.0.0.2:5060";

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const wallStart = performance.now();
  const startMs = Date.UTC(2026, 0, 5, 0, 0, 0);
  const clock = new VirtualClock(startMs);
  const random = seededRandom(options.seed);
  const network = new MemoryNetwork({
    clock,
    random: random.child(),
    faults: {
      latencyMsMin: 5,
      latencyMsMax: 150,
      lossRatio: options.lossRatio,
      duplicationRatio: options.duplicationRatio,
      reorderRatio: options.reorderRatio,
      reorderDelayMsMax: 500,
    },
  });
  const rows: RegistrantRow[] = Array.from({ length: options.records }, (_, i) => ({
    aor: `sip:s${i}@${REALM}`,
    contact: `sip:s${i}@10.0.0.1:5060`,
    registrar: `sip:${REALM}`,
    username: `s${i}`,
    password: `soak-${i}`,
    expiry: options.expirySec,
  }));
  const users = UserTable.fromEntries(rows.map((row) => ({ realm: REALM, username: row.username!, password: row.password! })));
  const busyRandom = random.child();
  const registrarRandom = random.child();

  // Grants seen leaving the registrar: per AOR, the intervals it held a binding.
  const coveredUntil = new Map<string, number>();
  const lapseMs = new Map<string, number>();
  let lapseBeyondCycleMs = 0;
  const cycleMs = Number(options.engine.timer_interval ?? SEED_ENGINE_DEFAULTS.timer_interval) * 1000;
  const registersPerMinute = new Map<number, number>();
  const outages: Outage[] = [];
  let silentUntil = 0;
  let upSinceMs = startMs;

  /** Adds the lapse of `aor` between its last coverage and `atMs`, outside outages. */
  const closeGap = (aor: string, atMs: number): void => {
    const from = Math.max(coveredUntil.get(aor) ?? upSinceMs, upSinceMs);
    if (atMs <= from) return;
    let gap = atMs - from;
    let beyond = atMs - from;
    for (const outage of outages) {
      gap -= Math.max(0, Math.min(atMs, outage.toMs) - Math.max(from, outage.fromMs));
      beyond -= Math.max(0, Math.min(atMs, outage.toMs + cycleMs) - Math.max(from, outage.fromMs));
    }
    if (gap > 0) lapseMs.set(aor, (lapseMs.get(aor) ?? 0) + gap);
    if (beyond > 0) lapseBeyondCycleMs += beyond;
  };
  const granted = (aor: string, atMs: number): void => {
    for (const outage of outages) {
      if (outage.backAtMs !== null || atMs < outage.toMs || !outage.waiting.delete(aor)) continue;
      if (outage.waiting.size === 0) outage.backAtMs = atMs;
    }
  };

  let registrar: Registrar | null = null;
  let transport: Transport | null = null;
  const front = (inner: Transport): Transport => ({
    protocol: inner.protocol,
    reliable: inner.reliable,
    local: inner.local,
    send(to: SocketAddress, data: Uint8Array): Promise<void> {
      // Only a 200 is read again: parsing every message twice was a tenth of the soak's time.
      const message = startsWith(data, OK_STATUS_LINE) ? parseMessage(data) : null;
      if (message?.kind === "response" && message.status === 200) {
        const aor = toAor(headerValue(message, "To") ?? "");
        const contacts = getContacts(message);
        const seconds = contacts.wildcard ? 0 : Number(contacts.contacts[0]?.params.find(([n]) => n === "expires")?.[1] ?? getExpires(message) ?? 0);
        if (seconds > 0) {
          closeGap(aor, clock.now());
          coveredUntil.set(aor, clock.now() + seconds * 1000);
          granted(aor, clock.now());
        }
      }
      return inner.send(to, data);
    },
    onMessage(handler: (message: InboundMessage) => void): void {
      inner.onMessage((inbound) => {
        if (clock.now() < silentUntil) return;
        if (startsWith(inbound.data, REGISTER_REQUEST_LINE)) {
          const minute = Math.floor((clock.now() - startMs) / 60_000);
          registersPerMinute.set(minute, (registersPerMinute.get(minute) ?? 0) + 1);
          if (busyRandom.fraction() < options.busyRatio) {
            const request = parseMessage(inbound.data);
            if (request.kind !== "request") throw new Error("a message that starts REGISTER parsed as a response");
            const busy = createResponseTo(request, { status: 503, headers: [["Retry-After", String(options.retryAfterSec)]] });
            void inner.send(inbound.source, serializeMessage(busy));
            return;
          }
        }
        handler(inbound);
      });
    },
    close: () => inner.close(),
  });
  const start = (): void => {
    transport = front(network.bind(REGISTRAR_SOCKET));
    registrar = createRegistrar({ clock, random: registrarRandom.child(), realm: REALM, users, transcript: { capacity: 0 } });
    registrar.attach(transport);
  };
  const stop = async (): Promise<void> => {
    registrar?.close();
    await transport?.close();
  };
  start();
  const everyAor = (): Set<string> => new Set(rows.map((row) => row.aor!));
  // The first cycle: no record can hold a binding before its bucket's first visit.
  outages.push({ fromMs: startMs, toMs: startMs, kind: "start", waiting: everyAor(), backAtMs: null });

  // A week of 10,000 records logs millions of lines: kept in memory they were most of the heap.
  const logged = { warn: 0, error: 0 };
  const engine = createEngine(
    { ...SEED_ENGINE_DEFAULTS, ...options.engine },
    {
      clock,
      transports: [network.bind("udp:10.0.0.1:5060")],
      resolver: new StaticResolver({ [REALM]: ["10.0.0.2"] }),
      store: new MemoryRegistrantStore(rows),
      random: random.child(),
      logger: countingLogger(logged),
    },
  );
  await engine.start();

  const endMs = startMs + options.days * 86_400_000;
  const hour = 3_600_000;
  while (clock.now() < endMs) {
    const now = clock.now();
    const sinceStart = now - startMs;
    if (sinceStart > 0 && sinceStart % (options.restartEverySec * 1000) === 0) {
      await stop();
      // Every binding is gone: each record's coverage ends now.
      for (const aor of coveredUntil.keys()) {
        closeGap(aor, now);
        coveredUntil.set(aor, now);
      }
      outages.push({ fromMs: now, toMs: now, kind: "restart", waiting: everyAor(), backAtMs: null });
      upSinceMs = now;
      start();
    } else if (sinceStart > 0 && sinceStart % (options.silentEverySec * 1000) === 0) {
      silentUntil = now + options.silentSec * 1000;
      outages.push({ fromMs: now, toMs: silentUntil, kind: "silent", waiting: new Set(), backAtMs: null });
    }
    await clock.tickAsync(Math.min(hour / 6, endMs - now));
  }
  for (const row of rows) closeGap(row.aor!, endMs);
  await engine.stop();
  await stop();

  // The steady rate: the mean per-minute count over the run; after an outage: the highest minute in the
  // hour that follows, and when every record held a binding again.
  const perMinute = Array.from({ length: Math.ceil((options.days * 86_400) / 60) }, (_, m) => registersPerMinute.get(m) ?? 0);
  const steady = perMinute.reduce((sum, n) => sum + n, 0) / Math.max(1, perMinute.length);
  const outageFigures = outages.map((outage) => {
    const fromMinute = Math.floor((outage.toMs - startMs) / 60_000);
    const peak = Math.max(0, ...perMinute.slice(fromMinute, fromMinute + 60));
    return {
      kind: outage.kind,
      atSec: (outage.fromMs - startMs) / 1000,
      peakPerMinute: peak,
      ratio: steady === 0 ? 0 : peak / steady,
      allBackAfterSec: outage.backAtMs === null ? null : (outage.backAtMs - outage.toMs) / 1000,
    };
  });
  const totalLapseMs = [...lapseMs.values()].reduce((sum, ms) => sum + ms, 0);
  const registers = perMinute.reduce((sum, n) => sum + n, 0);
  return {
    lapseSec: Math.round(totalLapseMs / 1000),
    lapseBeyondCycleSec: Math.round(lapseBeyondCycleMs / 1000),
    recordsWithLapse: lapseMs.size,
    registersPerRecordPerDay: registers / options.records / options.days,
    steadyPerMinute: steady,
    outages: outageFigures,
    wallMs: performance.now() - wallStart,
    simulatedSec: options.days * 86_400,
    logged,
  };
}

function countingLogger(counts: { warn: number; error: number }): Logger {
  const ignore = (): void => {};
  return { debug: ignore, info: ignore, warn: () => void counts.warn++, error: () => void counts.error++ };
}

const OK_STATUS_LINE = new TextEncoder().encode("SIP/2.0 200 ");
const REGISTER_REQUEST_LINE = new TextEncoder().encode("REGISTER ");

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

function toAor(to: string): string {
  const open = to.indexOf("<");
  return open === -1 ? to.split(";")[0]!.trim() : to.slice(open + 1, to.indexOf(">", open));
}

