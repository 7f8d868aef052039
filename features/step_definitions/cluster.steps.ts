/**
 * Sharing tags (§12, D14, D22): clustering on or off, the tag a record carries, and the state of
 * a tag on this node, which a step sets before the start or flips while the engine runs (as the
 * clusterer would when this node becomes the backup or the active one).
 */
import { Given, When } from "@cucumber/cucumber";
import type { RegistrantWorld } from "../support/world.js";

/** `name/cluster_id`, as the cluster_shtag column writes it. */
function parseTag(text: string): { name: string; clusterId: number } {
  const slash = text.indexOf("/");
  const clusterId = Number(text.slice(slash + 1).trim());
  if (slash === -1 || !Number.isSafeInteger(clusterId)) throw new Error(`a sharing tag is written name/cluster_id, got ${text}`);
  return { name: text.slice(0, slash).trim(), clusterId };
}

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
  this.shtags.set(parseTag(tag), true);
});

When(/^the sharing tag "([^"]*)" becomes (ACTIVE|BACKUP) on this node$/, async function (this: RegistrantWorld, tag: string, state: string) {
  await this.running();
  const parsed = parseTag(tag);
  const active = state === "ACTIVE";
  if (this.shtags.isActive(parsed) === active) throw new Error(`the sharing tag ${tag} is ${state} already`);
  this.shtags.set(parsed, active);
});
