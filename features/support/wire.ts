/**
 * What crossed the wire, as the scenarios ask about it: the registrar's transcript folded into
 * REGISTER client transactions (retransmissions counted, answers in order, the digest answer read).
 */
import {
  formatUri,
  getCallId,
  getCSeq,
  getTo,
  getVias,
  headerValue,
  parseAuthValue,
  parseMessage,
  viaBranch,
  type SipMessage,
} from "../../engine/index.js";
import { type Transcript } from "../../simulator/index.js";

/** A digest answer as sent: which header carried it, and its parameters (names lowercase, values unquoted). */
export interface DigestAnswer {
  readonly header: "Authorization" | "Proxy-Authorization";
  readonly params: ReadonlyMap<string, string>;
}

/** One REGISTER client transaction as the registrar saw it: retransmissions are folded into it. */
export interface RegisterTransaction {
  /** When its first datagram arrived, in seconds since the engine started. */
  readonly second: number;
  readonly aor: string;
  readonly callId: string;
  readonly cseq: number;
  /** The digest answer it carried (§6.3: Authorization or Proxy-Authorization), or null when it carried no credentials. */
  readonly digest: DigestAnswer | null;
  /** Status codes the registrar sent for it, in order (retransmitted answers included once). */
  readonly answers: readonly number[];
  readonly datagrams: number;
  /** The request as first sent, for assertions about its headers. */
  readonly request: SipMessage;
  /** The socket it came from (`udp:10.0.0.1:5060`). */
  readonly from: string;
  /** The registrar's socket it reached. */
  readonly to: string;
}

/** REGISTER transactions in arrival order; `secondOf` turns a clock time into the scenario's second. */
export function registerTransactions(transcript: Transcript, secondOf: (atMs: number) => number): RegisterTransaction[] {
  if (transcript.dropped > 0) throw new Error(`the transcript dropped ${transcript.dropped} messages: the scenario is too long to count transactions`);
  // One record per branch, filled in as its datagrams and answers come.
  const byBranch = new Map<string, RegisterTransaction & { answers: number[]; datagrams: number }>();
  for (const entry of transcript.entries()) {
    const message = parseMessage(Buffer.from(entry.raw, "utf8"));
    const topVia = getVias(message)[0];
    const branch = topVia === undefined ? null : viaBranch(topVia);
    if (branch === null) continue;
    const transaction = byBranch.get(branch);
    if (message.kind === "request" && message.method === "REGISTER" && entry.direction === "in") {
      if (transaction !== undefined) transaction.datagrams += 1;
      else {
        byBranch.set(branch, {
          second: secondOf(entry.atMs),
          aor: formatUri(getTo(message).uri),
          callId: getCallId(message),
          cseq: getCSeq(message).seq,
          digest: digestAnswerOf(message),
          answers: [],
          datagrams: 1,
          request: message,
          from: entry.peer,
          to: entry.local,
        });
      }
    } else if (message.kind === "response" && entry.direction === "out") {
      if (transaction !== undefined && transaction.answers.at(-1) !== message.status) transaction.answers.push(message.status);
    }
  }
  return [...byBranch.values()];
}

/** The first credentials header of a request; a REGISTER carries at most one (§6.3). */
function digestAnswerOf(message: SipMessage): DigestAnswer | null {
  for (const header of ["Authorization", "Proxy-Authorization"] as const) {
    const value = headerValue(message, header);
    if (value !== null) return { header, params: parseAuthValue(value).params };
  }
  return null;
}
