/**
 * The service that `uacreg run` starts (ARCHITECTURE.md layer 11): a whole running engine from a
 * lab configuration.
 */
export { ServiceError, type ServiceErrorCode } from "./errors.js";
export { createServiceLogger, type LoggerOptions, type ServiceLogger } from "./logger.js";
export { formatProgress, RegistrationProgress, type ProgressCounts } from "./progress.js";
export { startService, type ServiceHandle, type ServiceOptions, type StopOptions, type StopSummary } from "./service.js";
