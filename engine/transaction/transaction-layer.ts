/**
 * The transaction layer (ARCHITECTURE.md layer 5): it owns the inbound side of the transports it
 * is attached to, turns their bytes into messages with the codec, routes responses to client
 * transactions (RFC 3261 §17.1.3) and requests to server transactions (§17.2.3), and serializes
 * what goes out. Nothing from the network throws: bytes that do not parse, messages without the
 * headers a transaction needs, and responses nobody waits for are counted, logged and dropped,
 * except that a layer serving as a UAS can be asked to answer malformed requests with a 400.
 *
 * Every timer runs on the injected Clock and every branch and tag comes from the injected Random,
 * so a seeded run on the MemoryNetwork replays exactly.
 */
import type { Clock } from "../clock.js";
import { UacregError } from "../errors.js";
import { silentLogger, type Logger } from "../log.js";
import type { Random } from "../random.js";
import {
  parseMessage,
  serializeMessage,
  SipParseError,
  type CSeq,
  type NameAddr,
  type SipLimits,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type Via,
} from "../sip/index.js";
import {
  TransportError,
  formatAddress,
  formatSocketName,
  messageContext,
  type InboundMessage,
  type SocketAddress,
  type SocketName,
  type Transport,
} from "../transport/index.js";
import { clientTransactionKey, responseDestination, serverTransactionKey } from "./addressing.js";
import { newBranch } from "./branch.js";
import { NonInviteClientTransaction, type ClientTransactionDeps } from "./client-transaction.js";
import { MalformedMessageError, TransactionRequestError } from "./errors.js";
import { emptyStats, type TransactionLayerStats } from "./layer-stats.js";
import type { TransactionOutcome } from "./outcome.js";
import {
  answerableVia,
  checkIncomingRequest,
  checkOutgoingRequest,
  legacyIdentity,
  responseMatch,
  type RequestIdentity,
  type ResponseMatch,
} from "./message-checks.js";
import { createMalformedRequestResponse, createServerResponse, serverResponseBytes, type ServerResponseOptions } from "./response-builder.js";
import {
  NonInviteServerTransaction,
  SERVER_TIMER_BATCH_MS,
  type RespondResult,
  type ServerTransactionDeps,
  type ServerTransactionQueues,
} from "./server-transaction.js";
import { resolveTimerSettings, timerJMs, type TimerSettings } from "./timers.js";
import { CompletedResponses } from "./completed-responses.js";
import { withStampedVia, withTopVia } from "./via-headers.js";
import { errorMessage } from "../errors.js";

export interface TransactionLayerOptions {
  clock: Clock;
  /** Branches and To tags; a seeded stream makes a run replayable. */
  random: Random;
  logger?: Logger;
  /** T1, T2, T4 and the final timeout (default 30 s, OpenSIPS `fr_timeout`). */
  timers?: Partial<TimerSettings>;
  /** How long a server transaction waits for its user's final response. Default 5 minutes. */
  serverUnansweredLimitMs?: number;
  /** Codec limits for inbound bytes. */
  limits?: Partial<SipLimits>;
  /**
   * Answer a request whose Via, From, To, Call-ID or CSeq is missing or broken with a stateless
   * 400 naming the problem, instead of only dropping it (RFC 3261 §8.2, §16.3, §18.2.1). A server
   * (the simulated registrar) wants this; a client has no use for it. Default false.
   */
  answerMalformedRequests?: boolean;
}

/** Where a request goes: out of this transport, to this address. */
export interface RequestRoute {
  transport: Transport;
  destination: SocketAddress;
  /** The sent-by written in our Via; default the transport's bound address (wrong when bound to 0.0.0.0). */
  sentBy?: SocketAddress;
}

export interface SendRequestOptions {
  /** Provisional (1xx) responses, while no final one has arrived. */
  onProvisional?: (response: SipResponse) => void;
  /**
   * Checks a response that matched this transaction by branch and CSeq method; one it refuses is
   * dropped as if it never arrived (counted in `refusedResponses`), and the transaction keeps
   * waiting. The registrant uses it for the checks of its core (spec D28). `matched` holds the
   * Via and CSeq the layer read to match it, so that the check need not parse them again.
   */
  acceptResponse?: (response: SipResponse, matched: MatchedResponse) => boolean;
}

/** The response's one Via and its CSeq, as the layer read them to find its transaction. */
export type MatchedResponse = Omit<ResponseMatch, "key">;

/** A request handed to the server side's user, with the means to answer it. */
export interface IncomingRequest {
  /** As received, except that the top Via carries `received`/`rport` as RFC 3261 §18.2.1 and RFC 3581 stamp them. */
  readonly request: SipRequest;
  readonly source: SocketName;
  readonly local: SocketName;
  /** The request's To, Call-ID and CSeq, as the layer read them to check it: shared, never to be changed. */
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Sends a response through the request's server transaction; never rejects. */
  respond(response: SipResponse): Promise<RespondResult>;
  /** A response to this request (copied headers, this transaction's To tag). */
  createResponse(status: number, options?: Omit<ServerResponseOptions, "toTag">): SipResponse;
  /** `serializeMessage(createResponse(status, options))`, byte for byte, without building the response. */
  createResponseBytes(status: number, options?: Omit<ServerResponseOptions, "toTag">): Uint8Array;
  /** Sends a response made by `createResponseBytes` with this status, as `respond` does; never rejects. */
  respondBytes(status: number, bytes: Uint8Array): Promise<RespondResult>;
}

export type RequestHandler = (incoming: IncomingRequest) => void;

/**
 * Long after any client's Timer F (30 to 32 s), so that a registrar scripted to answer late still
 * can, yet bounded, so that one scripted to stay silent does not hold its transactions forever.
 */
const DEFAULT_SERVER_UNANSWERED_LIMIT_MS = 5 * 60_000;

/** Bytes of one To tag: 64 random bits, unique among a registrar's transactions. */
const TO_TAG_BYTES = 8;

/** RFC 3261 §8.2.7: a stateless UAS ignores these; a malformed one is dropped, never answered. */
const METHODS_NEVER_ANSWERED_STATELESSLY = new Set(["ACK", "CANCEL"]);

/**
 * The non-INVITE transaction layer over the attached transports (RFC 3261 §17). Defaults: a silent
 * logger, DEFAULT_TIMER_SETTINGS, server transactions dropped after 5 minutes without an answer,
 * DEFAULT_SIP_LIMITS, malformed requests dropped unanswered. The constructor throws UacregError
 * `timer_setting_invalid` for a timer or limit that is not a positive number of milliseconds.
 */
export class TransactionLayer {
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #logger: Logger;
  readonly #timers: TimerSettings;
  readonly #serverQueues: ServerTransactionQueues;
  readonly #limits: Partial<SipLimits> | undefined;
  readonly #answerMalformedRequests: boolean;
  readonly #transports = new Set<Transport>();
  readonly #clients = new Map<string, NonInviteClientTransaction>();
  readonly #servers = new Map<string, NonInviteServerTransaction>();
  /** UDP server transactions in Completed, kept compactly until Timer J. */
  readonly #completed: CompletedResponses;
  readonly #responseChecks = new Map<string, (response: SipResponse, matched: MatchedResponse) => boolean>();
  readonly #stats: TransactionLayerStats = emptyStats();
  #handler: RequestHandler | null = null;
  #closed = false;

  constructor(options: TransactionLayerOptions) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#logger = options.logger ?? silentLogger;
    this.#timers = resolveTimerSettings(options.timers);
    const unansweredLimitMs = checkedLimitMs(options.serverUnansweredLimitMs ?? DEFAULT_SERVER_UNANSWERED_LIMIT_MS);
    this.#serverQueues = NonInviteServerTransaction.queues(this.#clock, this.#timers, unansweredLimitMs);
    this.#completed = new CompletedResponses(this.#clock, timerJMs(this.#timers, false), SERVER_TIMER_BATCH_MS);
    this.#limits = options.limits;
    this.#answerMalformedRequests = options.answerMalformedRequests ?? false;
  }

  /** Takes over a transport's inbound messages (its `onMessage` handler). */
  attach(transport: Transport): void {
    this.#transports.add(transport);
    transport.onMessage((message) => this.#receive(transport, message));
  }

  /** Sets the handler for requests that start a server transaction (one handler; a later call replaces it). */
  onRequest(handler: RequestHandler): void {
    this.#handler = handler;
  }

  /** Counters since the layer was made (a copy). */
  get stats(): TransactionLayerStats {
    return { ...this.#stats };
  }

  /** Transactions not yet terminated (client transactions in Completed included). */
  get activeTransactions(): { client: number; server: number } {
    return { client: this.#clients.size, server: this.#servers.size + this.#completed.size };
  }

  /**
   * Sends `request` in a new non-INVITE client transaction (RFC 3261 §17.1.2) and resolves with
   * its one outcome. The layer adds the top Via (transport, sent-by, a fresh branch, rport);
   * the request must have none yet, its CSeq method must be its method, and the route's transport
   * must be attached. Those are mistakes of the caller and throw `TransactionRequestError`;
   * everything after that is an outcome.
   */
  sendRequest(request: SipRequest, route: RequestRoute, options: SendRequestOptions = {}): Promise<TransactionOutcome> {
    checkOutgoingRequest(request);
    if (!this.#closed && !this.#transports.has(route.transport)) {
      // Its responses would go to another handler, and the request would time out for no visible reason.
      throw new TransactionRequestError(`transport ${formatSocketName(route.transport.local)} is not attached to this layer`);
    }
    if (this.#closed) {
      return Promise.resolve({ kind: "transport-error", error: new TransportError("closed", "transaction layer is closed") });
    }
    const branch = newBranch(this.#random);
    const key = clientTransactionKey(branch, request.method);
    const sent = withTopVia(request, route.transport.protocol, route.sentBy ?? route.transport.local, branch);
    const bytes = serializeMessage(sent);
    const { transport, destination } = route;
    this.#stats.clientTransactionsStarted++;
    return new Promise((resolve) => {
      const forget = clientForgetter(this.#clients, this.#responseChecks, key);
      const link = new ClientLink(this.#clock, this.#timers, { transport, destination, bytes }, this.#stats, resolve, forget, options.onProvisional);
      const transaction = NonInviteClientTransaction.start(link);
      if (transaction.state !== "terminated") {
        this.#clients.set(key, transaction);
        if (options.acceptResponse !== undefined) this.#responseChecks.set(key, options.acceptResponse);
      }
    });
  }

  /**
   * Ends every transaction: pending client transactions get a `closed` transport error as their
   * outcome, server transactions are dropped, and inbound messages are ignored from now on. The
   * transports stay open: they belong to whoever made them.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const closed = new TransportError("closed", "transaction layer is closed");
    for (const transaction of [...this.#clients.values()]) transaction.fail(closed);
    for (const transaction of [...this.#servers.values()]) transaction.close();
    this.#clients.clear();
    this.#responseChecks.clear();
    this.#servers.clear();
    this.#completed.clear();
    this.#serverQueues.timerJ.clear();
    this.#serverQueues.unanswered.clear();
    for (const transport of this.#transports) transport.onMessage(() => {});
    this.#transports.clear();
  }

  #receive(transport: Transport, inbound: InboundMessage): void {
    if (this.#closed) return;
    let message: SipMessage;
    try {
      message = parseMessage(inbound.data, this.#limits);
    } catch (error) {
      this.#stats.parseFailures++;
      const offset = error instanceof SipParseError ? error.offset : null;
      this.#logger.warn({ ...messageContext(inbound), offset, error: errorMessage(error) }, "unparseable SIP message dropped");
      return;
    }
    if (message.kind === "response") this.#receiveResponse(message, inbound);
    else this.#receiveRequest(message, transport, inbound);
  }

  /** RFC 3261 §17.1.3: the top Via's branch and the CSeq method name the client transaction. */
  #receiveResponse(response: SipResponse, inbound: InboundMessage): void {
    const match = this.#readHeaders(inbound, () => responseMatch(response));
    if (match === undefined) return;
    const transaction = match === null ? undefined : this.#clients.get(match.key);
    if (match === null || transaction === undefined) {
      this.#stats.unmatchedResponses++;
      this.#logger.debug({ ...messageContext(inbound), status: response.status }, "response matches no transaction; dropped");
      return;
    }
    const check = this.#responseChecks.get(match.key);
    if (check !== undefined && !check(response, match)) {
      this.#stats.refusedResponses++;
      return;
    }
    if (transaction.receiveResponse(response) === "absorbed") this.#stats.responsesAbsorbed++;
  }

  /** RFC 3261 §17.2.3: a retransmission goes to its server transaction; a new request starts one. */
  #receiveRequest(request: SipRequest, transport: Transport, inbound: InboundMessage): void {
    const identity = this.#readHeaders(
      inbound,
      () => checkIncomingRequest(request),
      (error) => this.#answerMalformedRequest(request, error, transport, inbound),
    );
    if (identity === undefined) return;
    const { via } = identity;
    const key = serverTransactionKey(via, request.method, () => legacyIdentity(request, via));
    const existing = this.#servers.get(key);
    if (request.method === "ACK") {
      // An ACK is never answered: it only ends an INVITE exchange, which is not ours to drive.
      if (existing === undefined && !this.#completed.has(key)) this.#unhandled(inbound, request, "ACK outside any transaction");
      else this.#stats.requestsAbsorbed++;
      return;
    }
    if (existing !== undefined) {
      if (existing.receiveRetransmission() === "resent") this.#stats.responsesResent++;
      else this.#stats.requestsAbsorbed++;
      return;
    }
    if (this.#completed.resend(key)) {
      this.#stats.responsesResent++;
      return;
    }
    const handler = this.#handler;
    if (handler === null) {
      this.#unhandled(inbound, request, "no request handler");
      return;
    }
    this.#startServerTransaction(key, request, identity, transport, inbound, handler);
  }

  #startServerTransaction(
    key: string,
    request: SipRequest,
    identity: RequestIdentity,
    transport: Transport,
    inbound: InboundMessage,
    handler: RequestHandler,
  ): void {
    const { via } = identity;
    const destination = responseDestination(via, inbound.source, transport.reliable);
    const toTag = this.#random.hex(TO_TAG_BYTES);
    const stamped = withStampedVia(request, via, inbound.source);
    this.#stats.serverTransactionsStarted++;
    const deps = new ServerTransactionRoute(this.#serverQueues, transport, destination, this.#servers, this.#completed, key);
    NonInviteServerTransaction.start(deps, (transaction) => {
      this.#servers.set(key, transaction);
      try {
        handler(new ServerRequest(stamped, identity, inbound, transaction, toTag));
      } catch (error) {
        this.#logger.error({ ...messageContext(inbound), method: request.method, error: errorMessage(error) }, "request handler threw");
      }
    });
  }

  /**
   * Reads headers a transaction needs; a malformed one is counted and logged, and gives `undefined`.
   * `answer` may still answer the message, and says whether it did.
   */
  #readHeaders<T>(inbound: InboundMessage, read: () => T, answer: (error: unknown) => boolean = () => false): T | undefined {
    try {
      return read();
    } catch (error) {
      this.#stats.malformedMessages++;
      const answered = answer(error);
      const what = answered ? "malformed SIP request answered with 400" : "malformed SIP message dropped";
      this.#logger.warn({ ...messageContext(inbound), error: errorMessage(error) }, what);
      return undefined;
    }
  }

  /**
   * RFC 3261 §8.2, §16.3, §18.2.1: a request that cannot be processed SHOULD get a 400, and it can
   * whenever its top Via parses, for that is where the response goes (§18.2.2). Sent statelessly,
   * the way a server transaction would send it (same transport, received/rport honoured): a
   * retransmission of the request is simply answered again. A stateless UAS ignores ACK and CANCEL
   * (§8.2.7); and an error that is a bug of ours rather than the peer's is not the peer's to hear.
   */
  #answerMalformedRequest(request: SipRequest, error: unknown, transport: Transport, inbound: InboundMessage): boolean {
    if (!this.#answerMalformedRequests || METHODS_NEVER_ANSWERED_STATELESSLY.has(request.method)) return false;
    if (!(error instanceof MalformedMessageError)) return false;
    let via: Via | null;
    let response: SipResponse;
    try {
      via = answerableVia(request);
      if (via === null) return false;
      response = createMalformedRequestResponse(withStampedVia(request, via, inbound.source), error.message);
    } catch (bug) {
      // The codec throws only SipParseError on bad input, which the helpers handle: anything else is ours, and stays in.
      this.#logger.error({ ...messageContext(inbound), error: errorMessage(bug) }, "answering a malformed request failed");
      return false;
    }
    const destination = responseDestination(via, inbound.source, transport.reliable);
    void sendResponse(transport, destination, serializeMessage(response)).then((sendError) => {
      if (sendError === null) this.#stats.malformedRequestsAnswered++;
      else this.#logger.warn({ ...messageContext(inbound), error: sendError.message }, "400 to a malformed request not sent");
    });
    return true;
  }

  #unhandled(inbound: InboundMessage, request: SipRequest, why: string): void {
    this.#stats.requestsUnhandled++;
    this.#logger.debug({ ...messageContext(inbound), method: request.method }, `request dropped: ${why}`);
  }
}

function checkedLimitMs(limitMs: number): number {
  if (!Number.isFinite(limitMs) || limitMs <= 0) {
    throw new UacregError("timer_setting_invalid", "local", `serverUnansweredLimitMs must be a positive number of milliseconds, got ${limitMs}`);
  }
  return limitMs;
}

/**
 * What a client transaction hears the layer through: a class, so that a request costs one object
 * rather than a closure per callback (each named closure also costs a defineProperty under tsx's
 * keepNames). `onTerminated` is made outside `sendRequest` (clientForgetter) for the reason given
 * there; the transaction lets go of this object once it has its outcome.
 */
class ClientLink implements ClientTransactionDeps {
  readonly clock: Clock;
  readonly timers: TimerSettings;
  readonly reliable: boolean;
  readonly onTerminated: () => void;
  readonly onProvisional: ((response: SipResponse) => void) | undefined;
  readonly #transport: Transport;
  readonly #destination: SocketAddress;
  readonly #bytes: Uint8Array;
  readonly #stats: TransactionLayerStats;
  readonly #resolve: (outcome: TransactionOutcome) => void;

  constructor(
    clock: Clock,
    timers: TimerSettings,
    wire: { transport: Transport; destination: SocketAddress; bytes: Uint8Array },
    stats: TransactionLayerStats,
    resolve: (outcome: TransactionOutcome) => void,
    onTerminated: () => void,
    onProvisional: ((response: SipResponse) => void) | undefined,
  ) {
    this.clock = clock;
    this.timers = timers;
    this.reliable = wire.transport.reliable;
    this.#transport = wire.transport;
    this.#destination = wire.destination;
    this.#bytes = wire.bytes;
    this.#stats = stats;
    this.#resolve = resolve;
    this.onTerminated = onTerminated;
    this.onProvisional = onProvisional;
  }

  send(report: (error: TransportError | null) => void): void {
    sendReporting(this.#transport, this.#destination, this.#bytes, report);
  }

  onOutcome(outcome: TransactionOutcome): void {
    if (outcome.kind === "response") this.#stats.finalResponses++;
    else if (outcome.kind === "timeout") this.#stats.timeouts++;
    else this.#stats.transportErrors++;
    this.#resolve(outcome);
  }

  onRetransmission(): void {
    this.#stats.retransmissionsSent++;
  }
}

/** What a request handler gets: a class, so that no closures are made per request. */
class ServerRequest implements IncomingRequest {
  readonly request: SipRequest;
  readonly source: SocketName;
  readonly local: SocketName;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  readonly #transaction: NonInviteServerTransaction;
  readonly #toTag: string;

  constructor(request: SipRequest, identity: RequestIdentity, inbound: InboundMessage, transaction: NonInviteServerTransaction, toTag: string) {
    this.request = request;
    this.source = inbound.source;
    this.local = inbound.local;
    this.to = identity.to;
    this.callId = identity.callId;
    this.cseq = identity.cseq;
    this.#transaction = transaction;
    this.#toTag = toTag;
  }

  respond(response: SipResponse): Promise<RespondResult> {
    return this.#transaction.respond(response);
  }

  createResponse(status: number, options: Omit<ServerResponseOptions, "toTag"> = {}): SipResponse {
    return createServerResponse(this.request, status, { reason: options.reason, headers: options.headers, body: options.body, toTag: this.#toTag });
  }

  respondBytes(status: number, bytes: Uint8Array): Promise<RespondResult> {
    return this.#transaction.respondBytes(status, bytes);
  }

  createResponseBytes(status: number, options: Omit<ServerResponseOptions, "toTag"> = {}): Uint8Array {
    return serverResponseBytes(this.request, status, { reason: options.reason, headers: options.headers, body: options.body, toTag: this.#toTag }, this.to);
  }
}

/**
 * What a server transaction keeps of its layer, as one object with methods rather than closures:
 * the transaction holds it until Timer J (32 s over UDP), so at a few thousand requests a second
 * the layer holds a few hundred thousand of them. Two closures, their scopes and a bound send
 * each made every transaction that much bigger to copy out of V8's young generation; and a
 * closure made inside `#startServerTransaction` would keep the whole parsed request alive too.
 */
class ServerTransactionRoute implements ServerTransactionDeps {
  readonly queues: ServerTransactionQueues;
  readonly reliable: boolean;
  readonly #transport: Transport;
  readonly #destination: SocketAddress;
  readonly #servers: Map<string, NonInviteServerTransaction>;
  readonly #completed: CompletedResponses;
  readonly #key: string;

  constructor(
    queues: ServerTransactionQueues,
    transport: Transport,
    destination: SocketAddress,
    servers: Map<string, NonInviteServerTransaction>,
    completed: CompletedResponses,
    key: string,
  ) {
    this.queues = queues;
    this.reliable = transport.reliable;
    this.#transport = transport;
    this.#destination = destination;
    this.#servers = servers;
    this.#completed = completed;
    this.#key = key;
  }

  send(bytes: Uint8Array): Promise<TransportError | null> {
    const transport = this.#transport;
    // RFC 3261 §17.2.4: a transaction whose response could not be sent is terminated, also when
    // its Completed state is kept in `#completed`.
    if (transport.sendUnconfirmed !== undefined) {
      const error = transport.sendUnconfirmed(this.#destination, bytes);
      if (error !== null) this.#completed.delete(this.#key);
      return Promise.resolve(error);
    }
    return sendBytes(transport, this.#destination, bytes).then((error) => {
      if (error !== null) this.#completed.delete(this.#key);
      return error;
    });
  }

  keepCompleted(bytes: Uint8Array): void {
    this.#completed.add(this.#key, bytes, this.#transport, this.#destination);
  }

  onTerminated(): void {
    this.#servers.delete(this.#key);
  }
}

/**
 * As `forgetter`, for a client transaction: it lives on in Completed for Timer K (5 s over UDP),
 * and a callback made inside `sendRequest` would keep that call's scope (the request's bytes,
 * the outcome's receiver) alive as long.
 */
function clientForgetter(clients: Map<string, unknown>, checks: Map<string, unknown>, key: string): () => void {
  return () => {
    clients.delete(key);
    checks.delete(key);
  };
}

/**
 * The transport's send as a server's responses want it: never rejects, never throws, gives the
 * error. A response over UDP goes out unconfirmed where the transport offers it (Transport
 * `sendUnconfirmed`): the transaction learns only the errors found before sending. A failure
 * inside the kernel (an unreachable network) goes unreported, and the answer is lost either way.
 */
function sendResponse(transport: Transport, destination: SocketAddress, bytes: Uint8Array): Promise<TransportError | null> {
  if (transport.sendUnconfirmed !== undefined) return Promise.resolve(transport.sendUnconfirmed(destination, bytes));
  return sendBytes(transport, destination, bytes);
}

/**
 * A client transaction's (re)transmission: through the transport's `sendReporting` where it has
 * one (UDP: no promise per datagram), else through `send`, its rejection turned into the error.
 */
function sendReporting(transport: Transport, to: SocketAddress, bytes: Uint8Array, report: (error: TransportError | null) => void): void {
  if (transport.sendReporting !== undefined) transport.sendReporting(to, bytes, report);
  else void sendBytes(transport, to, bytes).then(report);
}

async function sendBytes(transport: Transport, to: SocketAddress, bytes: Uint8Array): Promise<TransportError | null> {
  try {
    await transport.send(to, bytes);
    return null;
  } catch (error) {
    if (error instanceof TransportError) return error;
    return new TransportError("send_failed", `sending to ${formatAddress(to)} failed: ${errorMessage(error)}`, { cause: error });
  }
}

