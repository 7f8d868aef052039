// Mutation testing of the registrant core (`npm run mutation`, not part of `npm test`): Stryker
// changes the state machine, the schedule arithmetic and the transition table one mutant at a
// time and runs the Cucumber conformance suite against each. A mutant the suite does not notice
// shows behaviour no scenario pins down. Pinned to 9.6.1 because Stryker 10 needs Node 22; no
// TypeScript checker, since TypeScript 7 has no compiler API for it to use.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "cucumber",
  cucumber: { profile: "mutation" },
  plugins: ["@stryker-mutator/cucumber-runner", "./stryker/doc-only-ignorer.mjs"],
  ignorers: ["doc-only"],
  mutate: [
    "engine/registrant/policy/fsm.ts",
    "engine/registrant/policy/schedule.ts",
    "engine/registrant/policy/transition-table.ts",
    "engine/registrant/policy/reply-identity.ts",
    "engine/registrant/policy/nat-learning.ts",
    "engine/registrant/policy/registrar-circuit.ts",
    "engine/registrant/policy/send-pacing.ts",
    "engine/registrant/policy/retry-policy.ts",
    "engine/transport/failover.ts",
    "engine/transport/keep-alive-schedule.ts",
  ],
  // The runner records which scenarios reach each mutant, so a mutant runs only those scenarios.
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ["html", "json", "progress"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  // Stryker rewrites the named tsconfig's `extends`/`references` for the sandbox through the
  // TypeScript compiler API, which TypeScript 7 lacks; ours has neither, so point it at no file.
  tsconfigFile: "",
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
