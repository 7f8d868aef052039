/**
 * Handing an inbound message to the transport's user. A handler that throws must not take the
 * socket (or the memory network's timer loop) down with it: the error is logged and the next
 * message is served as usual.
 */
import type { Logger } from "../log.js";
import { formatSocketName } from "./socket-name.js";
import type { InboundMessage } from "./transport.js";
import { errorMessage } from "../errors.js";

export function deliverSafely(
  handler: ((message: InboundMessage) => void) | null,
  message: InboundMessage,
  logger: Logger,
): void {
  if (handler === null) {
    logger.debug(messageContext(message), "message dropped: no handler set");
    return;
  }
  try {
    handler(message);
  } catch (error) {
    logger.error({ ...messageContext(message), error: errorMessage(error) }, "message handler threw; message dropped");
  }
}

/** Log context of an inbound message; build it only when a line is logged (formatting names costs). */
export function messageContext(message: InboundMessage): { local: string; source: string; bytes: number } {
  return {
    local: formatSocketName(message.local),
    source: formatSocketName(message.source),
    bytes: message.data.length,
  };
}

