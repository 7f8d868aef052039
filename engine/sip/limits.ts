/**
 * Size limits the codec enforces on bytes from the network, so that a peer cannot make us buffer
 * or scan without bound (a `SipParseError` with `limit` set says which one was hit).
 */
export interface SipLimits {
  /** Whole message, start line to last body byte. Default 65,535: the largest UDP payload. */
  messageBytesMax: number;
  /** Header fields (a folded header counts once). Default 256. */
  headerCountMax: number;
  /** One physical line, without its CRLF. Default 8,192. */
  lineBytesMax: number;
}

export type SipLimitName = keyof SipLimits;

export const DEFAULT_SIP_LIMITS: Readonly<SipLimits> = Object.freeze({
  messageBytesMax: 65_535,
  headerCountMax: 256,
  lineBytesMax: 8_192,
});

/** Defaults overridden by whatever the caller set. */
export function resolveLimits(limits: Partial<SipLimits> | undefined): SipLimits {
  if (limits === undefined) return DEFAULT_SIP_LIMITS;
  return { ...DEFAULT_SIP_LIMITS, ...limits };
}
