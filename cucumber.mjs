// Cucumber profiles for the conformance suite (features/*.feature).
// The tsx register file must come first in `import`: it lets the TypeScript support files after it load
// (the `loader` option cannot load tsx).
const suite = {
  paths: ["features/**/*.feature"],
  import: ["features/support/00-tsx.mjs", "features/support/**/*.ts", "features/step_definitions/**/*.ts"],
  formatOptions: { snippetInterface: "async-await" },
  format: ["summary", "html:reports/cucumber.html", "message:reports/cucumber.ndjson", "junit:reports/junit.xml"],
};

export default suite;

// What `npm start` and Stryker ask for. The same as the default: Cucumber 12 is strict by default,
// so undefined and pending steps fail the run instead of being reported only.
export const ci = suite;

// What Stryker runs for each mutant: the suite without the scenarios tagged @slow (thousands of
// records, tens of seconds each), whose behaviour smaller scenarios of the same feature pin down.
export const mutation = { ...suite, tags: "not @slow" };
