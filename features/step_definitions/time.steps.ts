/** When steps: starting the engine and letting simulated time pass (never real waiting). */
import { When } from "@cucumber/cucumber";
import type { RegistrantWorld } from "../support/world.js";

When("the engine starts", async function (this: RegistrantWorld) {
  await this.start();
});

When("{int} second(s) pass/passes", async function (this: RegistrantWorld, seconds: number) {
  await this.letPass(seconds);
});

When("the clock runs to the end of second {int}", async function (this: RegistrantWorld, second: number) {
  await this.runToEndOfSecond(second);
});

When("the clock reaches second {int}", async function (this: RegistrantWorld, second: number) {
  await this.runToStartOfSecond(second);
});
