/**
 * The one line `uacreg simulate` prints per message on the wire:
 *
 *   14:03:07.412 in  udp:127.0.0.1:40213 REGISTER sip:example.org CSeq 2 (Authorization; Contact 1; Expires 3600) sip:user5@example.org call …0f3c9a1e asks 3600 s
 *   14:03:07.413 out udp:127.0.0.1:40213 403 Forbidden CSeq 2 REGISTER sip:user5@example.org call …0f3c9a1e: wrong digest response from user "user5"
 *
 * After the summary: the AOR (To), the end of the Call-ID, for a REGISTER the expiry asked for or
 * `unREGISTER`, and for a refusal the registrar's reason (message-facts.ts).
 * Local time of day, because the engineer reading it lines it up with their own registrant's log
 * and with packet captures, which show local time.
 */
import type { Direction } from "../engine/transport/index.js";

/** The line for one message: local time of day, `in`/`out`, the peer and the summary. */
export function formatMessageLine(atMs: number, direction: Direction, peer: string, summary: string): string {
  return `${timeOfDay(atMs)} ${direction === "in" ? "in " : "out"} ${peer} ${summary}`;
}

/** `HH:MM:SS.mmm` in local time. */
export function timeOfDay(atMs: number): string {
  const at = new Date(atMs);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, "0")}`;
}
