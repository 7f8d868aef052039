/** Prometheus metrics of the engine (ARCHITECTURE.md layer 9): fed by the registrant's observer and the cluster's. */
export { ClusterMetrics, HANDOVER_BUCKETS_SEC } from "./cluster-metrics.js";
export { outcomeLabel, RegistrantMetrics, RTT_BUCKETS_SEC, type EngineGauges, type MetricsOptions } from "./registrant-metrics.js";
