/**
 * The simulated registrar: a real RFC 3261 §10.3 registrar on the transaction layer. REGISTER
 * goes through `answerRegister`; OPTIONS gets 200; CANCEL gets 481 (REGISTERs are answered at
 * once, so there is never a transaction left to cancel); any other method gets 405 with Allow.
 *
 * `attach(transport)` runs it on a transport through a transaction layer of its own, and the
 * transcript then sees every message on the wire, retransmissions and unparsable bytes
 * included. `attach(layer)` serves requests of a layer someone else owns; the transcript then
 * sees only the requests handed to the registrar and its answers.
 */
import type { Clock } from "../engine/clock.js";
import { silentLogger, type Logger } from "../engine/log.js";
import type { Random } from "../engine/random.js";
import { formatNameAddr, serializeMessage } from "../engine/sip/index.js";
import { TransactionLayer, type IncomingRequest, type TransactionLayerOptions } from "../engine/transaction/index.js";
import { formatSocketName, type Transport } from "../engine/transport/index.js";
import { aorFromText } from "./aor.js";
import { BindingTable, remainingSec, type Binding } from "./bindings.js";
import { DigestPolicy, type DigestPolicyOptions } from "./digest-policy.js";
import { configError } from "./errors.js";
import type { ExpiryPolicy } from "./expiry.js";
import { answerRegister, type Answer, type RegisterContext } from "./register-handler.js";
import { DEFAULT_TRANSCRIPT_CAPACITY, Transcript } from "./transcript.js";
import type { UserTable } from "./users.js";

export interface RegistrarOptions {
  readonly clock: Clock;
  /** Nonces, opaques, branches and To tags; a seeded stream makes a run replayable. */
  readonly random: Random;
  readonly logger?: Logger;
  /** The realm challenged (unless `auth.realms` lists several). */
  readonly realm: string;
  /** Who may register. Absent: no authentication, every REGISTER is accepted. */
  readonly users?: UserTable;
  /** Challenge settings; `realms` defaults to `[realm]`. */
  readonly auth?: Omit<DigestPolicyOptions, "realms"> & { readonly realms?: readonly string[] };
  /** Granted when a Contact asks for no interval and there is no Expires header. Default 3600. */
  readonly defaultExpiresSec?: number;
  /** Below this (and above 0) a REGISTER gets 423 with Min-Expires. Default: no minimum. */
  readonly minExpiresSec?: number;
  /** Longer intervals are shortened to this. Default: no maximum. */
  readonly maxExpiresSec?: number;
  /** Ring length of the transcript; 0 turns it off. Default 1000. */
  readonly transcript?: { readonly capacity?: number };
  /** For the transaction layer that `attach(transport)` makes (timers, limits). */
  readonly layer?: Pick<TransactionLayerOptions, "timers" | "serverUnansweredLimitMs" | "limits">;
}

/** One binding as `bindings()` shows it. */
export interface BindingView {
  readonly aor: string;
  /** The Contact as registered, without `expires`. */
  readonly contact: string;
  /** Seconds left, rounded up. */
  readonly expiresSec: number;
  readonly expiresAtMs: number;
  readonly updatedAtMs: number;
  readonly callId: string;
  readonly cseq: number;
}

export interface Registrar {
  /** Serves requests arriving on a transport (through its own transaction layer) or from a layer. */
  attach(target: Transport | TransactionLayer): void;
  /** Live bindings of one AOR (written as a URI) or of all; throws RangeError for an AOR that does not parse. */
  bindings(aor?: string): BindingView[];
  readonly transcript: Transcript;
  /** Stops answering: its own transaction layer closes; a borrowed layer gets a handler that ignores requests. */
  close(): void;
}

const DEFAULT_EXPIRES_SEC = 3600;
const ALLOW = "REGISTER, OPTIONS";
/** A reason phrase is one line; a long problem text is cut to keep the status line readable. */
const REASON_CHARS_MAX = 200;

/** Throws `registrar_config_invalid` naming the option that cannot work. */
export function createRegistrar(options: RegistrarOptions): Registrar {
  const { clock } = options;
  const logger = options.logger ?? silentLogger;
  const random = options.random;
  const context: RegisterContext = {
    bindings: new BindingTable(),
    expiry: expiryPolicy(options),
    digest: options.users === undefined ? null : new DigestPolicy(
      { ...options.auth, realms: options.auth?.realms ?? [options.realm] },
      { users: options.users, random: random.child() },
    ),
  };
  const transcript = new Transcript(options.transcript?.capacity ?? DEFAULT_TRANSCRIPT_CAPACITY);
  let ownLayer: TransactionLayer | null = null;
  const borrowed = new Set<TransactionLayer>();

  const handle = (incoming: IncomingRequest, recordHere: boolean): void => {
    const { request } = incoming;
    const local = formatSocketName(incoming.local);
    const peer = formatSocketName(incoming.source);
    if (recordHere) transcript.record(clock.now(), "in", peer, local, serializeMessage(request));
    const answer = answerFor(incoming, context, clock.now());
    const response = incoming.createResponse(answer.status, {
      ...(answer.reason === undefined ? {} : { reason: reasonPhrase(answer.reason) }),
      headers: answer.headers,
    });
    if (recordHere) transcript.record(clock.now(), "out", peer, local, serializeMessage(response));
    logger.info({ method: request.method, source: peer, aor: answer.aor ?? null, status: answer.status, why: answer.why }, "request answered");
    void incoming.respond(response);
  };

  return {
    attach(target) {
      if (target instanceof TransactionLayer) {
        borrowed.add(target);
        target.onRequest((incoming) => handle(incoming, true));
        return;
      }
      if (ownLayer === null) {
        ownLayer = new TransactionLayer({ clock, random: random.child(), logger, ...options.layer });
        ownLayer.onRequest((incoming) => handle(incoming, false));
      }
      ownLayer.attach(recorded(target, transcript, clock));
    },
    bindings(aor) {
      const nowMs = clock.now();
      let key: string | undefined;
      if (aor !== undefined) {
        const reading = aorFromText(aor);
        if (!reading.ok) throw new RangeError(reading.reason);
        key = reading.aor;
      }
      return context.bindings.current(nowMs, key).map((binding) => bindingView(binding, nowMs));
    },
    transcript,
    close() {
      ownLayer?.close();
      ownLayer = null;
      for (const layer of borrowed) layer.onRequest(() => {});
      borrowed.clear();
    },
  };
}

function answerFor(incoming: IncomingRequest, context: RegisterContext, nowMs: number): Answer {
  switch (incoming.request.method) {
    case "REGISTER":
      return answerRegister(incoming.request, context, nowMs);
    case "OPTIONS":
      return { status: 200, headers: [["Allow", ALLOW]], why: "OPTIONS" };
    case "CANCEL":
      return { status: 481, headers: [], why: "nothing to cancel" };
    default:
      return { status: 405, headers: [["Allow", ALLOW]], why: `method ${incoming.request.method} not allowed` };
  }
}

/** A transport whose every message in and out is written to the transcript first. */
function recorded(transport: Transport, transcript: Transcript, clock: Clock): Transport {
  const local = formatSocketName(transport.local);
  return {
    protocol: transport.protocol,
    reliable: transport.reliable,
    local: transport.local,
    send(to, data) {
      transcript.record(clock.now(), "out", formatSocketName({ protocol: transport.protocol, ...to }), local, data);
      return transport.send(to, data);
    },
    onMessage(handler) {
      transport.onMessage((message) => {
        transcript.record(clock.now(), "in", formatSocketName(message.source), formatSocketName(message.local), message.data);
        handler(message);
      });
    },
    close: () => transport.close(),
  };
}

function expiryPolicy(options: RegistrarOptions): ExpiryPolicy {
  const defaultExpiresSec = options.defaultExpiresSec ?? DEFAULT_EXPIRES_SEC;
  const minExpiresSec = options.minExpiresSec ?? null;
  const maxExpiresSec = options.maxExpiresSec ?? null;
  checkSeconds("defaultExpiresSec", defaultExpiresSec, 1);
  if (minExpiresSec !== null) checkSeconds("minExpiresSec", minExpiresSec, 1);
  if (maxExpiresSec !== null) checkSeconds("maxExpiresSec", maxExpiresSec, 1);
  if (minExpiresSec !== null && maxExpiresSec !== null && minExpiresSec > maxExpiresSec) {
    configError("minExpiresSec", `${minExpiresSec} is above maxExpiresSec ${maxExpiresSec}`);
  }
  if (minExpiresSec !== null && defaultExpiresSec < minExpiresSec) {
    configError("defaultExpiresSec", `${defaultExpiresSec} is below minExpiresSec ${minExpiresSec}, so a REGISTER without expires could never succeed`);
  }
  return { defaultExpiresSec, minExpiresSec, maxExpiresSec };
}

function checkSeconds(option: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > 0xffff_ffff) configError(option, `must be a whole number of seconds from ${min} to 2^32-1, got ${value}`);
}

function bindingView(binding: Binding, nowMs: number): BindingView {
  return {
    aor: binding.aor,
    contact: formatNameAddr(binding.contact),
    expiresSec: remainingSec(binding, nowMs),
    expiresAtMs: binding.expiresAtMs,
    updatedAtMs: binding.updatedAtMs,
    callId: binding.callId,
    cseq: binding.cseq,
  };
}

/** Problem texts quote header values from the network: no line breaks or controls may reach the status line. */
function reasonPhrase(text: string): string {
  const clean = text.replace(/[\x00-\x1f\x7f]+/g, " ").trim();
  return clean.length > REASON_CHARS_MAX ? clean.slice(0, REASON_CHARS_MAX - 3) + "..." : clean;
}
