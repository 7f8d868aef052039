import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CliOptionError, FALLBACK_REALM, readSimulateOptions, type SimulateArgs } from "./simulate-options.js";
import { labUsersFile } from "../testkit/lab.js";

describe("readSimulateOptions", () => {
  let dir: string;
  let usersFile: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "uacreg-options-"));
    usersFile = join(dir, "users.txt");
    await writeFile(usersFile, labUsersFile());
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const fails = async (args: SimulateArgs, option: string, reason: RegExp): Promise<void> => {
    await assert.rejects(readSimulateOptions(args), (error) => {
      assert.ok(error instanceof CliOptionError, String(error));
      assert.equal(error.option, option);
      assert.match(error.message, reason);
      assert.ok(error.message.startsWith(`${option}: `));
      return true;
    });
  };

  it("reads every listen socket, the users file and its realm", async () => {
    const options = await readSimulateOptions({ listen: ["udp:127.0.0.1:5060", "tcp:[::1]:5070"], users: usersFile, transcript: "0", quiet: true });
    assert.deepEqual(options.listen, [
      { protocol: "udp", host: "127.0.0.1", port: 5060 },
      { protocol: "tcp", host: "::1", port: 5070 },
    ]);
    assert.equal(options.realm, "example.org");
    assert.equal(options.users?.size, 2);
    assert.equal(options.transcriptCapacity, 0);
    assert.equal(options.quiet, true);
    assert.equal(options.tls, undefined);
  });

  it("falls back to a realm of its own without a users file", async () => {
    const options = await readSimulateOptions({ listen: ["udp:127.0.0.1:0"] });
    assert.equal(options.realm, FALLBACK_REALM);
    assert.equal(options.users, undefined);
    assert.equal(options.quiet, false);
  });

  it("takes the expiry options as whole seconds", async () => {
    const options = await readSimulateOptions({ listen: ["udp:127.0.0.1:0"], minExpires: "60", maxExpires: "7200", defaultExpires: "600" });
    assert.equal(options.minExpiresSec, 60);
    assert.equal(options.maxExpiresSec, 7200);
    assert.equal(options.defaultExpiresSec, 600);
  });

  it("needs at least one --listen", () => fails({}, "--listen", /at least one socket/));
  it("names a bad socket name and why", () => fails({ listen: ["udp:127.0.0.1:5060", "sctp:127.0.0.1:5060"] }, "--listen", /protocol "sctp" is not supported/));
  it("says when the users file is missing", () => fails({ listen: ["udp:127.0.0.1:0"], users: join(dir, "nope.txt") }, "--users", /cannot read .*nope\.txt: no such file/));
  it("passes on the line of a users file that does not parse", async () => {
    const bad = join(dir, "bad-users.txt");
    await writeFile(bad, "[example.org]\nalice:wonderland\n[other.org\n");
    await fails({ listen: ["udp:127.0.0.1:0"], users: bad }, "--users", /line 3: a realm line must end with \]/);
  });
  it("never prints a password or HA1 of a users file it refuses (spec D16)", async () => {
    const bad = join(dir, "secret-users.txt");
    const ha1 = "0123456789abcdef0123456789abcdef";
    for (const text of ["[example.org]\nalice:Pw-cli-unique\nalice:Pw-cli-unique\n", `[example.org]\nbob 0x${ha1.toUpperCase()}\n`, `[example.org]\nbob:0x${ha1}00\n`]) {
      await writeFile(bad, text);
      await assert.rejects(readSimulateOptions({ listen: ["udp:127.0.0.1:0"], users: bad }), (error) => {
        assert.ok(error instanceof CliOptionError);
        const shown = `${error.message} ${String(error.cause)} ${JSON.stringify(error)}`;
        assert.doesNotMatch(shown, /Pw-cli-unique|0123456789abcdef/i);
        return true;
      });
    }
  });
  it("reads user:password lines before any [realm] line into --realm, else the fallback realm", async () => {
    const plain = join(dir, "plain-users.txt");
    await writeFile(plain, "# as htpasswd-style tools write it\nuser1:secret-one\nuser2:pass:with:colons\n");
    const fallback = await readSimulateOptions({ listen: ["udp:127.0.0.1:0"], users: plain });
    assert.equal(fallback.realm, FALLBACK_REALM);
    assert.deepEqual(fallback.users?.usernames(FALLBACK_REALM), ["user1", "user2"]);
    const named = await readSimulateOptions({ listen: ["udp:127.0.0.1:0"], users: plain, realm: "lab.example" });
    assert.equal(named.realm, "lab.example");
    assert.deepEqual(named.users?.usernames("lab.example"), ["user1", "user2"]);
  });
  it("refuses a realm nobody in the users file belongs to", () => fails({ listen: ["udp:127.0.0.1:0"], users: usersFile, realm: "other.org" }, "--realm", /no \[other\.org\] section.*it has: example\.org/));
  it("needs --tls-cert and --tls-key for a tls socket", async () => {
    await fails({ listen: ["tls:127.0.0.1:0"] }, "--tls-cert", /needs a certificate/);
    await fails({ listen: ["tls:127.0.0.1:0"], tlsCert: usersFile }, "--tls-key", /needs a private key/);
    await fails({ listen: ["tls:127.0.0.1:0"], tlsCert: usersFile, tlsKey: usersFile }, "--tls-cert", /holds no PEM certificate/);
  });
  it("refuses numbers that are not whole seconds", async () => {
    await fails({ listen: ["udp:127.0.0.1:0"], minExpires: "1.5" }, "--min-expires", /"1\.5" is not a whole number/);
    await fails({ listen: ["udp:127.0.0.1:0"], defaultExpires: "0" }, "--default-expires", /outside 1 to/);
    await fails({ listen: ["udp:127.0.0.1:0"], transcript: "-1" }, "--transcript", /not a whole number/);
  });
  it("reads --workers as a whole number from 1 (the default) to the limit", async () => {
    assert.equal((await readSimulateOptions({ listen: ["udp:127.0.0.1:0"] })).workers, 1);
    assert.equal((await readSimulateOptions({ listen: ["udp:127.0.0.1:0"], workers: "2" })).workers, 2);
    await fails({ listen: ["udp:127.0.0.1:0"], workers: "0" }, "--workers", /outside 1 to 64/);
    await fails({ listen: ["udp:127.0.0.1:0"], workers: "two" }, "--workers", /not a whole number/);
  });
  it("refuses expiry options that contradict each other", async () => {
    await fails({ listen: ["udp:127.0.0.1:0"], minExpires: "600", maxExpires: "60" }, "--min-expires", /above --max-expires 60/);
    await fails({ listen: ["udp:127.0.0.1:0"], minExpires: "600", defaultExpires: "60" }, "--default-expires", /below --min-expires 600/);
  });
  it("lists the problems of an invalid script under --script", async () => {
    const script = join(dir, "bad.yaml");
    await writeFile(script, "rules:\n  - for: everyone\n    steps:\n      - respond: { code: 999 }\n");
    await fails({ listen: ["udp:127.0.0.1:0"], script }, "--script", /is not a valid script:\n {2}.*bad\.yaml:4:\d+: \/rules\/0\/steps\/0\/respond\/code/);
  });
  it("says when the script cannot be read", () => fails({ listen: ["udp:127.0.0.1:0"], script: join(dir, "none.yaml") }, "--script", /cannot read .*none\.yaml: no such file/));
});
