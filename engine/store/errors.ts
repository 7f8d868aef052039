/**
 * Errors of the store drivers. Messages never carry a password (D16): neither a row's nor the
 * one inside `db_url`.
 */
import { UacregError } from "../errors.js";

export type StoreErrorCode =
  /** `db_url` names no driver we have, or is not a URL. Local: the configuration is wrong. */
  | "db_url_invalid"
  /** The database did not answer, refused us, or failed a statement. */
  | "db_unavailable"
  /** The `version` table says a registrant schema other than 3 (spec §13). */
  | "db_version_mismatch"
  /** A column or table the configuration names does not exist, or a name that is not a plain SQL identifier. */
  | "db_schema_invalid";

/** Thrown by the store drivers; `db_unavailable` is the remote fault, the other codes local. */
export class StoreError extends UacregError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, code === "db_unavailable" ? "remote" : "local", message, options);
  }
}
