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
import type { SipRequest } from "../../sip/index.js";
import { createRequest } from "../../sip/index.js";
import type { SendAction } from "./actions.js";
import type { RegistrantConfig } from "./record.js";
import { sharedUri } from "./shared-uri.js";

export const MAX_FORWARDS = 70;

export function buildRegister(config: RegistrantConfig, send: SendAction, userAgent: string): SipRequest {
  const headers: Array<[string, string]> = [
    ["To", `<${config.aor}>`],
    ["From", `<${config.thirdPartyRegistrant ?? config.aor}>;tag=${send.fromTag}`],
    ["CSeq", `${send.cseq} REGISTER`],
    ["Call-ID", send.callId],
    ["Max-Forwards", String(MAX_FORWARDS)],
    ["Content-Length", "0"],
    ["User-Agent", userAgent],
  ];
  if (send.request === "wildcard") {
    headers.push(["Contact", "*"], ["Expires", "0"]);
  } else {
    headers.push(["Contact", `<${send.contact ?? config.contact}>${config.bindingParams};expires=${send.expiresSec}`]);
  }
  if (send.credentials !== null) headers.push([send.credentials.header, send.credentials.value]);
  return createRequest({ method: "REGISTER", uri: sharedUri(config.registrarUri), headers });
}
