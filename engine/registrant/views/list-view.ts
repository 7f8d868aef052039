/**
 * One record as `reg_list` shows it (spec §9.2), keys in OpenSIPS's order, optional keys left
 * out when they do not apply. Username and password are never shown (D16).
 */
import { ipFamily } from "../../transport/index.js";
import { formatCtime } from "./ctime.js";
import type { RegistrantConfig, RegistrantRuntime } from "../policy/record.js";
import type { RegistrantStateName } from "../policy/states.js";

export interface ListedRecord {
  readonly AOR: string;
  readonly expires: number;
  readonly state: RegistrantStateName;
  readonly enabled: "yes" | "no";
  readonly last_register_sent: string;
  readonly registration_t_out: string;
  readonly registrar: string;
  readonly binding: string;
  readonly binding_params?: string;
  readonly third_party_registrant?: string;
  readonly socket?: string;
  readonly proxy?: string;
  readonly dst_IP?: "IPv4" | "IPv6";
  readonly ip?: string;
  readonly shtag?: string;
  readonly cluster_id?: number;
}

type Draft = { -readonly [K in keyof ListedRecord]: ListedRecord[K] };

/** What `reg_list` reads of a record the engine holds (its table entry). */
export interface ListedSource {
  readonly config: RegistrantConfig;
  readonly runtime: RegistrantRuntime;
  readonly dstHost: string | null;
  readonly socket: string | null;
}

export function listedRecord(slot: ListedSource): ListedRecord {
  const { config, runtime } = slot;
  const entry: Draft = {
    AOR: config.aor,
    expires: runtime.expiresSec,
    state: runtime.state,
    enabled: runtime.enabled ? "yes" : "no",
    last_register_sent: formatCtime(runtime.lastRegisterSentSec),
    registration_t_out: formatCtime(runtime.timeoutSec),
    registrar: config.registrar,
    binding: config.contact,
  };
  if (config.bindingParams !== "") entry.binding_params = config.bindingParams;
  if (config.thirdPartyRegistrant !== null) entry.third_party_registrant = config.thirdPartyRegistrant;
  if (slot.socket !== null) entry.socket = slot.socket;
  if (config.proxy !== null) entry.proxy = config.proxy;
  if (slot.dstHost !== null) {
    entry.dst_IP = ipFamily(slot.dstHost) === 6 ? "IPv6" : "IPv4";
    entry.ip = slot.dstHost;
  }
  if (config.shtagName !== null) {
    entry.shtag = config.shtagName;
    entry.cluster_id = config.clusterId;
  }
  return entry;
}
