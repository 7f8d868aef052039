/** When steps: the operator's commands on a record (§8, §9), given at the current simulated second. */
import { When } from "@cucumber/cucumber";
import type { RegistrantWorld } from "../support/world.js";

When("the operator disables {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.disable(this.recordOf(account));
});

When("the operator enables {word}", async function (this: RegistrantWorld, account: string) {
  const { engine } = await this.running();
  await engine.enable(this.recordOf(account));
});
