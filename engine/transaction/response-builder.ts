/**
 * Responses a server transaction's user sends: the codec copies Via, From, To, Call-ID and CSeq
 * (RFC 3261 §8.2.6.2); this adds the To tag the UAS must choose when the request had none. Also
 * the stateless 400 the layer answers a malformed request with.
 */
import { createHash } from "node:crypto";
import {
  createResponseTo,
  findHeaders,
  formatNameAddr,
  getTag,
  getTo,
  responseBytesTo,
  SipParseError,
  setHeader,
  type HeaderList,
  type NameAddr,
  type ResponseInit,
  type SipRequest,
  type SipResponse,
} from "../sip/index.js";

export interface ServerResponseOptions {
  /** The tag to put on To when the request's To has none; one per transaction, so every response agrees. */
  toTag: string;
  /** Defaults to the RFC 3261 §21 phrase for the status. */
  reason?: string | undefined;
  /** Headers after the copied ones, in order. */
  headers?: HeaderList | undefined;
  body?: Uint8Array | string | undefined;
}

/**
 * A response to `request`, with the headers RFC 3261 §8.2.6.2 copies; `options.reason` defaults to
 * the §21 phrase, `headers` (added after the copied ones) to none, `body` to empty. A To without a
 * tag gets `toTag`, except on a 100 Trying, which only a UAS's hop-by-hop transaction sees and which
 * needs none. Throws the codec's SipParseError when the request's To is malformed; the transaction
 * layer hands only requests whose To parsed to its users.
 */
export function createServerResponse(request: SipRequest, status: number, options: ServerResponseOptions): SipResponse {
  const response = createResponseTo(request, responseInit(status, options));
  const to = taggedTo(request, status, options.toTag);
  if (to !== null) setHeader(response, "To", to);
  return response;
}

/**
 * `serializeMessage(createServerResponse(request, status, options))`, byte for byte, written
 * without building the response: what a server sends for nearly every request. `to`: the
 * request's To already parsed (`getTo(request)`), so that it is not parsed again. Throws as
 * createServerResponse does.
 */
export function serverResponseBytes(request: SipRequest, status: number, options: ServerResponseOptions, to?: NameAddr): Uint8Array {
  return responseBytesTo(request, responseInit(status, options), taggedTo(request, status, options.toTag, to));
}

function responseInit(status: number, options: ServerResponseOptions): ResponseInit {
  const init: ResponseInit = { status };
  if (options.reason !== undefined) init.reason = options.reason;
  if (options.headers !== undefined) init.headers = options.headers;
  if (options.body !== undefined) init.body = options.body;
  return init;
}

/** The To a response must carry instead of the request's (with `toTag` added), or null to copy it. */
function taggedTo(request: SipRequest, status: number, toTag: string, parsed?: NameAddr): string | null {
  if (status <= 100) return null;
  const to = parsed ?? getTo(request);
  return getTag(to) === null ? formatNameAddr({ ...to, params: [...to.params, ["tag", toTag]] }) : null;
}

/** A reason phrase quotes what the peer sent; past this many characters it is cut. */
const REASON_CHARS_MAX = 200;

/** Hex digits of a stateless To tag: 64 bits, as many as the layer's random ones. */
const STATELESS_TAG_HEX_CHARS = 16;

/** The headers whose raw text tells one request from another, for a stateless To tag. */
const REQUEST_IDENTITY = ["Via", "From", "To", "Call-ID", "CSeq"] as const;

/**
 * The 400 for a request that cannot be processed (RFC 3261 §8.2, §16.3, §18.2.1), with `problem`
 * as its reason phrase. Whatever of Via, From, To, Call-ID and CSeq the request has is copied as
 * raw text (§8.2.6.2), broken or not. It is sent without a transaction (§8.2.7), so the To tag,
 * added when To parses and has none, is derived from the request: a retransmission gets the same
 * 400, tag included.
 */
export function createMalformedRequestResponse(request: SipRequest, problem: string): SipResponse {
  const reason = safeReasonPhrase(problem);
  if (!hasUsableTo(request)) return createResponseTo(request, { status: 400, reason });
  return createServerResponse(request, 400, { reason, toTag: statelessToTag(request) });
}

/**
 * RFC 3261 §25.1 would allow UTF-8 too, but the problem text quotes header values the peer chose:
 * only printable ASCII is kept (anything else becomes `?`, CR and LF included), so the status
 * line stays one short line any peer can log.
 */
function safeReasonPhrase(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]+/g, "?");
  return clean.length > REASON_CHARS_MAX ? clean.slice(0, REASON_CHARS_MAX - 3) + "..." : clean;
}

function hasUsableTo(request: SipRequest): boolean {
  try {
    getTo(request);
    return true;
  } catch (error) {
    if (error instanceof SipParseError) return false;
    throw error;
  }
}

/** RFC 3261 §8.2.7: a stateless UAS generates the same To tag for the same request (§19.3). */
function statelessToTag(request: SipRequest): string {
  const hash = createHash("sha256").update(request.method);
  for (const name of REQUEST_IDENTITY) {
    for (const header of findHeaders(request, name)) hash.update(`\n${name}: ${header.value}`);
  }
  return hash.digest("hex").slice(0, STATELESS_TAG_HEX_CHARS);
}
