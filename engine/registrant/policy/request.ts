/**
 * The REGISTER request of a send action (spec §6.1), headers in OpenSIPS's fixed order:
 *
 *   REGISTER <registrar> SIP/2.0
 *   To: <AOR>
 *   From: <third party or AOR>;tag=<5 hex>
 *   CSeq: <n> REGISTER
 *   Call-ID: <27 hex>
 *   Max-Forwards: 70
 *   Content-Length: 0
 *   User-Agent: <user_agent>
 *   Contact: <binding URI><binding_params>;expires=<W or 0>     (wildcard: Contact: * and Expires: 0)
 *   [Authorization | Proxy-Authorization: Digest ...]
 *
 * The transaction layer adds the Via. No Route (the proxy is a next-hop override only), no
 * Expires header except in the wildcard form, no body.
 */
import type { SipHeader, SipRequest } from "../../sip/index.js";
import type { SendAction } from "./actions.js";
import type { RegistrantConfig } from "./record.js";
import { sharedUri } from "./shared-uri.js";

export const MAX_FORWARDS = 70;

/** No REGISTER has a body; an empty array has nothing to change, so every request shares this one. */
const NO_BODY = new Uint8Array(0);

/**
 * What `createRequest` would make of these headers, built directly: the names are already in
 * their usual spelling, and this runs for every REGISTER.
 */
export function buildRegister(config: RegistrantConfig, send: SendAction, userAgent: string): SipRequest {
  const headers: SipHeader[] = [
    { name: "To", value: `<${config.aor}>` },
    { name: "From", value: `<${config.thirdPartyRegistrant ?? config.aor}>;tag=${send.fromTag}` },
    { name: "CSeq", value: `${send.cseq} REGISTER` },
    { name: "Call-ID", value: send.callId },
    { name: "Max-Forwards", value: String(MAX_FORWARDS) },
    { name: "Content-Length", value: "0" },
    { name: "User-Agent", value: userAgent },
  ];
  if (send.request === "wildcard") {
    headers.push({ name: "Contact", value: "*" }, { name: "Expires", value: "0" });
  } else {
    headers.push({ name: "Contact", value: `<${send.contact ?? config.contact}>${config.bindingParams};expires=${send.expiresSec}` });
  }
  if (send.credentials !== null) headers.push({ name: send.credentials.header, value: send.credentials.value });
  return { kind: "request", method: "REGISTER", uri: sharedUri(config.registrarUri), headers, body: NO_BODY };
}
