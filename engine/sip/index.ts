/** The SIP codec's public API (ARCHITECTURE.md layer 1). */
export type {
  AbsoluteUri,
  AuthValue,
  ContactList,
  CSeq,
  NameAddr,
  Params,
  RetryAfter,
  SipHeader,
  SipMessage,
  SipRequest,
  SipResponse,
  SipUri,
  TelUri,
  Uri,
  Via,
} from "./message.js";
export { SipParseError } from "./errors.js";
export { DEFAULT_SIP_LIMITS, type SipLimitName, type SipLimits } from "./limits.js";
export { frameMessage } from "./framing.js";
export { parseMessage } from "./parse-message.js";
export { serializeMessage } from "./serialize.js";
export { responseBytesTo } from "./response-bytes.js";
export { parseUri } from "./parse-uri.js";
export { formatUri } from "./format-uri.js";
export { compareUris } from "./compare-uri.js";
export { unescapeUriComponent } from "./escape.js";
export { formatNameAddr, getTag, parseNameAddr, parseNameAddrList } from "./name-addr.js";
export { formatParams, findParam, getParam, hasParam, removeParam, setParam } from "./params.js";
export { formatVia, parseVias, viaBranch, viaReceived, viaRport } from "./via.js";
export { formatCSeq, parseCSeq } from "./scalars.js";
export { parseRetryAfter } from "./retry-after.js";
export { formatAuthValue, parseAuthValue, parseAuthValues } from "./auth-value.js";
export { canonicalHeaderName, isListHeader, sameHeaderName } from "./header-names.js";
export { splitList } from "./split-list.js";
export {
  addHeader,
  findHeaders,
  getAuthValues,
  getCallId,
  getContacts,
  getCSeq,
  getExpires,
  getFrom,
  getFromTag,
  getMaxForwards,
  getMinExpires,
  getRetryAfter,
  getTo,
  getToTag,
  getVias,
  headerValue,
  headerValues,
  removeHeader,
  setHeader,
  type AuthHeaderName,
} from "./headers.js";
export {
  createRequest,
  createResponse,
  createResponseTo,
  reasonPhrase,
  type HeaderList,
  type RequestInit,
  type ResponseInit,
} from "./build.js";
