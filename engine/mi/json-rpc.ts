/**
 * JSON-RPC 2.0 over the command catalog (spec §9.1; jsonrpc.org/specification): one call or a
 * batch, notifications (no `id`) run and answered with nothing, malformed JSON -32700, a request
 * that is no request -32600, an unknown method -32601, params matching no recipe -32602.
 *
 * Commands run one at a time, in arrival order (spec §14): the engine is single-threaded, so a
 * command never runs in the middle of a timer step or a reply, and this queue adds that an
 * operation waiting on the store (a reload) finishes before the next command starts.
 */
import type { Logger } from "../log.js";
import { silentLogger } from "../log.js";
import { createCatalog, type CommandCatalog } from "./catalog.js";
import { JSON_RPC_ERRORS, MiError, serverError, toMiError, type MiErrorObject } from "./errors.js";
import { matchRecipe, type CallParams } from "./params.js";
import type { MiEngine } from "./registrant-commands.js";

export type JsonRpcId = string | number | null;

export type JsonRpcResponse =
  | { readonly jsonrpc: "2.0"; readonly result: unknown; readonly id: JsonRpcId }
  | { readonly jsonrpc: "2.0"; readonly error: MiErrorObject; readonly id: JsonRpcId };

/** Hears the outcome of every call: the command's canonical name (or `unknown`) and `ok` or the error code. */
export interface MiObserver {
  request(command: string, result: string): void;
}

export interface MiDispatcherOptions {
  readonly engine: MiEngine;
  readonly catalog?: CommandCatalog;
  readonly logger?: Logger;
  readonly observer?: MiObserver | null;
}

/** The label of a call whose method names no command: keeps metric labels bounded. */
export const UNKNOWN_COMMAND = "unknown";

/**
 * Answers JSON-RPC bodies from `options.engine`; `catalog` defaults to createCatalog(), `logger` to
 * silent, `observer` to none. Refusals become JSON-RPC errors in the answer, never thrown.
 */
export class MiDispatcher {
  readonly catalog: CommandCatalog;
  readonly #engine: MiEngine;
  readonly #logger: Logger;
  readonly #observer: MiObserver | null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: MiDispatcherOptions) {
    this.#engine = options.engine;
    this.catalog = options.catalog ?? createCatalog();
    this.#logger = options.logger ?? silentLogger;
    this.#observer = options.observer ?? null;
  }

  /**
   * One HTTP body in, the body to answer with out: a response, an array of them for a batch, or
   * null when only notifications came (nothing to answer).
   */
  async handle(body: string): Promise<JsonRpcResponse | JsonRpcResponse[] | null> {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      this.#observe(UNKNOWN_COMMAND, JSON_RPC_ERRORS.parseError.code);
      return failure(null, JSON_RPC_ERRORS.parseError);
    }
    if (!Array.isArray(message)) return this.#handleOne(message);
    if (message.length === 0) {
      this.#observe(UNKNOWN_COMMAND, JSON_RPC_ERRORS.invalidRequest.code);
      return failure(null, JSON_RPC_ERRORS.invalidRequest);
    }
    const responses: JsonRpcResponse[] = [];
    for (const item of message) {
      const response = await this.#handleOne(item);
      if (response !== null) responses.push(response);
    }
    return responses.length === 0 ? null : responses;
  }

  /** Runs one command by name (in the queue); resolves with its result or rejects with an MiError. */
  call(method: string, params?: CallParams): Promise<unknown> {
    const command = this.catalog.find(method);
    const label = command?.name ?? UNKNOWN_COMMAND;
    const run = async (): Promise<unknown> => {
      try {
        if (command === undefined) throw new MiError(JSON_RPC_ERRORS.methodNotFound.code, JSON_RPC_ERRORS.methodNotFound.message);
        const { values } = matchRecipe(command.recipes, params);
        const result = await command.run(this.#engine, values);
        this.#observe(label, "ok");
        return result;
      } catch (error) {
        const refusal = this.#refusal(method, error, command?.unexpectedFailure);
        this.#observe(label, refusal.rpc.code);
        throw refusal;
      }
    };
    const done = this.#tail.then(run);
    this.#tail = done.catch(() => undefined);
    return done;
  }

  async #handleOne(item: unknown): Promise<JsonRpcResponse | null> {
    const request = readRequest(item);
    if (request.kind === "invalid") {
      this.#observe(UNKNOWN_COMMAND, JSON_RPC_ERRORS.invalidRequest.code);
      return failure(request.id, { ...JSON_RPC_ERRORS.invalidRequest, data: request.reason });
    }
    try {
      const result = await this.call(request.method, request.params);
      return request.notification ? null : { jsonrpc: "2.0", result, id: request.id };
    } catch (error) {
      return request.notification ? null : failure(request.id, (error as MiError).rpc);
    }
  }

  /**
   * Every failure as an MiError; one that is not a refusal is a bug, logged, answered with the
   * command's own `unexpectedFailure` or else -32000.
   */
  #refusal(method: string, error: unknown, unexpected: MiErrorObject | undefined): MiError {
    try {
      return toMiError(error);
    } catch {
      this.#logger.error({ method, err: error instanceof Error ? error.message : String(error) }, "MI command failed");
      return unexpected === undefined ? serverError() : new MiError(unexpected.code, unexpected.message);
    }
  }

  #observe(command: string, result: string | number): void {
    this.#observer?.request(command, String(result));
  }
}

function failure(id: JsonRpcId, error: MiErrorObject): JsonRpcResponse {
  return { jsonrpc: "2.0", error, id };
}

type ReadRequest =
  | { readonly kind: "call"; readonly method: string; readonly params: CallParams; readonly id: JsonRpcId; readonly notification: boolean }
  | { readonly kind: "invalid"; readonly id: JsonRpcId; readonly reason: string };

function readRequest(item: unknown): ReadRequest {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { kind: "invalid", id: null, reason: "a request must be a JSON object" };
  const { jsonrpc, method, params, id } = item as Record<string, unknown>;
  const notification = !Object.hasOwn(item, "id");
  const validId = notification || id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
  if (!validId) return { kind: "invalid", id: null, reason: "id: must be a string, a number or null" };
  const answerId = notification ? null : (id as JsonRpcId);
  if (jsonrpc !== "2.0") return { kind: "invalid", id: answerId, reason: 'jsonrpc: must be "2.0"' };
  if (typeof method !== "string" || method === "") return { kind: "invalid", id: answerId, reason: "method: must be a non-empty string" };
  if (params !== undefined && (typeof params !== "object" || params === null)) {
    return { kind: "invalid", id: answerId, reason: "params: must be an array or an object" };
  }
  return { kind: "call", method, params: params as CallParams, id: answerId, notification };
}
