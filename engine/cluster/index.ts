/**
 * ShtagSource implementations (ARCHITECTURE.md layer 8): sharing tags set by hand in memory, and
 * sharing tags held as leases on the shared database, with failover, balancing and hand-over.
 */
export { CLUSTER_DEFAULTS, NODE_NAME, shtagText, type ClusterOptions } from "./cluster-options.js";
export { decideLeases, fairShare, safetyDeadline, type HeldLease, type LeaseAction, type LeaseRow, type LeaseSnapshot, type NodeRow, type PolicyInput, type ReleaseReason } from "./lease-policy.js";
export { LeaseShtags, type ClusterObserver, type ClusterStatus, type LeaseShtagsDeps, type ShtagListEntry } from "./lease-shtags.js";
export { SqlLeaseTable, type LeaseStore, type LeaseTableNames } from "./lease-table.js";
export { MemoryShtags } from "./memory-shtags.js";
