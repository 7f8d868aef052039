/**
 * The REGISTER traffic of a simulator transcript file (`uacreg simulate --transcript-file`), one
 * line at a time: each REGISTER the registrar received (who sent it, its dialog: Call-ID, From
 * tag, CSeq, top Via branch) and each answer it sent to one (status, and for a 2xx the lifetime it
 * granted). What the cluster judge reads; every other message is skipped.
 */
import {
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFromTag,
  getParam,
  getVias,
  parseMessage,
  viaBranch,
  type SipMessage,
} from "../engine/index.js";

/** The fields of a transcript file line this reader needs. */
export interface TranscriptLine {
  readonly atMs: number;
  readonly direction: "in" | "out";
  /** The other side's socket name: for a REGISTER received, the sender (`udp:127.0.0.11:5070`). */
  readonly peer: string;
  readonly raw: string;
  /** The AOR key the simulator read from the To URI. */
  readonly aor: string | null;
}

export interface RegisterSent {
  readonly kind: "register";
  readonly atMs: number;
  readonly aor: string;
  readonly source: string;
  readonly callId: string;
  readonly fromTag: string | null;
  readonly cseq: number;
  readonly branch: string | null;
}

export interface RegisterAnswered {
  readonly kind: "answer";
  readonly atMs: number;
  readonly callId: string;
  readonly cseq: number;
  readonly status: number;
  /** A 2xx's granted lifetime: the first Contact's expires, else the Expires header; null otherwise. */
  readonly grantedSec: number | null;
}

export type RegisterExchange = RegisterSent | RegisterAnswered;

const encoder = new TextEncoder();

/** The REGISTER fact of one line, or null for any other message (or bytes that do not parse). */
export function readRegisterExchange(line: TranscriptLine): RegisterExchange | null {
  let message: SipMessage;
  try {
    message = parseMessage(encoder.encode(line.raw));
  } catch {
    return null;
  }
  try {
    const cseq = getCSeq(message);
    if (cseq.method !== "REGISTER") return null;
    const callId = getCallId(message);
    if (message.kind === "request") {
      if (line.direction !== "in" || line.aor === null) return null;
      const via = getVias(message)[0];
      return {
        kind: "register",
        atMs: line.atMs,
        aor: line.aor,
        source: line.peer,
        callId,
        fromTag: getFromTag(message),
        cseq: cseq.seq,
        branch: via === undefined ? null : viaBranch(via),
      };
    }
    if (line.direction !== "out") return null;
    const ok = message.status >= 200 && message.status < 300;
    return { kind: "answer", atMs: line.atMs, callId, cseq: cseq.seq, status: message.status, grantedSec: ok ? grantedSec(message) : null };
  } catch {
    return null;
  }
}

function grantedSec(message: SipMessage): number | null {
  const list = getContacts(message);
  const first = list.wildcard ? undefined : list.contacts[0];
  const param = first === undefined ? null : getParam(first.params, "expires");
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  return getExpires(message);
}
