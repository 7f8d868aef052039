/**
 * Sharing tags (§12, D14, D22): clustering on or off, the tag a record carries, and the state of
 * a tag on this node, which a step sets before the start or flips while the engine runs (as the
 * clusterer would when this node becomes the backup or the active one).
 */
import { Given, When } from "@cucumber/cucumber";
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
