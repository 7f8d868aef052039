/**
 * Every Cucumber hook of the suite, in the order it runs. After a scenario: its timeline page is
 * written and linked; a failed scenario gets the registrar's ladder and its seed; a passed one is
 * checked for claims the run does not back (`@row-` tags) and for errors the engine only logged;
 * then the engine and the registrar stop, whatever happened.
 */
import { After, AfterStep, setDefaultTimeout, setWorldConstructor } from "@cucumber/cucumber";
import { checkNoEngineErrors } from "./engine-errors.js";
import { checkRowTags } from "./row-tags.js";
import { writeScenarioTimeline } from "./scenario-timeline.js";
import { RegistrantWorld, SUITE_SEED } from "./world.js";

setWorldConstructor(RegistrantWorld);
// Simulated hours take milliseconds of wall time; a scenario that needs more than this is stuck.
setDefaultTimeout(20_000);

// The Cucumber report shows what a step attached but folds away what hooks attached: a scenario
// whose last step passed gets its timeline link there. Any other gets it from the After hook.
AfterStep(async function (this: RegistrantWorld, hook) {
  if (hook.pickleStep.id !== hook.pickle.steps.at(-1)?.id || hook.result.status !== "PASSED") return;
  await writeScenarioTimeline(this, hook);
});

After(async function (this: RegistrantWorld, hook) {
  const { pickle, result } = hook;
  await writeScenarioTimeline(this, hook);
  const passed = result?.status === "PASSED";
  if (!passed) {
    this.log(`seed ${SUITE_SEED}: replay with UACREG_SEED=${SUITE_SEED} npm run test:features -- ${pickle.uri}`);
    // What crossed the wire is the first thing to read when a scenario fails.
    if (this.started && this.startError === null) this.attach(this.run.registrar.transcript.ladder(), "text/plain");
  }
  try {
    if (passed) {
      checkRowTags(this, pickle);
      checkNoEngineErrors(this);
    }
  } finally {
    await this.close();
  }
});
