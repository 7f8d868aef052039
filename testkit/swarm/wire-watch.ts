/**
 * Watches the engine's socket from outside: every REGISTER it sends and every final response it
 * receives, read with the codec, so that the swarm checks what went on the wire rather than what
 * the engine says it did.
 *
 * - At most one REGISTER transaction in flight per record (unREGISTERs apart: D26 lets the
 *   unREGISTER of a removed record run beside its successor). A transaction is in flight from
 *   its first send until a final response for its branch reaches the engine, or until the
 *   transaction timeout has passed.
 * - No REGISTER (other than an unREGISTER) starts for a record that is disabled or deleted,
 *   except the one authenticated answer to the challenge of the exchange in flight when the
 *   operator acted (§5.3 row "1, 401/407 -> 2" does not look at the enabled flag).
 * - No password on the wire.
 */
import type { Clock } from "../../engine/clock.js";
import { getContacts, getCSeq, getExpires, getVias, headerValue, parseMessage } from "../../engine/sip/index.js";
import type { InboundMessage, SocketAddress, Transport } from "../../engine/transport/index.js";

export interface WireViolation {
  readonly atMs: number;
  readonly invariant: string;
  readonly detail: string;
}

interface Open {
  readonly branch: string;
  readonly callId: string;
  readonly sentAtMs: number;
}

/** Why a record may not start a REGISTER now, and the one exchange it may still finish. */
interface Barred {
  readonly reason: "disabled" | "deleted";
  /** Call-ID of the exchange in flight when the operator acted; its authenticated answer may follow. */
  readonly inFlightCallId: string | null;
  finishingUsed: boolean;
}

export class WireWatch {
  readonly violations: WireViolation[] = [];
  registersSent = 0;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #passwordMarker: string;
  /** In-flight REGISTER transaction (not unREGISTER) per AOR. */
  readonly #open = new Map<string, Open>();
  readonly #barred = new Map<string, Barred>();
  /** Every branch sent so far (one per transaction; a day of one swarm seed is some 50,000). */
  readonly #branches = new Set<string>();

  constructor(clock: Clock, transactionTimeoutMs: number, passwordMarker: string) {
    this.#clock = clock;
    this.#timeoutMs = transactionTimeoutMs;
    this.#passwordMarker = passwordMarker;
  }

  /** The transport the engine is given: the same socket, seen by this watch. */
  wrap(transport: Transport): Transport {
    const watch = this;
    return {
      protocol: transport.protocol,
      reliable: transport.reliable,
      local: transport.local,
      send(to: SocketAddress, data: Uint8Array): Promise<void> {
        watch.#outgoing(data);
        return transport.send(to, data);
      },
      onMessage(handler: (message: InboundMessage) => void): void {
        transport.onMessage((message) => {
          // Before the engine sees it: a REGISTER it sends in reply to this one is a new exchange.
          watch.#incoming(message.data);
          handler(message);
        });
      },
      close: () => transport.close(),
    };
  }

  /** The operator disabled or deleted a record: from now on it may only finish what is in flight. */
  bar(aor: string, reason: "disabled" | "deleted"): void {
    const open = this.#current(aor);
    this.#barred.set(aor, { reason, inFlightCallId: open?.callId ?? null, finishingUsed: false });
  }

  /** The record is enabled (again), or created anew by an upsert or a reload. */
  allow(aor: string): void {
    this.#barred.delete(aor);
  }

  /**
   * The record was replaced (upsert, reload): an exchange of the old one still in flight finishes
   * detached (D26) and is no longer the record's.
   */
  replaced(aor: string): void {
    this.#open.delete(aor);
  }

  #current(aor: string): Open | undefined {
    const open = this.#open.get(aor);
    if (open !== undefined && this.#clock.now() - open.sentAtMs > this.#timeoutMs) {
      this.#open.delete(aor);
      return undefined;
    }
    return open;
  }

  #violation(invariant: string, detail: string): void {
    this.violations.push({ atMs: this.#clock.now(), invariant, detail });
  }

  #outgoing(data: Uint8Array): void {
    if (Buffer.from(data.buffer, data.byteOffset, data.length).includes(this.#passwordMarker)) {
      this.#violation("no password in any output", "a password on the wire");
    }
    const message = parseMessage(data);
    if (message.kind !== "request" || message.method !== "REGISTER") return;
    const aor = aorOf(headerValue(message, "To") ?? "");
    const branch = getVias(message)[0]?.params.find(([name]) => name === "branch")?.[1] ?? "";
    const callId = headerValue(message, "Call-ID") ?? "";
    // A retransmission (of this record's exchange, or of a detached one's): not a new transaction.
    if (this.#branches.has(branch)) return;
    this.#branches.add(branch);
    const open = this.#current(aor);
    if (isUnregister(message)) return;
    this.registersSent++;
    if (open !== undefined) {
      this.#violation(
        "at most one REGISTER transaction in flight per record",
        `${aor}: a new REGISTER (Call-ID ${callId}, CSeq ${getCSeq(message).seq}) while ${open.branch} sent at ${open.sentAtMs} ms is in flight`,
      );
    }
    const barred = this.#barred.get(aor);
    if (barred !== undefined) {
      const finishing =
        !barred.finishingUsed && barred.inFlightCallId === callId && headerValue(message, "Authorization") !== null;
      if (finishing) barred.finishingUsed = true;
      else this.#violation("no REGISTER for a disabled or deleted record", `${aor} (${barred.reason}): REGISTER Call-ID ${callId}`);
    }
    this.#open.set(aor, { branch, callId, sentAtMs: this.#clock.now() });
  }

  #incoming(data: Uint8Array): void {
    let message;
    try {
      message = parseMessage(data);
    } catch {
      return;
    }
    if (message.kind !== "response" || message.status < 200) return;
    const aor = aorOf(headerValue(message, "To") ?? "");
    const branch = getVias(message)[0]?.params.find(([name]) => name === "branch")?.[1] ?? "";
    if (this.#open.get(aor)?.branch === branch) this.#open.delete(aor);
    // Each challenge to the exchange in flight at the bar earns it one more authenticated try
    // (a stale or new nonce is answered once more, as the transition table's rows allow).
    const barred = this.#barred.get(aor);
    if (barred !== undefined && (message.status === 401 || message.status === 407) && barred.inFlightCallId === headerValue(message, "Call-ID")) {
      barred.finishingUsed = false;
    }
  }
}

/** `sip:u1@example.org` out of a To value such as `<sip:u1@example.org>;tag=x`. */
function aorOf(to: string): string {
  const open = to.indexOf("<");
  return open === -1 ? to.split(";")[0]!.trim() : to.slice(open + 1, to.indexOf(">", open));
}

/** Expires 0, a Contact with expires=0, or `Contact: *`. */
function isUnregister(message: Parameters<typeof getContacts>[0]): boolean {
  const contacts = getContacts(message);
  if (contacts.wildcard) return true;
  if (contacts.contacts.some((contact) => contact.params.some(([name, value]) => name === "expires" && value === "0"))) return true;
  return getExpires(message) === 0;
}
