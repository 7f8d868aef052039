/**
 * Saved registration dialogs (spec §17 N11, N12), as pure functions: reading a saved row (each
 * field checked and named when bad), deciding how a record continues from it, and keeping track
 * of when the registrar's binding runs out, which the state machine does not hold.
 *
 * Worked example with T=100, P=100: a 200 OK at R=1000 granting E=3600 is saved with the binding
 * running out at 4600 s (in ms: 4_600_000). A node that reads it at 2000 recomputes the refresh
 * point R + E*P/100 - T = 4500 (D1, D32 as the reply set it): 2000 < 4500, so the record is
 * REGISTERED here with TO = 4500 and its refresh goes out when due, in the same dialog (no burst).
 * Read at 4500 or later (past the refresh point, or expired), it is NOT_REGISTERED and registers
 * at its first visit, still with the saved Call-ID and From tag and the next CSeq. The next is
 * enough because rows are written ahead: a REGISTER leaves only once the row with its CSeq is
 * saved (dialog-state-writer.ts), so no CSeq above the saved one was ever sent, even by a node
 * killed in mid-refresh.
 */
import type { DialogState, DialogStateRow } from "../contracts.js";
import { RecordError } from "./errors.js";
import type { ModuleParams } from "./module-params.js";
import { copyRuntime, type RegistrantRuntime } from "./record.js";
import { flooredRefreshTimeoutSec } from "./retry-policy.js";
import { refreshTimeoutSec } from "./schedule.js";
import type { Effect, TransitionRow } from "./transition-table.js";

/** The dialog-state table's column of each field: error messages name these, and the SQL uses them. */
export const DIALOG_STATE_COLUMNS = {
  aor: "aor",
  contact: "binding_uri",
  registrar: "registrar",
  callId: "call_id",
  fromTag: "from_tag",
  cseq: "cseq",
  expiresSec: "expires",
  bindingExpiresMs: "binding_expires_ms",
  shtag: "shtag",
  epoch: "epoch",
} as const satisfies Record<keyof DialogState, string>;

/** RFC 3261 §8.1.1.5: a CSeq number is below 2^31; the saved one must leave room for the next. */
const CSEQ_MAX = 2 ** 31 - 2;
/** A Call-ID is `word ["@" word]`, any visible character but a few; ours are 27 hex digits. */
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}@]{1,255}$/;
/** A tag is a token (RFC 3261 §25.1). */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]{1,64}$/;
/** delta-seconds (RFC 3261 §25.1). */
const EXPIRES_MAX = 0xffff_ffff;

/** Checks a saved row; throws `RecordError` naming the first bad field (its column) and why. */
export function readDialogState(row: DialogStateRow): DialogState {
  return {
    aor: nonEmpty("aor", row.aor),
    contact: nonEmpty("contact", row.contact),
    registrar: nonEmpty("registrar", row.registrar),
    callId: matching("callId", row.callId, CALL_ID, "must be a Call-ID (visible characters, no spaces, at most 255)"),
    fromTag: matching("fromTag", row.fromTag, TOKEN, "must be a token of at most 64 characters"),
    cseq: wholeNumber("cseq", row.cseq, 0, CSEQ_MAX),
    expiresSec: wholeNumber("expiresSec", row.expiresSec, 1, EXPIRES_MAX),
    bindingExpiresMs: row.bindingExpiresMs === null ? null : wholeNumber("bindingExpiresMs", row.bindingExpiresMs, 0, Number.MAX_SAFE_INTEGER),
    shtag: row.shtag === null ? null : nonEmpty("shtag", row.shtag),
    epoch: wholeNumber("epoch", row.epoch, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** How a record continues from its saved dialog. */
export type ResumeOutcome = "registered" | "register-now";

/**
 * The runtime of a record continued from `saved`, built on `fresh` (createRuntime's): the same
 * Call-ID, From tag and CSeq, so its next request sends the saved CSeq + 1. A binding still valid
 * before its refresh point makes the record REGISTERED with TO at that point (as the 200 OK set
 * it: D1, D32); otherwise it is NOT_REGISTERED and registers at its first visit.
 */
export function resumeRuntime(
  fresh: RegistrantRuntime,
  saved: DialogState,
  nowSec: number,
  params: ModuleParams,
): { readonly runtime: RegistrantRuntime; readonly outcome: ResumeOutcome } {
  const dialog = copyRuntime(fresh);
  dialog.callId = saved.callId;
  dialog.fromTag = saved.fromTag;
  dialog.cseq = saved.cseq;
  const registerNow = { runtime: dialog, outcome: "register-now" } as const;
  if (saved.bindingExpiresMs === null) return registerNow;
  const replySec = Math.floor(saved.bindingExpiresMs / 1000) - saved.expiresSec;
  const refresh = refreshTimeoutSec(replySec, saved.expiresSec, params.reregisterExpiryPercentage, params.timerIntervalSec);
  const timeoutSec = flooredRefreshTimeoutSec(replySec, refresh, params.trouble.minRefreshIntervalSec).timeoutSec;
  if (nowSec >= timeoutSec) return registerNow;
  dialog.state = "REGISTERED_STATE";
  dialog.expiresSec = saved.expiresSec;
  dialog.timeoutSec = timeoutSec;
  dialog.lastRegisterSentSec = Math.max(0, replySec);
  return { runtime: dialog, outcome: "registered" };
}

/** Rows whose 2xx answers an unREGISTER (or a binding the registrar removed, D17): no binding is left. */
const BINDING_GONE_ROWS: ReadonlySet<string> = new Set(["2xx-unregistered", "2xx-unregistered-reregister", "2xx-binding-removed"]);
const GRANT: Effect = "grant-expiry";

/**
 * When the binding runs out after a step that took `row` at `nowSec` and left E = `expiresSec`:
 * a grant sets it (in whole seconds, as the refresh point is computed), a removal clears it, any
 * other step leaves `previousMs`.
 */
export function bindingExpiryAfter(row: TransitionRow | null, nowSec: number, expiresSec: number, previousMs: number | null): number | null {
  if (row === null) return previousMs;
  if (row.effects.includes(GRANT)) return (nowSec + expiresSec) * 1000;
  return BINDING_GONE_ROWS.has(row.id) ? null : previousMs;
}

/** Did a step change what the dialog-state table keeps of the record? */
export function dialogChanged(before: RegistrantRuntime, after: RegistrantRuntime, bindingBeforeMs: number | null, bindingAfterMs: number | null): boolean {
  return (
    before.callId !== after.callId ||
    before.fromTag !== after.fromTag ||
    before.cseq !== after.cseq ||
    before.expiresSec !== after.expiresSec ||
    bindingBeforeMs !== bindingAfterMs
  );
}

function nonEmpty(field: keyof DialogState, value: unknown): string {
  if (typeof value !== "string" || value === "") throw fieldError(field, `must be a non-empty text, got ${describe(value)}`);
  return value;
}

function matching(field: keyof DialogState, value: unknown, pattern: RegExp, rule: string): string {
  if (typeof value !== "string" || !pattern.test(value)) throw fieldError(field, `${rule}, got ${describe(value)}`);
  return value;
}

/** Drivers give integers as numbers, bigints or digit strings (PostgreSQL's BIGINT). */
function wholeNumber(field: keyof DialogState, value: unknown, min: number, max: number): number {
  const number =
    typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : typeof value === "string" && /^-?\d{1,20}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw fieldError(field, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  return number;
}

function fieldError(field: keyof DialogState, reason: string): RecordError {
  return new RecordError(DIALOG_STATE_COLUMNS[field], reason);
}

/** A bad value as an error may quote it: short, and only ever a dialog field (the table has no credentials). */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const text = typeof value === "string" ? JSON.stringify(value) : typeof value === "bigint" ? `${value}` : typeof value === "number" ? String(value) : typeof value;
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
