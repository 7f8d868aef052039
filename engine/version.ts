/**
 * Constants every layer may read (no imports): the version that makes the default User-Agent,
 * and the default `transaction_timeout`. engine/index.ts re-exports them.
 */
export const UACREG_VERSION = "0.1.0";

/** Default `transaction_timeout`: OpenSIPS TM's `fr_timeout` (spec §4.5, D15). */
export const DEFAULT_TRANSACTION_TIMEOUT_SEC = 30;
