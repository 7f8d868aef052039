/**
 * A registrant record: the validated configuration of one row (spec §2.1 with D2, D8, D19, D22)
 * and the runtime state the state machine works on (§2.1 runtime fields, D7, D10, D15, D24, D27).
 *
 * Memory matters (the target is about 1 KiB per record at a million records, SR history
 * included), so both halves are flat objects of strings, numbers and booleans: URIs are kept as
 * their text and parsed when a request is built or a reply is matched, and nothing per record
 * holds a closure or a map.
 */
import type { NonceCount } from "../../auth/index.js";
import type { Random } from "../../random.js";
import type { Params, SipUri, Uri } from "../../sip/index.js";
import { hasParam, parseNameAddr, parseUri, SipParseError } from "../../sip/index.js";
import type { SocketName, TransportProtocol } from "../../transport/index.js";
import { fixedProtocol, formatSocketName, parseSocketName, schemeProtocol, TransportError } from "../../transport/index.js";
import { newDialogIds, type DialogIds } from "./dialog-id.js";
import { RecordError } from "./errors.js";
import { bucketOf } from "./hash.js";
import type { ModuleParams } from "./module-params.js";
import type { RegistrantStateName } from "./states.js";

/**
 * A row as the table, `reg_upsert` or a reload gives it; names are the MI parameter names (the
 * DB column `binding_URI` is `contact`). Strings may be null or empty for "not set"; the two
 * integers may arrive as text from MI.
 */
export interface RegistrantRow {
  readonly aor: string | null;
  readonly contact: string | null;
  readonly registrar: string | null;
  readonly proxy?: string | null;
  readonly third_party_registrant?: string | null;
  readonly username?: string | null;
  readonly password?: string | null;
  readonly binding_params?: string | null;
  readonly expiry?: number | string | null;
  readonly forced_socket?: string | null;
  readonly cluster_shtag?: string | null;
  readonly state?: number | string | null;
}

/** The identity of a record: always the full triple, as configured (D3). */
export interface RecordId {
  readonly aor: string;
  readonly contact: string;
  readonly registrar: string;
}

export interface RegistrantConfig extends RecordId {
  /** The registrar as a bare URI: the Request-URI and the digest `uri` (§6.1, §6.3). */
  readonly registrarUri: string;
  readonly proxy: string | null;
  readonly thirdPartyRegistrant: string | null;
  readonly username: string | null;
  /** Never logged, shown or put in an error (D16). */
  readonly password: string | null;
  /** Empty, or `;`-led Contact header parameters, written verbatim after `<contact>` (D8). */
  readonly bindingParams: string;
  /** The configured expiry: the first W and E (§2.1); default_expires when empty (D2). */
  readonly expirySec: number;
  /** `proto:host:port` in canonical spelling, or null. */
  readonly forcedSocket: string | null;
  readonly shtagName: string | null;
  readonly clusterId: number;
  /** The `state` column: 0 enabled, anything else disabled (§2.1). */
  readonly enabled: boolean;
  /** D8: the params hold both `reg-id` and `+sip.instance`. */
  readonly uniqueBinding: boolean;
  /** core_hash(aor) & (N-1) (§3.1). */
  readonly bucket: number;
}

/** What validation needs from the outside world. */
export interface RecordValidation {
  readonly params: ModuleParams;
  /** D19: is there a listening socket with this name? (The engine knows its transports.) */
  readonly socketExists: (socket: SocketName) => boolean;
}

/** Which request a record has in flight; a wildcard is the unique-binding clean-up (§7). */
export type InFlightRequest = "register" | "unregister" | "wildcard";

/** The mutable part of a record, replaced (never edited) by each state machine step. */
export interface RegistrantRuntime {
  readonly state: RegistrantStateName;
  /** MI enable/disable flip it; starts from the `state` column. */
  readonly enabled: boolean;
  readonly callId: string;
  readonly fromTag: string;
  /** The CSeq of the last request sent; 0 before the first of a dialog (§5.4). */
  readonly cseq: number;
  /** When the first REGISTER of the last cycle went out (§2.1), 0 if never. */
  readonly lastRegisterSentSec: number;
  /** TO: the absolute second of the next action (D1, D5, D27); shown as `registration_t_out`. */
  readonly timeoutSec: number;
  /** E: the last granted (or configured) expiry. */
  readonly expiresSec: number;
  /** W: the expiry we ask for; changed only by a 423 (D7). */
  readonly wantedExpiresSec: number;
  /** Id of the last request sent; a reply counts only if it carries this id (D15). */
  readonly generation: number;
  /** The request awaiting its outcome, or null. */
  readonly inFlight: InFlightRequest | null;
  /** Digest nonce count after the last authenticated request (D9). */
  readonly nonceCount: NonceCount | null;
  /** D30: failures in a row since the last success; kept only with retry_backoff (absent means 0). */
  readonly failures?: number;
  /** D35: the Contact with the address the registrar saw, used instead of the configured one. */
  readonly learnedContact?: string;
  /** D31: a failure whose class is set to -1 holds the record until force_register or a reload. */
  readonly held?: true;
  /** D10: the nonce our credentials in flight answered, and whether the one re-challenge retry was used. */
  readonly answeredNonce: string | null;
  readonly rechallenged: boolean;
  /** D7: consecutive 423s answered with an immediate REGISTER. */
  readonly intervalTooBriefCount: number;
  /** D24: consecutive wildcard clean-ups. */
  readonly cleanupCount: number;
}

const AOR_LIKE_SCHEMES = new Set(["sip", "sips", "tel", "tels"]);

/** Builds the configuration of a row, or throws `RecordError` naming the first bad field. */
export function validateRow(row: RegistrantRow, validation: RecordValidation): RegistrantConfig {
  const { params } = validation;
  const aor = mandatory("aor", row.aor);
  addressUri("aor", aor);
  const contact = mandatory("contact", row.contact);
  addressUri("contact", contact);
  const registrar = mandatory("registrar", row.registrar);
  const registrarParsed = hostUri("registrar", registrar);
  const proxy = optional(row.proxy);
  const proxyParsed = proxy === null ? null : hostUri("proxy", proxy);
  const thirdPartyRegistrant = optional(row.third_party_registrant);
  if (thirdPartyRegistrant !== null) addressUri("third_party_registrant", thirdPartyRegistrant);
  const username = optional(row.username);
  if (username !== null && /[\x00-\x1f\x7f]/.test(username)) {
    throw new RecordError("username", "must not contain control characters");
  }
  const bindingParams = optional(row.binding_params) ?? "";
  const uniqueBinding = checkBindingParams(bindingParams);
  const expirySec = expiry(row.expiry, params);
  const forcedSocket = socket(optional(row.forced_socket), proxyParsed?.uri ?? registrarParsed.uri, validation);
  const shtag = clusterShtag(optional(row.cluster_shtag));
  return {
    aor,
    contact,
    registrar,
    registrarUri: registrarParsed.text,
    proxy,
    thirdPartyRegistrant,
    username,
    password: optional(row.password),
    bindingParams,
    expirySec,
    forcedSocket,
    shtagName: shtag?.name ?? null,
    clusterId: shtag?.clusterId ?? 0,
    enabled: enabledFromState(row.state),
    uniqueBinding,
    bucket: bucketOf(aor, params.bucketCount),
  };
}

/**
 * D3 reload: true when validating `row` would give `config` again, which the reload then keeps
 * instead of validating the row anew. `config` was validated from some row with the same module
 * parameters and listening sockets, and validation depends on nothing else, so a row holding the
 * very values the config was built from gives the same config. Decided by comparing text and
 * numbers only (no URI is parsed): a row in another spelling (an expiry or state as text, a
 * forced socket, a sharing tag) answers false and is validated in full.
 */
export function rowGivesConfig(row: RegistrantRow, config: RegistrantConfig, params: ModuleParams): boolean {
  return (
    row.aor === config.aor &&
    row.contact === config.contact &&
    row.registrar === config.registrar &&
    optional(row.proxy) === config.proxy &&
    optional(row.third_party_registrant) === config.thirdPartyRegistrant &&
    optional(row.username) === config.username &&
    optional(row.password) === config.password &&
    (optional(row.binding_params) ?? "") === config.bindingParams &&
    sameExpiry(row.expiry, config.expirySec, params) &&
    optional(row.forced_socket) === null &&
    config.forcedSocket === null &&
    optional(row.cluster_shtag) === null &&
    config.shtagName === null &&
    sameEnabled(row.state, config.enabled)
  );
}

/** An empty expiry is default_expires (D2); a number is itself; text takes the full check. */
function sameExpiry(value: RegistrantRow["expiry"], expirySec: number, params: ModuleParams): boolean {
  if (value === null || value === undefined || value === "") return expirySec === params.defaultExpiresSec;
  return typeof value === "number" && value === expirySec;
}

/** As enabledFromState for an empty or numeric state; text takes the full check. */
function sameEnabled(value: RegistrantRow["state"], enabled: boolean): boolean {
  if (value === null || value === undefined || value === "") return enabled;
  return typeof value === "number" && (value === 0) === enabled;
}

/** A runtime being worked out (a state machine step, a resume): the fields may still change. */
export type RuntimeDraft = { -readonly [K in keyof RegistrantRuntime]: RegistrantRuntime[K] };

/**
 * A copy of `runtime` to change. Written field by field, not spread: V8 builds a spread copy as
 * an empty object that grows, which keeps 12 of the 16 fields in a property array of their own
 * (16 bytes more per record, for every record, as each step replaces the runtime with its copy);
 * a literal holds them all in the object. The optional fields follow only when present.
 */
export function copyRuntime(runtime: RegistrantRuntime): RuntimeDraft {
  const copy: RuntimeDraft = {
    state: runtime.state,
    enabled: runtime.enabled,
    callId: runtime.callId,
    fromTag: runtime.fromTag,
    cseq: runtime.cseq,
    lastRegisterSentSec: runtime.lastRegisterSentSec,
    timeoutSec: runtime.timeoutSec,
    expiresSec: runtime.expiresSec,
    wantedExpiresSec: runtime.wantedExpiresSec,
    generation: runtime.generation,
    inFlight: runtime.inFlight,
    nonceCount: runtime.nonceCount,
    answeredNonce: runtime.answeredNonce,
    rechallenged: runtime.rechallenged,
    intervalTooBriefCount: runtime.intervalTooBriefCount,
    cleanupCount: runtime.cleanupCount,
  };
  if (runtime.failures !== undefined) copy.failures = runtime.failures;
  if (runtime.learnedContact !== undefined) copy.learnedContact = runtime.learnedContact;
  if (runtime.held !== undefined) copy.held = runtime.held;
  return copy;
}

/** The runtime of a record just created (§2.1): NOT_REGISTERED, a new dialog, E = W = expiry. */
export function createRuntime(config: RegistrantConfig, random: Random, nowSec: number): RegistrantRuntime {
  return runtimeIn(config, newDialogIds(config.aor, random, nowSec));
}

/** A new record's runtime in the dialog `ids`. */
function runtimeIn(config: RegistrantConfig, ids: DialogIds): RuntimeDraft {
  return {
    state: "NOT_REGISTERED_STATE",
    enabled: config.enabled,
    callId: ids.callId,
    fromTag: ids.fromTag,
    cseq: 0,
    lastRegisterSentSec: 0,
    timeoutSec: 0,
    expiresSec: config.expirySec,
    wantedExpiresSec: config.expirySec,
    generation: 0,
    inFlight: null,
    nonceCount: null,
    answeredNonce: null,
    rechallenged: false,
    intervalTooBriefCount: 0,
    cleanupCount: 0,
  };
}

/**
 * D3, §9.3: a record that replaces a REGISTERED one of the same triple keeps its dialog and
 * schedule (no REGISTER burst on reload); the state is set without an event or SR report. Its
 * configuration is the new one (E = W = its expiry). No new dialog is made: a reload of a table of
 * registered records draws no Call-ID.
 */
export function inheritRegistration(config: RegistrantConfig, registered: RegistrantRuntime): RegistrantRuntime {
  const inherited = runtimeIn(config, registered);
  inherited.state = "REGISTERED_STATE";
  inherited.cseq = registered.cseq;
  inherited.lastRegisterSentSec = registered.lastRegisterSentSec;
  inherited.timeoutSec = registered.timeoutSec;
  inherited.nonceCount = registered.nonceCount;
  return inherited;
}

/** The identity triple of a config. */
export function recordId(config: RecordId): RecordId {
  return { aor: config.aor, contact: config.contact, registrar: config.registrar };
}

/** A map key of a record's identity triple. */
export function tripleKey(id: RecordId): string {
  return `${id.aor}\n${id.contact}\n${id.registrar}`;
}

/** D3: identity is the full triple, byte for byte (rows not yet validated compare by their columns as given). */
export function sameRecordId(a: Pick<RegistrantRow, keyof RecordId>, b: Pick<RegistrantRow, keyof RecordId>): boolean {
  return a.aor === b.aor && a.contact === b.contact && a.registrar === b.registrar;
}

function optional(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === "" ? null : value;
}

function mandatory(field: string, value: string | null | undefined): string {
  const text = optional(value);
  if (text === null) throw new RecordError(field, "is mandatory");
  return text;
}

function parsed(field: string, text: string): Uri {
  try {
    return parseUri(text);
  } catch (error) {
    if (error instanceof SipParseError) throw new RecordError(field, `not a valid URI (${error.problem})`, { cause: error });
    throw error;
  }
}

/** §2.1: AOR, contact and third party may be any URI OpenSIPS parses: sip, sips, tel, tels, urn:service. */
function addressUri(field: string, text: string): Uri {
  const uri = parsed(field, text);
  if (uri.kind !== "absolute" || AOR_LIKE_SCHEMES.has(uri.scheme)) return uri;
  const opaque = uri.opaque.toLowerCase();
  if (uri.scheme === "urn" && (opaque.startsWith("service:") || opaque.startsWith("nena:service:"))) return uri;
  throw new RecordError(field, `URI scheme '${uri.scheme}:' is not supported (sip, sips, tel, tels, urn:service)`);
}

/**
 * §2.1, §6.1: registrar and proxy are hosts to send to: a sip/sips URI without a user part. A
 * registrar written as a name-addr (`<sip:host>`) is taken by its bare URI.
 */
function hostUri(field: string, text: string): { uri: SipUri; text: string } {
  let bare = text;
  if (text.includes("<")) {
    try {
      const address = parseNameAddr(text);
      bare = text.slice(text.indexOf("<") + 1, text.lastIndexOf(">"));
      if (address.params.length > 0) throw new RecordError(field, "must be a URI, not an address with parameters");
    } catch (error) {
      if (error instanceof SipParseError) throw new RecordError(field, `not a valid URI (${error.problem})`, { cause: error });
      throw error;
    }
  }
  const uri = parsed(field, bare);
  if (uri.kind !== "sip") throw new RecordError(field, "must be a sip: or sips: URI");
  if (uri.user !== null) throw new RecordError(field, "URI must not have a user part");
  return { uri, text: bare };
}

/**
 * D8: empty, or `;`-led parameters that parse as SIP header parameters (checked by parsing them
 * behind a placeholder address). `expires` is refused because we append our own (§6.1). Returns
 * the unique-binding flag: both `reg-id` and `+sip.instance` present, by their full names
 * (case-insensitively, as RFC 3261 §7.3.1 compares parameter names; not OpenSIPS's prefix match, Q6).
 */
function checkBindingParams(text: string): boolean {
  if (text === "") return false;
  if (!text.startsWith(";")) throw new RecordError("binding_params", "must start with ';'");
  let params: Params;
  try {
    params = parseNameAddr(`<sip:placeholder.invalid>${text}`).params;
  } catch (error) {
    if (error instanceof SipParseError) {
      throw new RecordError("binding_params", `must parse as SIP header parameters (${error.problem})`, { cause: error });
    }
    throw error;
  }
  if (hasParam(params, "expires")) {
    throw new RecordError("binding_params", "must not set expires (the registrant writes it from the expiry)");
  }
  return hasParam(params, "reg-id") && hasParam(params, "+sip.instance");
}

/** D2: empty means default_expires; the value must exceed T (§2.1) and be a whole number of seconds. */
function expiry(value: number | string | null | undefined, params: ModuleParams): number {
  let seconds: number;
  let origin = "";
  if (value === null || value === undefined || value === "") {
    seconds = params.defaultExpiresSec;
    origin = " (default_expires, used for an empty expiry)";
  } else {
    seconds = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(seconds)) throw new RecordError("expiry", `must be a whole number of seconds, got ${JSON.stringify(value)}`);
    if (seconds < 0) throw new RecordError("expiry", `must not be negative, got ${seconds}`);
  }
  if (seconds <= params.timerIntervalSec) {
    throw new RecordError(
      "expiry",
      `${seconds}${origin} must be greater than timer_interval ${params.timerIntervalSec}`,
    );
  }
  return seconds;
}

/**
 * D19: `proto:host:port` naming a listening socket whose protocol is the next hop's: the
 * URI's `transport` parameter, else TLS for sips, else UDP.
 */
function socket(text: string | null, nextHop: SipUri, validation: RecordValidation): string | null {
  if (text === null) return null;
  let name: SocketName;
  let hopProtocol: TransportProtocol;
  try {
    name = parseSocketName(text);
  } catch (error) {
    if (error instanceof TransportError) throw new RecordError("forced_socket", error.message, { cause: error });
    throw error;
  }
  try {
    const transport = nextHop.params.find(([param]) => param.toLowerCase() === "transport")?.[1] ?? null;
    const target = { scheme: nextHop.scheme, host: nextHop.host, port: nextHop.port, transport };
    hopProtocol = fixedProtocol(target) ?? schemeProtocol(nextHop.scheme);
  } catch (error) {
    if (error instanceof TransportError) throw new RecordError("forced_socket", `the next hop cannot be reached: ${error.message}`, { cause: error });
    throw error;
  }
  const canonical = formatSocketName(name);
  if (!validation.socketExists(name)) throw new RecordError("forced_socket", `no listening socket ${canonical}`);
  if (name.protocol !== hopProtocol) {
    throw new RecordError("forced_socket", `${canonical} is ${name.protocol} but the next hop needs ${hopProtocol}`);
  }
  return canonical;
}

/** D22, §12: `name/cluster_id`, both parts trimmed, the id in decimal digits. */
function clusterShtag(text: string | null): { name: string; clusterId: number } | null {
  return text === null ? null : parseShtagText(text);
}

/** §12: a sharing tag written `name/cluster_id` (the cluster_shtag column's form); throws RecordError. */
export function parseShtagText(text: string): { name: string; clusterId: number } {
  const slash = text.indexOf("/");
  if (slash === -1) throw new RecordError("cluster_shtag", "must be name/cluster_id");
  const name = text.slice(0, slash).trim();
  const idText = text.slice(slash + 1).trim();
  if (!/^\d{1,9}$/.test(idText)) throw new RecordError("cluster_shtag", `cluster id ${JSON.stringify(idText)} is not a number`);
  return { name, clusterId: Number(idText) };
}

/** §2.1: 0 enabled, anything else disabled; the schema's default (0) when absent. */
function enabledFromState(value: number | string | null | undefined): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (typeof value === "number") return value === 0;
  if (!/^\s*-?\d+\s*$/.test(value)) throw new RecordError("state", `must be an integer, got ${JSON.stringify(value)}`);
  return Number(value) === 0;
}
