/**
 * Spec D16 for the simulator: no error it throws and nothing it logs while answering carries a
 * password or an HA1 from its users table, whatever line of the users file was wrong and
 * however a registrant got its credentials wrong.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { inspect } from "node:util";
import { memoryLogger } from "../engine/log.js";
import { authorized, lab, register } from "../testkit/simulator-lab.js";
import { UsersFileError } from "./errors.js";
import { parseUsersFile } from "./users.js";

const PASSWORD = "Pw-7c1!Simulator-unique";
const HA1 = createHash("md5").update(`bob:example.org:bob-secret-elsewhere`).digest("hex");
const SECRETS = [PASSWORD, HA1, HA1.toUpperCase(), HA1.slice(0, 20)];

function assertNoSecret(text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 4)}… in ${text}`);
}

function everyRendering(error: unknown): string[] {
  assert.ok(error instanceof Error);
  return [error.message, String(error), inspect(error, { depth: 10 }), JSON.stringify(error), String(error.stack)];
}

describe("the simulator keeps secrets out of errors and logs (spec D16)", () => {
  const badFiles: readonly [string, string][] = [
    ["a user:password line before any realm, without a default realm", `alice:${PASSWORD}`],
    ["a user and password before any realm, without a default realm", `alice ${PASSWORD}`],
    ["a user:password line repeated", `[example.org]\nalice:${PASSWORD}\nalice:${PASSWORD}`],
    ["a user line with an empty name", `[example.org]\n:${PASSWORD}`],
    ["an HA1 in uppercase", `[example.org]\nbob 0x${HA1.toUpperCase()}`],
    ["an HA1 cut short", `[example.org]\nbob:0x${HA1.slice(0, 30)}`],
    ["an HA1 too long", `[example.org]\nbob 0x${HA1}${HA1.slice(0, 4)}`],
    ["a broken realm line after secrets", `[example.org]\nalice:${PASSWORD}\nbob 0x${HA1}\n[oops`],
  ];
  for (const [what, text] of badFiles) {
    it(`a users file with ${what} is refused naming the line, not the secret`, () => {
      let thrown: unknown = null;
      try {
        parseUsersFile(text, "users.txt");
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof UsersFileError, `expected a UsersFileError, got ${String(thrown)}`);
      for (const rendering of everyRendering(thrown)) assertNoSecret(rendering);
    });
  }

  it("logs refusals (wrong password, unknown user, an HA1 of the wrong hash) with reasons and no secret", async () => {
    const logger = memoryLogger();
    const l = lab({ users: `[example.org]\nalice:${PASSWORD}\nbob 0x${HA1}\n`, logger, auth: { algorithms: ["SHA-256", "MD5"] } });
    const attempts: readonly [string, string][] = [
      ["alice", "not-her-password"],
      ["mallory", PASSWORD],
      ["bob", "bob-secret-elsewhere"],
      ["alice", PASSWORD],
    ];
    let cseq = 1;
    const statuses: number[] = [];
    for (const [username, password] of attempts) {
      const init = { cseq: cseq++, aor: `sip:${username}@example.org`, callId: `call-${username}-${cseq}` };
      const challenged = await l.send(register(init));
      const { request } = authorized({ ...init, cseq: cseq++ }, challenged, { username, password }, l.random);
      statuses.push((await l.send(request)).status);
    }
    assert.deepEqual(statuses, [403, 403, 403, 200]);
    const logged = JSON.stringify(logger.lines);
    assert.match(logged, /wrong digest response from user \\"alice\\"/);
    assert.match(logged, /unknown user \\"mallory\\"/);
    assert.match(logged, /the stored HA1 is not a SHA-256 HA1/);
    assertNoSecret(logged);
    assertNoSecret(JSON.stringify(l.registrar.bindings()));
  });
});
