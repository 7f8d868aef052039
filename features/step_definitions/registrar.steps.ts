/**
 * Steps about the registrar's side and the network between it and the engine: how the simulated
 * registrar answers (each behaviour becomes a rule of its YAML script), a registrar that cannot
 * be reached (refused TCP connections, a name that does not resolve: D25), connections that are
 * reset or go silent (D37), and records the engine refuses at load (D2); delayed answers and
 * always-challenged unREGISTERs for the operations and sharing-tag scenarios (rules for an AOR are
 * tried before everyone-rules, so they combine with `the registrar accepts everyone`).
 */
import assert from "node:assert/strict";
import { Given, Then, When } from "@cucumber/cucumber";
import { DOMAIN, REGISTRAR_HOST, type RegistrantWorld } from "../support/world.js";

Given("{word} registers to example.org with password {word} and no expiry", function (this: RegistrantWorld, account: string, password: string) {
  this.addRecord(account, { password, expiry: null });
});

Given("{word} reaches example.org over TCP", function (this: RegistrantWorld, account: string) {
  this.useTcp(account);
});

Given(
  "the registrar refuses TCP connections from second {int} to second {int}",
  function (this: RegistrantWorld, fromSecond: number, toSecond: number) {
    this.closeTcpBetween(fromSecond, toSecond);
  },
);

Given("the registrar's {word} is gone from second {int} to second {int}", function (this: RegistrantWorld, socket: string, fromSecond: number, toSecond: number) {
  this.silenceBetween(socket, fromSecond, toSecond);
});

Given("the registrar resets every TCP connection to it at second {int}", function (this: RegistrantWorld, second: number) {
  this.resetTcpAt(second);
});

Given("every TCP connection to the registrar goes silent at second {int}", function (this: RegistrantWorld, second: number) {
  this.silenceTcpAt(second);
});

Given("the registrar accepts {word} granting {int} seconds", function (this: RegistrantWorld, account: string, grant: number) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ accept: { grant }, repeat: "forever" }] });
});

Given("the registrar never answers {word}", function (this: RegistrantWorld, account: string) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ silence: true, repeat: "forever" }] });
});

Given("the registrar answers {word} with a 200 without Contact", function (this: RegistrantWorld, account: string) {
  this.addScriptRule({ for: this.aorOf(account), steps: [{ accept: { omitContact: true }, repeat: "forever" }] });
});

When("example.org stops resolving", function (this: RegistrantWorld) {
  this.run.resolver.set(DOMAIN, []);
});

When("example.org resolves again", function (this: RegistrantWorld) {
  this.run.resolver.set(DOMAIN, [REGISTRAR_HOST]);
});

Then("the registrar refused TCP connections at seconds {string}", function (this: RegistrantWorld, seconds: string) {
  const expected = seconds === "none" ? [] : seconds.split(",").map((s) => Number(s.trim()));
  assert.deepEqual(this.run.refusedConnections, expected);
});

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

Given(
  "the registrar challenges {word}'s first unREGISTER after {int} seconds",
  function (this: RegistrantWorld, account: string, seconds: number) {
    this.addScriptRule({ for: this.aorOf(account), when: { kind: "unregister" }, steps: [{ delay: { ms: seconds * 1000, then: { challenge: {} } } }] });
  },
);

Given("the registrar challenges every unREGISTER of {word}, even with credentials", function (this: RegistrantWorld, account: string) {
  this.addScriptRule({ for: this.aorOf(account), when: { kind: "unregister" }, steps: [{ challenge: {}, repeat: "forever" }] });
});
