/**
 * From a schema-valid script document to the `CompiledScript` the registrar runs, with the checks
 * a schema cannot make: one action per step, no step after a `repeat: forever`, AORs that parse,
 * header fields that can be written, realms and opaques that fit in a challenge, raw templates
 * whose placeholders exist. Every problem is collected, each with its JSON pointer.
 */
import { DIGEST_ALGORITHMS, formatChallenge, type DigestAlgorithm, type Qop } from "../../engine/auth/index.js";
import { parseNameAddr, sameHeaderName, SipParseError, type HeaderList } from "../../engine/sip/index.js";
import { parseAorPattern, type AorPattern } from "./aor-pattern.js";
import { escapePointer, type PathProblem } from "./schema-check.js";
import type { ChallengeOverrides } from "../digest-policy.js";
import type { Action, Carrier, CompiledScript, ForeignContact, LatencyModel, Rule, ScriptSettings, Step } from "./model.js";
import { unknownPlaceholders } from "./raw-template.js";
import type { CarrierHabits, Latency, RegistrarScript, ScriptAction, ScriptDefaults, ScriptHeaders, ScriptRule, ScriptStep } from "./types.js";

/** Copied from the request by every answer; a script that set them would send them twice. */
const COPIED_HEADERS = ["Via", "From", "To", "Call-ID", "CSeq", "Content-Length"];
/** RFC 3261 §25.1 token. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const ACTION_KEYS = ["respond", "challenge", "accept", "silence", "raw", "delay", "default"] as const;

export function compileScript(script: RegistrarScript, source: string): { ok: true; script: CompiledScript } | { ok: false; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const report = (path: string, reason: string): void => void problems.push({ path, reason });
  const settings = compileDefaults(script.defaults ?? {}, report);
  const rules = (script.rules ?? []).map((rule, index) => compileRule(rule, index, report));
  const carrier = script.carrier === undefined ? null : compileCarrier(script.carrier, report);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, script: { source, description: script.description ?? null, seed: script.seed ?? null, carrier, settings, rules } };
}

function compileCarrier(habits: CarrierHabits, report: Report): Carrier {
  const base = "/carrier";
  const { refuseFraction, rateLimit, silentWindows, grant, latency } = habits;
  if (silentWindows !== undefined && silentWindows.forSec >= silentWindows.everySec) {
    report(`${base}/silentWindows/forSec`, `${silentWindows.forSec} is not below everySec ${silentWindows.everySec}, so it would never answer`);
  }
  if (grant !== undefined && grant.minSec > grant.maxSec) report(`${base}/grant/minSec`, `${grant.minSec} is above maxSec ${grant.maxSec}`);
  for (const [k, sec] of (habits.restartAtSec ?? []).entries()) if (!(sec >= 0)) report(`${base}/restartAtSec/${k}`, "must be 0 or more seconds after start");
  return {
    refuse:
      refuseFraction === undefined
        ? null
        : {
            fraction: refuseFraction.fraction,
            status: refuseFraction.code,
            reason: refuseFraction.reason ?? null,
            headers: headerList(refuseFraction.headers, `${base}/refuseFraction/headers`, report),
          },
    rateLimit: rateLimit === undefined ? null : { requests: rateLimit.requests, windowMs: rateLimit.perSec * 1000, retryAfterSec: rateLimit.retryAfterSec },
    silent:
      silentWindows === undefined
        ? null
        : { forMs: silentWindows.forSec * 1000, everyMs: silentWindows.everySec * 1000, startMs: (silentWindows.startSec ?? silentWindows.everySec - silentWindows.forSec) * 1000 },
    restartAtMs: [...(habits.restartAtSec ?? [])].sort((a, b) => a - b).map((sec) => sec * 1000),
    grant: grant === undefined ? null : { minSec: grant.minSec, maxSec: grant.maxSec },
    latency: latency === undefined ? null : compileLatency(latency, `${base}/latency`, report),
  };
}

function compileLatency(latency: Latency, path: string, report: Report): LatencyModel | null {
  const need = (field: keyof Latency): number => {
    const value = latency[field];
    if (typeof value !== "number") {
      report(`${path}/${field}`, `a ${latency.distribution} latency needs ${field}`);
      return 0;
    }
    return value;
  };
  const cap = latency.maxMs ?? null;
  switch (latency.distribution) {
    case "fixed":
      return { distribution: "fixed", ms: need("ms") };
    case "uniform": {
      const minMs = need("minMs");
      const maxMs = need("maxMs");
      if (minMs > maxMs) report(`${path}/minMs`, `${minMs} is above maxMs ${maxMs}`);
      return { distribution: "uniform", minMs, maxMs };
    }
    case "normal":
      return { distribution: "normal", meanMs: need("meanMs"), sdMs: need("sdMs"), maxMs: cap };
    case "exponential":
      return { distribution: "exponential", meanMs: need("meanMs"), maxMs: cap };
  }
}

type Report = (path: string, reason: string) => void;

function compileDefaults(defaults: ScriptDefaults, report: Report): ScriptSettings {
  const base = "/defaults";
  checkChallengeText(defaults.realm, `${base}/realm`, "realm", report);
  if (typeof defaults.opaque === "string") checkChallengeText(defaults.opaque, `${base}/opaque`, "opaque", report);
  checkSessionQop(defaults.algorithms, defaults.qop, base, report);
  const { minExpiresSec: min, maxExpiresSec: max, defaultExpiresSec: fallback } = defaults;
  if (min !== undefined && max !== undefined && min > max) report(`${base}/minExpiresSec`, `${min} is above maxExpiresSec ${max}`);
  if (min !== undefined && fallback !== undefined && fallback < min) {
    report(`${base}/defaultExpiresSec`, `${fallback} is below minExpiresSec ${min}, so a REGISTER without expires could never succeed`);
  }
  return {
    ...(defaults.realm === undefined ? {} : { realm: defaults.realm }),
    ...(defaults.algorithms === undefined ? {} : { algorithms: defaults.algorithms.map(algorithm) }),
    ...(defaults.qop === undefined ? {} : { qop: defaults.qop }),
    ...(defaults.opaque === undefined ? {} : { opaque: defaults.opaque }),
    ...(defaults.status === undefined ? {} : { status: defaults.status }),
    ...(defaults.wrongCredentials === undefined ? {} : { wrongCredentials: defaults.wrongCredentials }),
    ...(defaults.nonceLifetimeSec === undefined ? {} : { nonceLifetimeSec: defaults.nonceLifetimeSec }),
    ...(fallback === undefined ? {} : { defaultExpiresSec: fallback }),
    ...(min === undefined ? {} : { minExpiresSec: min }),
    ...(max === undefined ? {} : { maxExpiresSec: max }),
    ...(defaults.aorMatching === undefined ? {} : { aorMatching: defaults.aorMatching }),
  };
}

function compileRule(rule: ScriptRule, index: number, report: Report): Rule {
  const base = `/rules/${index}`;
  const patterns = rule.for === "everyone" ? null : compileFor(rule.for, `${base}/for`, report);
  let kinds: Rule["kinds"] = null;
  if (rule.when !== undefined) {
    const listed = Array.isArray(rule.when.kind) ? rule.when.kind : [rule.when.kind];
    if (listed.length === 0) report(`${base}/when/kind`, "lists no kind; leave `when` out to match every REGISTER");
    kinds = new Set(listed);
  }
  const forever = rule.steps.findIndex((step) => step.repeat === "forever");
  if (forever !== -1 && forever < rule.steps.length - 1) {
    report(`${base}/steps/${forever + 1}`, `can never run: step ${forever} repeats forever (only the last step may)`);
  }
  const steps = rule.steps.map((step, j) => compileStep(step, `${base}/steps/${j}`, report));
  return { index, patterns, forText: Array.isArray(rule.for) ? rule.for.join(", ") : rule.for, kinds, steps };
}

function compileFor(written: string | string[], path: string, report: Report): AorPattern[] {
  const items = Array.isArray(written) ? written.map((text, k) => [text, `${path}/${k}`] as const) : [[written, path] as const];
  if (items.length === 0) report(path, 'lists no one; write "everyone" for a rule that answers every AOR');
  const patterns: AorPattern[] = [];
  for (const [text, at] of items) {
    if (text === "everyone") {
      report(at, '"everyone" stands alone, not in a list');
      continue;
    }
    const pattern = parseAorPattern(text);
    if (typeof pattern === "string") report(at, `must be "everyone", an AOR (sip:user@host) or a user-part pattern; ${pattern}`);
    else patterns.push(pattern);
  }
  return patterns;
}

function compileStep(step: ScriptStep, path: string, report: Report): Step {
  if (step.times !== undefined && step.repeat !== undefined) report(`${path}/repeat`, "a step has either times or repeat, not both");
  return { action: compileAction(step, path, report), times: step.repeat === "forever" ? null : (step.times ?? 1) };
}

function compileAction(action: ScriptAction, path: string, report: Report): Action {
  const present = ACTION_KEYS.filter((key) => action[key] !== undefined);
  if (present.length !== 1) {
    const found = present.length === 0 ? "none" : present.join(", ");
    report(path, `needs exactly one action of ${ACTION_KEYS.join(", ")}; found ${found}`);
    return { kind: "default" };
  }
  if (action.respond !== undefined) {
    const { code, reason } = action.respond;
    if (reason !== undefined && /[\x00-\x1f\x7f]/.test(reason)) report(`${path}/respond/reason`, "a reason phrase is one line without control characters");
    return { kind: "respond", status: code, reason: reason ?? null, headers: headerList(action.respond.headers, `${path}/respond/headers`, report) };
  }
  if (action.challenge !== undefined) return compileChallenge(action.challenge, `${path}/challenge`, report);
  if (action.accept !== undefined) {
    const accept = action.accept;
    const extraBindings = (accept.extraBindings ?? []).map((binding, k): ForeignContact => {
      try {
        parseNameAddr(binding.contact);
      } catch (error) {
        if (!(error instanceof SipParseError)) throw error;
        report(`${path}/accept/extraBindings/${k}/contact`, `does not parse as a Contact: ${error.problem}`);
      }
      return { contact: binding.contact, expiresSec: binding.expires ?? null };
    });
    return {
      kind: "accept",
      grantSec: accept.grant ?? null,
      extraBindings,
      omitContact: accept.omitContact ?? false,
      headers: headerList(accept.headers, `${path}/accept/headers`, report),
    };
  }
  if (action.raw !== undefined) return compileRaw(action.raw, `${path}/raw`, report);
  if (action.delay !== undefined) {
    const then = action.delay.then === undefined ? ({ kind: "default" } as const) : compileAction(action.delay.then, `${path}/delay/then`, report);
    return { kind: "delay", ms: action.delay.ms, then };
  }
  if (action.silence !== undefined) return { kind: "silence" };
  return { kind: "default" };
}

function compileChallenge(challenge: NonNullable<ScriptAction["challenge"]>, path: string, report: Report): Action {
  checkChallengeText(challenge.realm, `${path}/realm`, "realm", report);
  if (typeof challenge.opaque === "string") checkChallengeText(challenge.opaque, `${path}/opaque`, "opaque", report);
  checkSessionQop(challenge.algorithms, challenge.qop, path, report);
  const overrides: ChallengeOverrides = {
    ...(challenge.status === undefined ? {} : { status: challenge.status }),
    ...(challenge.realm === undefined ? {} : { realm: challenge.realm }),
    ...(challenge.algorithms === undefined ? {} : { algorithms: challenge.algorithms.map(algorithm) }),
    ...(challenge.qop === undefined ? {} : { qop: challenge.qop }),
    ...(challenge.opaque === undefined ? {} : { opaque: challenge.opaque }),
  };
  return { kind: "challenge", overrides, stale: challenge.stale ?? false, headers: headerList(challenge.headers, `${path}/headers`, report) };
}

function compileRaw(raw: NonNullable<ScriptAction["raw"]>, path: string, report: Report): Action {
  if ((raw.text === undefined) === (raw.base64 === undefined)) {
    report(path, "needs exactly one of text and base64");
    return { kind: "raw", text: "", bytes: null };
  }
  if (raw.base64 !== undefined) {
    if (raw.lineEnds !== undefined) report(`${path}/lineEnds`, "applies to text only; base64 bytes are sent unchanged");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(raw.base64.replace(/\s+/g, ""))) report(`${path}/base64`, "is not base64");
    return { kind: "raw", text: null, bytes: new Uint8Array(Buffer.from(raw.base64, "base64")) };
  }
  const text = raw.text ?? "";
  for (const name of unknownPlaceholders(text)) report(`${path}/text`, `unknown placeholder \${${name}}`);
  return { kind: "raw", text: raw.lineEnds === "as-written" ? text : text.replace(/\r?\n/g, "\r\n"), bytes: null };
}

function headerList(headers: ScriptHeaders | undefined, path: string, report: Report): HeaderList {
  const list: Array<readonly [string, string]> = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const at = `${path}/${escapePointer(name)}`;
    if (!TOKEN.test(name)) report(at, `"${name}" is not a header name`);
    const copied = COPIED_HEADERS.find((header) => sameHeaderName(header, name));
    if (copied !== undefined) report(at, `${copied} is copied from the request; use a raw step to send another`);
    for (const [k, item] of (Array.isArray(value) ? value : [value]).entries()) {
      const text = String(item);
      if (/[\r\n\x00]/.test(text)) report(Array.isArray(value) ? `${at}/${k}` : at, "a header value is one line (no CR, LF or NUL)");
      list.push([name, text]);
    }
  }
  return list;
}

/** A realm or opaque is a quoted string in the challenge: it must be writable there. */
function checkChallengeText(text: string | undefined, path: string, what: string, report: Report): void {
  if (text === undefined) return;
  try {
    formatChallenge({ realm: what === "realm" ? text : "r", nonce: "0", ...(what === "opaque" ? { opaque: text } : {}) });
  } catch (error) {
    report(path, `cannot be written in a challenge: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A -sess HA1 folds in the cnonce, which a client sends only with qop (RFC 7616 §3.4.2). */
function checkSessionQop(algorithms: readonly string[] | undefined, qop: readonly Qop[] | undefined, path: string, report: Report): void {
  const session = algorithms?.find((a) => a.endsWith("-sess"));
  if (session !== undefined && qop !== undefined && qop.length === 0) report(`${path}/qop`, `${session} needs qop, and qop is empty`);
}

/** The schema lists the same names as the codec; this keeps the two tied. */
function algorithm(name: string): DigestAlgorithm {
  const known = DIGEST_ALGORITHMS.find((a) => a === name);
  if (known === undefined) throw new RangeError(`algorithm ${name} passed the schema but the codec does not know it`);
  return known;
}
