/** Prometheus metrics of the engine (ARCHITECTURE.md layer 9): fed by the registrant's observer. */
export { outcomeLabel, RegistrantMetrics, RTT_BUCKETS_SEC, type EngineGauges, type MetricsOptions } from "./registrant-metrics.js";
