/**
 * AORs as registrars match them (user and host, as Kamailio's usrloc) unless strict RFC 3261
 * comparison is asked for, and `for:` lists, ranges and globs; warnings for rules that can match
 * no user of the users file.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lab, register, type Lab, type LabOptions } from "../../testkit/simulator-lab.js";
import { aorFromText } from "../aor.js";
import { parseUsersFile } from "../users.js";
import { aorMatches, parseAorPattern, userMatches, type AorPattern } from "./aor-pattern.js";
import { parseScript } from "./load.js";
import { scriptWarnings } from "./script-warnings.js";

function pattern(text: string): AorPattern {
  const parsed = parseAorPattern(text);
  assert.ok(typeof parsed !== "string", parsed as string);
  return parsed;
}

function target(text: string) {
  const reading = aorFromText(text);
  assert.ok(reading.ok);
  return reading.target;
}

async function statuses(l: Lab, aors: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const [i, aor] of aors.entries()) out.push((await l.send(register({ cseq: 1, aor, callId: `c${i}` }))).status);
  return out;
}

function scriptLab(yaml: string, options: LabOptions = {}): Lab {
  return lab({ ...options, script: parseScript(yaml, "inline.yaml") });
}

describe("AOR keys", () => {
  it("registrar matching keeps user and host: Kamailio's To with the registrar's port is the same AOR", () => {
    const kamailio = aorFromText("sip:user5@127.0.0.1:15160;transport=udp");
    assert.ok(kamailio.ok);
    assert.equal(kamailio.aor, "sip:user5@127.0.0.1");
    const [a, b] = [aorFromText("sips:user5@EXAMPLE.org"), aorFromText("sip:user5@example.org:5061")];
    assert.ok(a.ok && b.ok && a.aor === b.aor);
  });
  it("strict matching keeps scheme and port (RFC 3261 §10.3)", () => {
    const [a, b] = [aorFromText("sip:user5@127.0.0.1:15160", "strict"), aorFromText("sip:user5@127.0.0.1", "strict")];
    assert.ok(a.ok && b.ok);
    assert.equal(a.aor, "sip:user5@127.0.0.1:15160");
    assert.notEqual(a.aor, b.aor);
  });
});

describe("for: patterns", () => {
  it("ranges match the prefix and a number in range; leading zeros fix the width", () => {
    const range = pattern("sip:user5..user9@127.0.0.1").user;
    assert.deepEqual(["user4", "user5", "user7", "user9", "user10", "user05", "userX", "use5"].map((u) => userMatches(range, u)), [false, true, true, true, false, false, false, false]);
    const padded = pattern("ext001..ext120").user;
    assert.deepEqual(["ext001", "ext120", "ext1", "ext121", "ext0001"].map((u) => userMatches(padded, u)), [true, true, false, false, false]);
  });
  it("globs take * ? and [...]", () => {
    const glob = pattern("sip:trunk-*@example.org").user;
    assert.deepEqual(["trunk-a", "trunk-", "trunk", "xtrunk-a"].map((u) => userMatches(glob, u)), [true, true, false, false]);
    assert.ok(userMatches(pattern("user?").user, "user7"));
    assert.ok(!userMatches(pattern("user?").user, "user17"));
    assert.ok(userMatches(pattern("user[13]").user, "user3"));
    assert.ok(!userMatches(pattern("user[13]").user, "user2"));
    assert.ok(userMatches(pattern("a.b*").user, "a.bc") && !userMatches(pattern("a.b*").user, "axbc"), "a dot is literal");
  });
  it("host and port: the port counts only when strict; no host means any host", () => {
    const withPort = pattern("sip:user5@127.0.0.1:15160");
    const kamailioTo = target("sip:user5@127.0.0.1:15160");
    const plain = pattern("sip:user5@127.0.0.1");
    assert.ok(aorMatches(plain, kamailioTo, "registrar"));
    assert.ok(!aorMatches(plain, kamailioTo, "strict"));
    assert.ok(aorMatches(withPort, kamailioTo, "strict"));
    assert.ok(!aorMatches(plain, target("sip:user5@10.0.0.9"), "registrar"));
    assert.ok(aorMatches(pattern("user5"), target("sip:user5@10.0.0.9"), "strict"));
  });
});

describe("scripts with patterns, on the memory network", () => {
  it("a rule for sip:user5@127.0.0.1 answers Kamailio's REGISTER whose To carries the port", async () => {
    const l = scriptLab(`
rules:
  - for: sip:user5@127.0.0.1
    steps:
      - respond: { code: 403 }
        repeat: forever
`);
    assert.deepEqual(await statuses(l, ["sip:user5@127.0.0.1:15160", "sip:user6@127.0.0.1:15160"]), [403, 200]);
    assert.deepEqual(l.registrar.bindings().map((b) => b.aor), ["sip:user6@127.0.0.1"]);
    assert.equal(l.registrar.bindings("sip:user6@127.0.0.1:15160").length, 1, "looked up the same way");
  });

  it("strict matching (the script's aorMatching) keeps them apart", async () => {
    const l = scriptLab(`
defaults: { aorMatching: strict }
rules:
  - for: sip:user5@127.0.0.1
    steps:
      - respond: { code: 403 }
        repeat: forever
`);
    assert.deepEqual(await statuses(l, ["sip:user5@127.0.0.1:15160", "sip:user5@127.0.0.1"]), [200, 403]);
    assert.deepEqual(l.registrar.bindings().map((b) => b.aor), ["sip:user5@127.0.0.1:15160"]);
  });

  it("403 for user5 to user9 is one rule with a range, a list takes several", async () => {
    const l = scriptLab(`
rules:
  - for: [sip:user5..user9@example.org, sip:admin@example.org]
    steps:
      - respond: { code: 403 }
        repeat: forever
`);
    const aors = ["user4", "user5", "user9", "user10", "admin"].map((u) => `sip:${u}@example.org`);
    assert.deepEqual(await statuses(l, aors), [200, 403, 403, 200, 403]);
  });
});

describe("start-up warnings", () => {
  const users = parseUsersFile("[example.org]\nuser1 a\nuser2 b\nuser3 c\nuser4 d\n");
  it("names a rule that can match no user of the users file, and a list entry that cannot", () => {
    const script = parseScript(
      "rules:\n  - for: sip:user5..user9@127.0.0.1\n    steps: [ { respond: { code: 403 } } ]\n  - for: [user1, bob]\n    steps: [ { default: true } ]\n  - for: user*\n    steps: [ { default: true } ]\n  - for: everyone\n    steps: [ { default: true } ]\n",
      "lab.yaml",
    );
    assert.deepEqual(scriptWarnings(script, users), [
      "lab.yaml rule 0 (for sip:user5..user9@127.0.0.1) can match no user of the users file, so it never fires (its users: user1, user2, user3, ...)",
      "lab.yaml rule 1 (for user1, bob) has entries that match no user of the users file: bob (its users: user1, user2, user3, ...)",
    ]);
    assert.deepEqual(scriptWarnings(script, undefined), [], "without users anyone may register");
  });
});
