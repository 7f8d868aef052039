/**
 * The simulated registrar: a real RFC 3261 §10.3 registrar on the transaction layer. REGISTER
 * goes through `answerRegister`; OPTIONS gets 200; CANCEL gets 481 (REGISTERs are answered at
 * once, so there is never a transaction left to cancel); any other method gets 405 with Allow.
 *
 * `attach(transport)` runs it on a transport through a transaction layer of its own, and the
 * transcript then sees every message on the wire, retransmissions and unparsable bytes
 * included. `attach(layer)` serves requests of a layer someone else owns; the transcript then
 * sees only the requests handed to the registrar and its answers, and a script's raw steps
 * cannot send (there is no transport to send on) and stay silent instead.
 *
 * With a script, each new REGISTER first asks the script runner for a step (see
 * `script/script-runner.ts`); no step means the registrar's own answer.
 */
import type { Clock, TimerHandle } from "../engine/clock.js";
import { silentLogger } from "../engine/log.js";
import { formatNameAddr, serializeMessage } from "../engine/sip/index.js";
import { TransactionLayer, type IncomingRequest } from "../engine/transaction/index.js";
import { formatSocketName, type Transport } from "../engine/transport/index.js";
import { aorFromText, aorOf, DEFAULT_AOR_MATCHING, type AorMatching } from "./aor.js";
import { BindingTable, remainingSec, type Binding } from "./bindings.js";
import { DigestPolicy } from "./digest-policy.js";
import { configError } from "./errors.js";
import type { ExpiryPolicy } from "./expiry.js";
import { answerRegister, type Answer, type RegisterContext } from "./register-handler.js";
import type { Action } from "./script/model.js";
import { rawReplyBytes, replyAddress } from "./script/raw-reply.js";
import { classifyRegister } from "./script/request-kind.js";
import { scriptedAnswer } from "./script/scripted-answer.js";
import { ScriptRunner, type PendingStep } from "./script/script-runner.js";
import { CarrierRuntime } from "./script/carrier-runtime.js";
import { seededRandom } from "../engine/random.js";
import { applyScriptSettings } from "./script/settings.js";
import { DEFAULT_TRANSCRIPT_CAPACITY, Transcript } from "./transcript.js";
import type { HandledRequest, RegistrarOptions } from "./registrar-options.js";
import { UserTable } from "./users.js";

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
  /** Script steps not used up yet ([] without a script); see `formatPendingSteps`. */
  pendingSteps(): PendingStep[];
  /** Stops answering (pending delayed answers are dropped): its own transaction layer closes; a borrowed layer gets a handler that ignores requests. */
  close(): void;
}

const DEFAULT_EXPIRES_SEC = 3600;
const DEFAULT_ACTION: Action = { kind: "default" };
const ALLOW = "REGISTER, OPTIONS";
/** A reason phrase is one line; a long problem text is cut to keep the status line readable. */
const REASON_CHARS_MAX = 200;

/**
 * A simulated registrar, attached to transports with `attach`. Defaults: no authentication, 3600 s
 * granted, no minimum or maximum interval, a transcript of 1000 messages, `registrar` AOR matching,
 * no script, a silent logger; a script's settings override the options. Throws SimulatorError
 * `registrar_config_invalid` naming the option that cannot work; the registrar's `bindings(aor)`
 * throws RangeError for an AOR that does not parse.
 */
export function createRegistrar(given: RegistrarOptions): Registrar {
  const options = given.script === undefined ? given : applyScriptSettings(given, given.script.settings);
  const { clock } = options;
  const logger = options.logger ?? silentLogger;
  const random = options.random;
  const policyOptions = { ...options.auth, realms: options.auth?.realms ?? [options.realm] };
  const context: RegisterContext = {
    bindings: new BindingTable(),
    expiry: expiryPolicy(options),
    digest: options.users === undefined ? null : new DigestPolicy(policyOptions, { users: options.users, random: random.child() }),
    matching: options.aorMatching ?? DEFAULT_AOR_MATCHING,
  };
  const runner = options.script === undefined ? null : new ScriptRunner(options.script, context.matching);
  const script = options.script;
  const carrier =
    script?.carrier === undefined || script.carrier === null
      ? null
      : new CarrierRuntime(script.carrier, script.seed === null ? random.child() : seededRandom(script.seed), clock.now());
  // Scripted challenges need a nonce store even when the registrar itself authenticates no one.
  const challenger = context.digest ?? new DigestPolicy(policyOptions, { users: UserTable.fromEntries([]), random: random.child() });
  const transcript = new Transcript(options.transcript?.capacity ?? DEFAULT_TRANSCRIPT_CAPACITY);
  let ownLayer: TransactionLayer | null = null;
  const borrowed = new Set<TransactionLayer>();
  /** Our transports by local socket name, for raw steps. */
  const transports = new Map<string, Transport>();
  const delayed = new Set<TimerHandle>();
  const { onHandled } = options;
  // A carrier's restarts: every binding lost at its time.
  for (const atMs of carrier?.restartAtMs ?? []) {
    const handleId = clock.setTimeout(() => {
      delayed.delete(handleId);
      const lost = context.bindings.clear();
      logger.warn({ bindings: lost }, "carrier restart: every binding lost");
    }, atMs);
    delayed.add(handleId);
  }
  const tell = (incoming: IncomingRequest, peer: string, aor: string | null, status: number | null, outcome: HandledRequest["outcome"], why: string, step: string | null): void => {
    if (onHandled === undefined) return;
    onHandled({ atMs: clock.now(), method: incoming.request.method, source: peer, callId: incoming.callId, cseq: incoming.cseq.seq, aor, status, outcome, why, step });
  };

  const handle = (incoming: IncomingRequest, recordHere: boolean): void => {
    const { request } = incoming;
    if (recordHere) transcript.record(clock.now(), "in", formatSocketName(incoming.source), formatSocketName(incoming.local), serializeMessage(request));
    if (request.method !== "REGISTER") {
      carryOut(incoming, DEFAULT_ACTION, null, recordHere, context);
      return;
    }
    // Carrier habits first (a silent or overloaded carrier does not read its rules), then the rules.
    const habit = carrier?.before(scriptedAor(incoming, context.matching), clock.now()) ?? null;
    const chosen = habit ?? (runner !== null ? scriptStep(request) : null);
    const action = chosen?.action ?? DEFAULT_ACTION;
    const latencyMs = carrier === null || action.kind === "silence" ? 0 : carrier.latencyMs();
    const answer: Action = latencyMs > 0 ? { kind: "delay", ms: latencyMs, then: action } : action;
    carryOut(incoming, answer, chosen?.label ?? null, recordHere, grantedContext(context, carrier?.grantCapSec() ?? null));
  };

  const scriptStep = (request: IncomingRequest["request"]): { action: Action; label: string } | null => {
    const classified = classifyRegister(request, context.bindings, clock.now(), context.matching);
    return classified === null ? null : (runner?.take(classified.target, classified.kinds) ?? null);
  };

  const carryOut = (incoming: IncomingRequest, action: Action, label: string | null, recordHere: boolean, context: RegisterContext): void => {
    if (action.kind === "delay") {
      const handleId = clock.setTimeout(() => {
        delayed.delete(handleId);
        carryOut(incoming, action.then, label, recordHere, context);
      }, action.ms);
      delayed.add(handleId);
      return;
    }
    // Formatted once the request is carried out: every branch below logs it.
    const peer = formatSocketName(incoming.source);
    switch (action.kind) {
      case "silence":
        logger.info({ method: incoming.request.method, source: peer, step: label }, "request left unanswered");
        tell(incoming, peer, scriptedAor(incoming, context.matching), null, "unanswered", "left unanswered by the script", label);
        return;
      case "raw":
        sendRaw(incoming, action, { method: incoming.request.method, source: peer, step: label });
        tell(incoming, peer, scriptedAor(incoming, context.matching), null, "raw", "raw bytes sent by the script", label);
        return;
      default: {
        const nowMs = clock.now();
        const answer = action.kind === "default" ? answerFor(incoming, context, nowMs) : scriptedAnswer(action, incoming.request, { context, challenger }, nowMs, label ?? "script");
        // Objects of one shape (no conditional spreads): this runs for every request.
        const reason = answer.reason === undefined ? undefined : reasonPhrase(answer.reason);
        const response = incoming.createResponseBytes(answer.status, { reason, headers: answer.headers });
        if (recordHere) transcript.record(nowMs, "out", peer, formatSocketName(incoming.local), response);
        const { method } = incoming.request;
        logger.info({ method, source: peer, step: label, aor: answer.aor ?? null, status: answer.status, why: answer.why }, "request answered");
        tell(incoming, peer, answer.aor ?? null, answer.status, "answered", answer.why, label);
        void incoming.respondBytes(answer.status, response);
      }
    }
  };

  const sendRaw = (incoming: IncomingRequest, action: Extract<Action, { kind: "raw" }>, logContext: object): void => {
    // Only transports attached directly are held (and recorded); a borrowed layer's are not ours.
    const transport = transports.get(formatSocketName(incoming.local));
    if (transport === undefined) {
      logger.warn({ local: formatSocketName(incoming.local) }, "raw reply not sent: the registrar serves a borrowed transaction layer");
      return;
    }
    const bytes = rawReplyBytes(action, incoming);
    const to = replyAddress(incoming.request, incoming.source, transport.reliable);
    transport.send(to, bytes).then(
      () => logger.info(logContext, "raw reply sent"),
      (error: unknown) => logger.warn({ ...logContext, error: error instanceof Error ? error.message : String(error) }, "raw reply not sent"),
    );
  };

  return {
    attach(target) {
      if (target instanceof TransactionLayer) {
        borrowed.add(target);
        // With the transcript off there is nothing to record, so no message is serialized for it.
        target.onRequest((incoming) => handle(incoming, transcript.enabled));
        return;
      }
      if (ownLayer === null) {
        // A registrar answers what it can of a malformed request (RFC 3261 §8.2) and keeps serving.
        ownLayer = new TransactionLayer({ clock, random: random.child(), logger, answerMalformedRequests: true, ...options.layer });
        ownLayer.onRequest((incoming) => handle(incoming, false));
      }
      // Off, the transcript would format both socket names of every message only to drop them.
      const transport = transcript.enabled ? recorded(target, transcript, clock) : target;
      transports.set(formatSocketName(transport.local), transport);
      ownLayer.attach(transport);
    },
    bindings(aor) {
      const nowMs = clock.now();
      let key: string | undefined;
      if (aor !== undefined) {
        const reading = aorFromText(aor, context.matching);
        if (!reading.ok) throw new RangeError(reading.reason);
        key = reading.aor;
      }
      return context.bindings.current(nowMs, key).map((binding) => bindingView(binding, nowMs));
    },
    transcript,
    pendingSteps: () => runner?.pendingSteps() ?? [],
    close() {
      for (const handleId of delayed) clock.clearTimeout(handleId);
      delayed.clear();
      ownLayer?.close();
      ownLayer = null;
      for (const layer of borrowed) layer.onRequest(() => {});
      borrowed.clear();
    },
  };
}

/** The AOR of a request a script answered without the registrar reading it. */
function scriptedAor(incoming: IncomingRequest, matching: AorMatching): string | null {
  const reading = aorOf(incoming.to.uri, matching);
  return reading.ok ? reading.aor : null;
}

/** The context with the expiry policy capped at the carrier's grant for this request. */
function grantedContext(context: RegisterContext, capSec: number | null): RegisterContext {
  if (capSec === null) return context;
  const { expiry } = context;
  const maxExpiresSec = Math.max(expiry.minExpiresSec ?? 1, Math.min(expiry.maxExpiresSec ?? capSec, capSec));
  return { ...context, expiry: { ...expiry, maxExpiresSec } };
}

function answerFor(incoming: IncomingRequest, context: RegisterContext, nowMs: number): Answer {
  switch (incoming.request.method) {
    case "REGISTER":
      return answerRegister(incoming.request, context, nowMs, undefined, incoming);
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
