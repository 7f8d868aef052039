/**
 * Responses a server transaction's user sends: the codec copies Via, From, To, Call-ID and CSeq
 * (RFC 3261 §8.2.6.2); this adds the To tag the UAS must choose when the request had none.
 */
import {
  createResponseTo,
  formatNameAddr,
  getTag,
  getTo,
  setHeader,
  type HeaderList,
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
 * A response to `request`. RFC 3261 §8.2.6.2: a To without a tag gets `toTag`, except on a 100
 * Trying, which only a UAS's hop-by-hop transaction sees and which needs none. Throws the codec's
 * `SipParseError` when the request's To is malformed; the transaction layer hands only requests
 * whose To parsed to its users.
 */
export function createServerResponse(request: SipRequest, status: number, options: ServerResponseOptions): SipResponse {
  const response = createResponseTo(request, {
    status,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  if (status > 100) {
    const to = getTo(request);
    if (getTag(to) === null) {
      setHeader(response, "To", formatNameAddr({ ...to, params: [...to.params, ["tag", options.toTag]] }));
    }
  }
  return response;
}
