import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { UsersFileError } from "./errors.js";
import { parseUsersFile, UserTable } from "./users.js";

const HA1_MD5 = "5f4dcc3b5aa765d61d8327deb882cf99";

describe("users file", () => {
  it("reads realms, passwords (blanks and # included) and HA1s, skipping comments and blank lines", () => {
    const table = parseUsersFile(
      ["# users", "", "[example.org]", "alice   wonder land # not a comment  ", `bob\t0x${HA1_MD5}`, "[ other.example ]", "alice x"].join("\n"),
    );
    assert.deepEqual(table.realms(), ["example.org", "other.example"]);
    assert.deepEqual(table.usernames("example.org"), ["alice", "bob"]);
    assert.equal(table.size, 3);
    assert.deepEqual(table.secretFor("example.org", "alice"), { password: "wonder land # not a comment" });
    assert.deepEqual(table.secretFor("example.org", "bob"), { ha1: HA1_MD5 });
    assert.equal(table.secretFor("other.example", "bob"), undefined);
  });

  it("reads user:password lines, in a realm or, before any [realm] line, in the default realm", () => {
    const table = parseUsersFile(["alice:wonder land", "bob:pass:with:colons", "carol: spaced ", "[other.example]", `dave:0x${HA1_MD5}`].join("\n"), "users.txt", "example.org");
    assert.deepEqual(table.realms(), ["example.org", "other.example"]);
    assert.deepEqual(table.secretFor("example.org", "alice"), { password: "wonder land" });
    assert.deepEqual(table.secretFor("example.org", "bob"), { password: "pass:with:colons" });
    assert.deepEqual(table.secretFor("example.org", "carol"), { password: "spaced" });
    assert.deepEqual(table.secretFor("other.example", "dave"), { ha1: HA1_MD5 });
  });

  it("names the line and the reason, and never the secret", () => {
    const cases: Array<[string, number, RegExp]> = [
      ["alice secret", 1, /comes before any \[realm\] line/],
      ["alice:s3cret", 1, /user "alice" comes before any \[realm\] line/],
      ["[example.org]\n:s3cret", 2, /the user name is empty/],
      ["[example.org]\nalice:", 2, /user "alice" has no password/],
      ["[example.org]\nalice", 2, /user "alice" has no password/],
      ["[example.org]\nalice s3cret-one\nalice s3cret-two", 3, /appears twice in realm "example.org"/],
      ["[example.org]\n\nbob 0xabc123", 3, /32 \(MD5\) or 64 .* this one has 6/],
      [`[example.org]\nbob 0x${HA1_MD5.toUpperCase()}`, 2, /lowercase hex/],
      ["[example.org", 1, /must end with \]/],
      ["[ ]", 1, /realm between \[ and \] is empty/],
    ];
    for (const [text, line, reason] of cases) {
      assert.throws(
        () => parseUsersFile(text, "users.txt"),
        (error: unknown) => {
          assert.ok(error instanceof UsersFileError);
          assert.equal(error.code, "users_file_invalid");
          assert.equal(error.line, line);
          assert.match(error.message, new RegExp(`^users\\.txt line ${line}: `));
          assert.match(error.reason, reason);
          assert.doesNotMatch(error.message, /s3cret|abc123|5F4DCC/);
          return true;
        },
      );
    }
  });

  it("hands a password over as the algorithm's HA1 when asked with one, hashed once", () => {
    const table = UserTable.fromEntries([
      { realm: "example.org", username: "alice", password: "wonderland" },
      { realm: "example.org", username: "bob", password: `0x${HA1_MD5}` },
    ]);
    const md5 = table.secretFor("example.org", "alice", "MD5");
    assert.deepEqual(md5, { ha1: createHash("md5").update("alice:example.org:wonderland").digest("hex") });
    assert.equal(table.secretFor("example.org", "alice", "MD5"), md5);
    assert.notDeepEqual(table.secretFor("example.org", "alice", "SHA-256"), md5);
    assert.deepEqual(table.secretFor("example.org", "bob", "SHA-256"), { ha1: HA1_MD5 });
    assert.equal(table.secretFor("example.org", "carol", "MD5"), undefined);
    assert.doesNotMatch(JSON.stringify(table), /wonderland|[0-9a-f]{32}/);
  });

  it("shows no secret when printed or serialized", () => {
    const table = UserTable.fromEntries([{ realm: "example.org", username: "alice", password: "wonderland" }]);
    assert.doesNotMatch(JSON.stringify(table), /wonderland/);
    assert.doesNotMatch(String(table), /wonderland/);
  });
});
