/**
 * Why the service could not start. `local` (exit 2): something in the configuration must change
 * (a certificate file that cannot be read). `remote` (exit 1): the world did not cooperate (a
 * database that does not answer, an address in use). Messages never carry a password (D16).
 */
import { UacregError } from "../errors.js";

export type ServiceErrorCode = "listen_failed" | "tls_files_unreadable" | "db_unreachable";

/** Thrown by startService; its `fault` follows from the code (`tls_files_unreadable` is local). */
export class ServiceError extends UacregError {
  declare readonly code: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, code === "tls_files_unreadable" ? "local" : "remote", message, options);
  }
}
