/**
 * The cluster's Prometheus metrics, in the registrant metrics' registry: leases held (read at
 * scrape time), acquisitions (plain or takeovers of an expired lease), losses and releases by
 * reason, and how long hand-overs take. Labels take values from fixed sets only.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ClusterObserver } from "../cluster/index.js";

/** Hand-overs wait for transactions in flight (up to a transaction timeout) and save state. */
export const HANDOVER_BUCKETS_SEC = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * The cluster's observer as Prometheus metrics, registered in `registry` (the registrant metrics'
 * one); `held` is read at each scrape. Throws nothing of its own.
 */
export class ClusterMetrics implements ClusterObserver {
  readonly #acquired: Counter<"kind">;
  readonly #lost: Counter<"reason">;
  readonly #released: Counter<"reason">;
  readonly #handOver: Histogram;

  /** `held` is read at each scrape. */
  constructor(registry: Registry, held: () => number) {
    const registers = [registry];
    new Gauge({
      name: "uacreg_cluster_leases_held",
      help: "Sharing-tag leases this node holds now (its ACTIVE tags).",
      registers,
      collect() {
        this.set(held());
      },
    });
    this.#acquired = new Counter({
      name: "uacreg_cluster_lease_acquisitions_total",
      help: "Leases acquired, by kind: free (released or never held) or takeover (another node's lease that had expired: a failover).",
      labelNames: ["kind"] as const,
      registers,
    });
    this.#lost = new Counter({
      name: "uacreg_cluster_lease_losses_total",
      help: "Leases lost without releasing them, by reason: deadline (no renewal within the safety margin) or taken (the row changed hands).",
      labelNames: ["reason"] as const,
      registers,
    });
    this.#released = new Counter({
      name: "uacreg_cluster_lease_releases_total",
      help: "Leases released, by reason: balance, preferred, requested (clusterer_shtag_set_active elsewhere) or stop (hand-over on SIGTERM).",
      labelNames: ["reason"] as const,
      registers,
    });
    this.#handOver = new Histogram({
      name: "uacreg_cluster_handover_duration_seconds",
      help: "From the start of a hand-over (the tag no longer active here) to the lease being free.",
      buckets: [...HANDOVER_BUCKETS_SEC],
      registers,
    });
    for (const kind of ["free", "takeover"]) this.#acquired.inc({ kind }, 0);
    for (const reason of ["deadline", "taken"]) this.#lost.inc({ reason }, 0);
    for (const reason of ["balance", "preferred", "requested", "stop"]) this.#released.inc({ reason }, 0);
  }

  leaseAcquired(takeover: boolean): void {
    this.#acquired.inc({ kind: takeover ? "takeover" : "free" });
  }

  leaseLost(reason: "deadline" | "taken"): void {
    this.#lost.inc({ reason });
  }

  leaseReleased(reason: string): void {
    this.#released.inc({ reason });
  }

  handOverFinished(durationMs: number): void {
    this.#handOver.observe(durationMs / 1000);
  }
}
