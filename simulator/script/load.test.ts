import assert from "node:assert/strict";
import { readdir, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ScriptError } from "../errors.js";
import { loadScriptFile, parseScript } from "./load.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/scripts/", import.meta.url));

/** Asserts that `text` is refused with one problem at `path` (and `line`) whose reason matches. */
function refused(text: string, path: string, reason: RegExp, line?: number): void {
  assert.throws(
    () => parseScript(text, "bad.yaml"),
    (error: unknown) => {
      assert.ok(error instanceof ScriptError, String(error));
      assert.equal(error.code, "script_invalid");
      assert.equal(error.source, "bad.yaml");
      const problem = error.problems.find((p) => p.path === path);
      assert.ok(problem !== undefined, `no problem at ${path}: ${error.message}`);
      assert.match(problem.reason, reason);
      if (line !== undefined) assert.equal(problem.line, line, error.message);
      assert.match(error.message, /^bad\.yaml(:\d+:\d+)?: /);
      return true;
    },
  );
}

function rule(steps: string, extra = ""): string {
  return `rules:\n  - for: everyone\n${extra}    steps:\n${steps}`;
}

describe("script loading: what is accepted", () => {
  it("loads every shipped script", async () => {
    const names = (await readdir(FIXTURES)).filter((name) => name.endsWith(".yaml"));
    assert.ok(names.length >= 15);
    for (const name of names) await loadScriptFile(join(FIXTURES, name));
  });

  it("compiles steps to actions with times, forever, defaults and canonical AORs", () => {
    const script = parseScript(
      [
        "defaults: { realm: lab.example, algorithms: [SHA-256, MD5], minExpiresSec: 60 }",
        "rules:",
        "  - for: sip:Alice@EXAMPLE.org;transport=udp",
        "    when: { kind: [initial, refresh] }",
        "    steps:",
        "      - respond: { code: 503, headers: { Retry-After: 30, Warning: [a, b] } }",
        "        times: 2",
        "      - delay: { ms: 100, then: { silence: true } }",
        "      - delay: { ms: 5 }",
        "        repeat: forever",
      ].join("\n"),
      "inline",
    );
    assert.deepEqual(script.settings, { realm: "lab.example", algorithms: ["SHA-256", "MD5"], minExpiresSec: 60 });
    const [only] = script.rules;
    assert.deepEqual(only?.patterns, [{ text: "sip:Alice@EXAMPLE.org;transport=udp", user: { kind: "exact", user: "Alice" }, host: "example.org", port: null, scheme: "sip" }], "the user part keeps its case; the host does not");
    assert.deepEqual([...(only?.kinds ?? [])], ["initial", "refresh"]);
    assert.deepEqual(only?.steps, [
      { action: { kind: "respond", status: 503, reason: null, headers: [["Retry-After", "30"], ["Warning", "a"], ["Warning", "b"]] }, times: 2 },
      { action: { kind: "delay", ms: 100, then: { kind: "silence" } }, times: 1 },
      { action: { kind: "delay", ms: 5, then: { kind: "default" } }, times: null },
    ]);
  });

  it("sends raw text with CRLF line ends unless told otherwise, and base64 as given", () => {
    const script = parseScript(rule("      - raw: { text: \"A\\nB\\r\\n\" }\n      - raw: { text: \"A\\n\", lineEnds: as-written }\n      - raw: { base64: AAEC }\n"), "inline");
    const actions = script.rules[0]?.steps.map((s) => s.action);
    assert.deepEqual(actions, [
      { kind: "raw", text: "A\r\nB\r\n", bytes: null },
      { kind: "raw", text: "A\n", bytes: null },
      { kind: "raw", text: null, bytes: new Uint8Array([0, 1, 2]) },
    ]);
  });

  it("takes an empty file as a script that changes nothing", () => {
    assert.deepEqual(parseScript("", "empty.yaml").rules, []);
  });
});

describe("script loading: errors name the file, the path, the line and the reason", () => {
  it("YAML syntax", () => {
    refused("rules:\n  - for: everyone\n    steps: [\n", "", /^YAML: /, 4);
    refused("a: 1\na: 2\n", "", /^YAML: .*unique/i, 2);
    refused("rules: []\n---\nrules: []\n", "", /one YAML document/, 2);
  });

  it("schema: unknown field, with the allowed ones", () => {
    refused(rule("      - respond: { cod: 200 }\n"), "/rules/0/steps/0/respond/cod", /unknown field "cod" \(allowed here: code, headers, reason\)/, 4);
    refused("rulez: []\n", "/rulez", /unknown field "rulez"/, 1);
  });

  it("schema: missing field", () => {
    refused(rule("      - respond: { reason: x }\n"), "/rules/0/steps/0/respond", /the field "code" is missing/);
    refused("rules:\n  - steps: [ { default: true } ]\n", "/rules/0", /the field "for" is missing/);
  });

  it("schema: wrong type", () => {
    refused(rule("      - respond: { code: two hundred }\n"), "/rules/0/steps/0/respond/code", /must be a whole number, got string "two hundred"/);
    refused(rule("      - respond: { code: 200.5 }\n"), "/rules/0/steps/0/respond/code", /whole number/);
    refused("rules: {}\n", "/rules", /must be a list, got a mapping/);
    refused(rule("      - silence: false\n"), "/rules/0/steps/0/silence", /must be true/);
  });

  it("schema: value out of range or not among the allowed ones", () => {
    refused(rule("      - respond: { code: 700 }\n"), "/rules/0/steps/0/respond/code", /must be <= 699, got 700/, 4);
    refused(rule("      - respond: { code: 99 }\n"), "/rules/0/steps/0/respond/code", /must be >= 100/);
    refused(rule("      - challenge: { status: 403 }\n"), "/rules/0/steps/0/challenge/status", /403 is not one of 401, 407/);
    refused(rule("      - challenge: { algorithms: [MD4] }\n"), "/rules/0/steps/0/challenge/algorithms/0", /"MD4" is not one of "MD5"/);
    refused(rule("      - default: true\n", "    when: { kind: later }\n"), "/rules/0/when/kind", /one of "authenticated", .* or a list of them/);
    refused(rule("      - accept: {}\n        times: 0\n"), "/rules/0/steps/0/times", />= 1/);
    refused(rule("      - accept: {}\n        repeat: always\n"), "/rules/0/steps/0/repeat", /must be "forever"/);
    refused("rules:\n  - for: everyone\n    steps: []\n", "/rules/0/steps", /at least 1/);
  });

  it("semantics: one action per step", () => {
    refused(rule("      - accept: {}\n        default: true\n"), "/rules/0/steps/0", /exactly one action .* found accept, default/);
    refused(rule("      - times: 2\n"), "/rules/0/steps/0", /found none/);
    refused(rule("      - delay: { ms: 1, then: {} }\n"), "/rules/0/steps/0/delay/then", /found none/);
  });

  it("semantics: steps that can never run, or say times and repeat both", () => {
    refused(rule("      - accept: {}\n        repeat: forever\n      - default: true\n"), "/rules/0/steps/1", /can never run: step 0 repeats forever/, 6);
    refused(rule("      - accept: {}\n        repeat: forever\n        times: 2\n"), "/rules/0/steps/0/repeat", /either times or repeat/);
  });

  it("semantics: an AOR or pattern that does not parse", () => {
    refused("rules:\n  - for: sip:@example.org\n    steps: [ { default: true } ]\n", "/rules/0/for", /"everyone", an AOR \(sip:user@host\) or a user-part pattern; .* empty user part/, 2);
    refused("rules:\n  - for: tel:+15551234\n    steps: [ { default: true } ]\n", "/rules/0/for", /scheme tel is not sip/);
    refused("rules:\n  - for: [sip:a@x, user9..user5]\n    steps: [ { default: true } ]\n", "/rules/0/for/1", /the range 9\.\.5 is empty/);
    refused("rules:\n  - for: [sip:a@x, everyone]\n    steps: [ { default: true } ]\n", "/rules/0/for/1", /"everyone" stands alone/);
    refused("rules:\n  - for: sip:user1..trunk9@x\n    steps: [ { default: true } ]\n", "/rules/0/for", /repeats its prefix/);
    refused("rules:\n  - for: sip:user5@[::1\n    steps: [ { default: true } ]\n", "/rules/0/for", /host part .* does not parse/);
  });

  it("semantics: carrier habits that cannot work", () => {
    refused("carrier:\n  silentWindows: { forSec: 60, everySec: 60 }\n", "/carrier/silentWindows/forSec", /not below everySec 60, so it would never answer/, 2);
    refused("carrier:\n  grant: { minSec: 900, maxSec: 300 }\n", "/carrier/grant/minSec", /900 is above maxSec 300/);
    refused("carrier:\n  latency: { distribution: uniform, minMs: 10 }\n", "/carrier/latency/maxMs", /a uniform latency needs maxMs/);
    refused("carrier:\n  latency: { distribution: normal, meanMs: 10 }\n", "/carrier/latency/sdMs", /a normal latency needs sdMs/);
    refused("carrier:\n  refuseFraction: { fraction: 1.5, code: 503 }\n", "/carrier/refuseFraction/fraction", /<= 1/);
    refused("carrier:\n  rateLimit: { requests: 2, perSec: 0, retryAfterSec: 5 }\n", "/carrier/rateLimit/perSec", /> 0/);
  });

  it("semantics: headers that cannot be sent", () => {
    refused(rule("      - respond: { code: 200, headers: { Call-ID: x } }\n"), "/rules/0/steps/0/respond/headers/Call-ID", /copied from the request/);
    refused(rule("      - respond: { code: 200, headers: { \"Bad Name\": x } }\n"), "/rules/0/steps/0/respond/headers/Bad Name", /not a header name/);
    refused(rule("      - respond: { code: 200, headers: { Warning: \"a\\r\\nVia: x\" } }\n"), "/rules/0/steps/0/respond/headers/Warning", /one line/);
    refused(rule("      - respond: { code: 200, reason: \"a\\nb\" }\n"), "/rules/0/steps/0/respond/reason", /one line/);
  });

  it("semantics: raw steps", () => {
    refused(rule("      - raw: {}\n"), "/rules/0/steps/0/raw", /exactly one of text and base64/);
    refused(rule("      - raw: { text: \"Via: ${brunch}\" }\n"), "/rules/0/steps/0/raw/text", /unknown placeholder \$\{brunch\}/);
    refused(rule("      - raw: { base64: \"not base64!\" }\n"), "/rules/0/steps/0/raw/base64", /is not base64/);
  });

  it("semantics: challenges and foreign bindings", () => {
    refused(rule("      - challenge: { realm: \"a\\nb\" }\n"), "/rules/0/steps/0/challenge/realm", /cannot be written in a challenge/);
    refused(rule("      - challenge: { algorithms: [MD5-sess], qop: [] }\n"), "/rules/0/steps/0/challenge/qop", /MD5-sess needs qop/);
    refused(rule("      - accept: { extraBindings: [ { contact: \"<sip:x@\" } ] }\n"), "/rules/0/steps/0/accept/extraBindings/0/contact", /does not parse as a Contact/);
    refused("defaults: { minExpiresSec: 600, maxExpiresSec: 60 }\n", "/defaults/minExpiresSec", /600 is above maxExpiresSec 60/, 1);
  });

  it("lists every problem, and loadScriptFile names the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-script-"));
    const path = join(dir, "two.yaml");
    await writeFile(path, rule("      - respond: { code: 700 }\n      - challenge: { status: 400 }\n"));
    await assert.rejects(loadScriptFile(path), (error: unknown) => {
      assert.ok(error instanceof ScriptError);
      assert.equal(error.problems.length, 2);
      assert.equal(error.path, "/rules/0/steps/0/respond/code");
      assert.match(error.reason, /<= 699/);
      assert.equal(error.message.split("\n").length, 2);
      assert.ok(error.message.startsWith(`${path}:4:`), error.message);
      return true;
    });
  });
});
