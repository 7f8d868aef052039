import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { ClusterMetrics } from "./cluster-metrics.js";

describe("cluster metrics", () => {
  it("count acquisitions, takeovers, losses, releases and hand-over durations; read the leases held at scrape time", async () => {
    const registry = new Registry();
    let held = 3;
    const metrics = new ClusterMetrics(registry, () => held);
    metrics.leaseAcquired(false);
    metrics.leaseAcquired(true);
    metrics.leaseAcquired(true);
    metrics.leaseLost("deadline");
    metrics.leaseReleased("stop");
    metrics.handOverFinished(1_500);
    held = 7;
    const text = await registry.metrics();
    assert.match(text, /^uacreg_cluster_leases_held 7$/m);
    assert.match(text, /^uacreg_cluster_lease_acquisitions_total\{kind="free"\} 1$/m);
    assert.match(text, /^uacreg_cluster_lease_acquisitions_total\{kind="takeover"\} 2$/m);
    assert.match(text, /^uacreg_cluster_lease_losses_total\{reason="deadline"\} 1$/m);
    assert.match(text, /^uacreg_cluster_lease_losses_total\{reason="taken"\} 0$/m);
    assert.match(text, /^uacreg_cluster_lease_releases_total\{reason="stop"\} 1$/m);
    assert.match(text, /^uacreg_cluster_handover_duration_seconds_bucket\{le="1"\} 0$/m);
    assert.match(text, /^uacreg_cluster_handover_duration_seconds_bucket\{le="2.5"\} 1$/m);
  });
});
