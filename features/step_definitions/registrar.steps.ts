/**
 * Given steps: registrar behaviours the operations and sharing-tag scenarios lean on, each a rule
 * for one AOR added to the registrar's script (rules for an AOR are tried before everyone-rules,
 * so these combine with `the registrar accepts everyone`).
 */
import { Given } from "@cucumber/cucumber";
import type { RegistrantWorld } from "../support/world.js";

Given(
  "the registrar answers {word}'s first REGISTER with a 200 after {int} seconds",
  function (this: RegistrantWorld, account: string, seconds: number) {
    this.addScriptRule({ for: this.aorOf(account), when: { kind: "initial" }, steps: [{ delay: { ms: seconds * 1000, then: { accept: {} } } }] });
  },
);

Given(
  "the registrar answers {word}'s unREGISTERs with a 200 after {int} seconds",
  function (this: RegistrantWorld, account: string, seconds: number) {
    this.addScriptRule({
      for: this.aorOf(account),
      when: { kind: "unregister" },
      steps: [{ delay: { ms: seconds * 1000, then: { accept: {} } }, repeat: "forever" }],
    });
  },
);

Given("the registrar challenges every unREGISTER of {word}, even with credentials", function (this: RegistrantWorld, account: string) {
  this.addScriptRule({ for: this.aorOf(account), when: { kind: "unregister" }, steps: [{ challenge: {}, repeat: "forever" }] });
});
