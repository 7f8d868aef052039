import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);

test("npm run demo registers with digest and prints the four-message ladder", async () => {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "cli/demo.ts"]);
  const ladder = stdout.split("\n").filter((line) => /^\s+\d+\.\d{3}s /.test(line));
  assert.equal(ladder.length, 4);
  assert.match(ladder[0]!, /REGISTER sip:example\.org {2}CSeq 1 ─+▶$/);
  assert.match(ladder[1]!, /◀─+ 401 Unauthorized {2}CSeq 1 \(SHA-256\)$/);
  assert.match(ladder[2]!, /REGISTER sip:example\.org {2}CSeq 2 \+ Authorization ─+▶$/);
  assert.match(ladder[3]!, /◀─+ 200 OK {2}CSeq 2 /);
  assert.match(stdout, /registered: 200 OK/);
});
