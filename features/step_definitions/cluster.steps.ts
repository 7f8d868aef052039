/**
 * Sharing tags (§12, D14, D22): clustering on or off, the tag a record carries, and the state of
 * a tag on this node, which a step sets before the start or flips while the engine runs (as the
 * clusterer would when this node becomes the backup or the active one), or which leases in a
 * shared database decide (other nodes, database cuts).
 */
import assert from "node:assert/strict";
import { Given, Then, When } from "@cucumber/cucumber";
import { THIS_NODE } from "../support/lease-cluster.js";
import { parseShtag } from "../support/shtags.js";
import type { RegistrantWorld } from "../support/world.js";

Given("clustering is enabled", function (this: RegistrantWorld) {
  this.setModuleParam("enable_clustering", "1");
});

Given("{word}'s row carries the sharing tag {string}", function (this: RegistrantWorld, account: string, tag: string) {
  this.setRowColumn(account, "cluster_shtag", tag);
});

Given(
  "{word}'s row carries the sharing tag {string}, which the engine must reject",
  function (this: RegistrantWorld, account: string, tag: string) {
    this.setRowColumn(account, "cluster_shtag", tag);
    this.expectRejection(account);
  },
);

Given("the sharing tag {string} is ACTIVE on this node", function (this: RegistrantWorld, tag: string) {
  if (this.started) throw new Error("the sharing tags of the start are given before the engine starts");
  this.shtags.set(parseShtag(tag), true);
});

When(/^the sharing tag "([^"]*)" becomes (ACTIVE|BACKUP) on this node$/, async function (this: RegistrantWorld, tag: string, state: string) {
  await this.running();
  const parsed = parseShtag(tag);
  const active = state === "ACTIVE";
  if (this.shtags.isActive(parsed) === active) throw new Error(`the sharing tag ${tag} is ${state} already`);
  this.shtags.set(parsed, active);
});

When(
  /^the sharing tag "([^"]*)" becomes (ACTIVE|BACKUP) on this node, but the clusterer does not tell the engine yet$/,
  async function (this: RegistrantWorld, tag: string, state: string) {
    await this.running();
    this.shtags.set(parseShtag(tag), state === "ACTIVE", { announce: false });
  },
);

When("the clusterer tells the engine the state of the sharing tag {string}", async function (this: RegistrantWorld, tag: string) {
  await this.running();
  this.shtags.announce(parseShtag(tag));
});

// Sharing tags held as leases in a shared database (docs/cluster-safety.md): this node's keeper
// drives the engine; other nodes are keepers on the same database without an engine.

Given(
  "this node holds its sharing tags as leases in a shared database: lease TTL {int} s, renewed every {int} s, safety margin {int} ms",
  function (this: RegistrantWorld, ttl: number, renew: number, margin: number) {
    if (this.started) throw new Error("the leases are set up before the engine starts");
    this.leaseTimes = { leaseTtlMs: ttl * 1000, renewIntervalMs: renew * 1000, safetyMarginMs: margin };
  },
);

When("node {word} joins the cluster", async function (this: RegistrantWorld, node: string) {
  await this.running();
  await this.leases.node(node).start();
});

When("node {word} stops gracefully", async function (this: RegistrantWorld, node: string) {
  await this.running();
  await this.leases.node(node).releaseAll();
});

When(/^this node (loses|regains) its connection to the database$/, async function (this: RegistrantWorld, change: string) {
  await this.running();
  this.leases.setReachable(THIS_NODE, change === "regains");
});

Then(/^the lease of "([^"]*)" is held by (\S+) at epoch (\d+)$/, function (this: RegistrantWorld, tag: string, node: string, epoch: string) {
  const lease = this.leases.lease(tag);
  assert.deepEqual({ owner: lease.owner, epoch: lease.epoch, live: lease.live }, { owner: node, epoch: Number(epoch), live: true });
});
