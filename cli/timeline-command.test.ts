import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defaultOutput, runTimeline, timelineWindowOf } from "./timeline-command.js";
import { parseUsersFile, startSimulator } from "../simulator/index.js";
import { labUsersFile, REALM } from "../testkit/lab.js";
import { testRegistrant } from "../testkit/socket-registrant.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/timeline/", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));

function printer(): { out: string[]; error: string[] } & { readonly print: { out(line: string): void; error(line: string): void } } {
  const out: string[] = [];
  const error: string[] = [];
  return { out, error, print: { out: (line) => out.push(line), error: (line) => error.push(line) } };
}

describe("uacreg timeline", () => {
  it("draws a simulator transcript file as a ladder page, skipping bad lines", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const transcript = join(dir, "transcript.jsonl");
    const simulator = await startSimulator({
      listen: [{ protocol: "udp", host: "127.0.0.1", port: 0 }],
      realm: REALM,
      users: parseUsersFile(labUsersFile()),
      transcriptFile: { path: transcript, maxBytes: 1_000_000 },
    });
    const client = await testRegistrant(simulator.sockets[0]!);
    try {
      assert.equal((await client.register("alice", "not her password", 600)).status, 403);
    } finally {
      await client.close();
      await simulator.stop();
    }
    await writeFile(transcript, (await readFile(transcript, "utf8")) + '{"seq": "x"}\n');
    const output = join(dir, "ladder.html");
    const p = printer();
    assert.equal(await runTimeline(transcript, output, p.print), 0);
    const html = await readFile(output, "utf8");
    assert.equal(html.match(/<g class="msg /g)?.length, 4);
    assert.match(html, /403 Forbidden CSeq 2 REGISTER sip:alice@example\.org — wrong digest response from user &quot;alice&quot;/);
    assert.deepEqual(p.out, [`uacreg timeline: wrote ${output} (ladder of 4 messages; 1 skipped)`]);
    assert.match(p.error[0] ?? "", /line 5: skipped: seq is not a whole number/);
  });

  it("draws the sample run log into a page with one lane per record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const output = join(dir, "out.html");
    const p = printer();
    assert.equal(await runTimeline(join(FIXTURES, "run-log.jsonl"), output, p.print), 0);
    const html = await readFile(output, "utf8");
    assert.equal(html.match(/<g class="lane"/g)?.length, 2);
    assert.match(html, /data-state="WRONG_CREDENTIALS_STATE"/);
    assert.deepEqual(p.out, [`uacreg timeline: wrote ${output} (2 lanes from 146 run-log lines; 0 skipped)`]);
    assert.deepEqual(p.error, []);
  });

  it("draws states only from sr_list_reports JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const output = join(dir, "states.html");
    const p = printer();
    assert.equal(await runTimeline(join(FIXTURES, "sr-list-reports.json"), output, p.print), 0);
    const html = await readFile(output, "utf8");
    assert.equal(html.match(/<g class="lane"/g)?.length, 2);
    assert.equal(html.match(/data-marker=/g), null);
    assert.match(p.out[0]!, /2 lanes from 27 Status\/Report entries; 0 skipped/);
  });

  it("reports skipped lines on stderr by number and reason and still writes the page", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const input = join(dir, "run.jsonl");
    const good = (await readFile(join(FIXTURES, "run-log.jsonl"), "utf8")).split("\n").slice(0, 10);
    await writeFile(input, [...good.slice(0, 3), "{oops", ...good.slice(3)].join("\n"));
    const p = printer();
    assert.equal(await runTimeline(input, join(dir, "run.html"), p.print), 0);
    assert.equal(p.error.length, 1);
    assert.match(p.error[0]!, /run.jsonl line 4: skipped: not JSON/);
    assert.match(p.out[0]!, /from 10 run-log lines; 1 skipped\)$/);
  });

  it("fails with a clear message when nothing can be drawn or the file cannot be read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const input = join(dir, "bad.json");
    await writeFile(input, "[1]");
    const p = printer();
    assert.equal(await runTimeline(input, join(dir, "bad.html"), p.print), 1);
    assert.match(p.error[0]!, /bad.json: looks like sr_list_reports JSON but is not/);
    assert.equal(await runTimeline(join(dir, "missing.jsonl"), join(dir, "m.html"), p.print), 1);
    assert.match(p.error[1]!, /cannot read .*missing.jsonl: ENOENT/);
  });

  it("writes next to the input by default", () => {
    assert.equal(defaultOutput("logs/run.jsonl"), "logs/run.html");
    assert.equal(defaultOutput("run"), "run.html");
  });

  it("is a subcommand of the installed command", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const output = join(dir, "cli.html");
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, "timeline", join(FIXTURES, "sr-list-reports.json"), "-o", output]);
    assert.match(stdout, /^uacreg timeline: wrote .*cli.html/);
    assert.match(await readFile(output, "utf8"), /^<!doctype html>/);
  });

  it("--aor, --from and --to draw part of the run, and say so on the page", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const output = join(dir, "part.html");
    const p = printer();
    // The sample runs from 09:00:30 to 09:33:00 on 2026-11-20; bob's lane alone, from 09:10.
    const window = timelineWindowOf({ aor: ["BOB@"], from: "2026-11-20T09:10:00Z" });
    assert.equal(await runTimeline(join(FIXTURES, "run-log.jsonl"), output, p.print, window), 0);
    const html = await readFile(output, "utf8");
    assert.equal(html.match(/<g class="lane"/g)?.length, 1);
    assert.match(html, /sip:bob@example\.org/);
    assert.doesNotMatch(html, /sip:alice@example\.org/);
    assert.match(html, /Only part of the input is drawn: records whose AOR contains &quot;BOB@&quot; from 2026-11-20T09:10:00.000Z; each lane starts in the state its record was in when the window opens/);
    assert.match(p.out[0]!, /\(1 lane from 146 run-log lines/);
  });

  it("a window that holds nothing is an error that says what was asked", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-timeline-"));
    const p = printer();
    const window = timelineWindowOf({ aor: ["carol"] });
    assert.equal(await runTimeline(join(FIXTURES, "run-log.jsonl"), join(dir, "none.html"), p.print, window), 1);
    assert.match(p.error[0]!, /run-log.jsonl: no record whose AOR contains "carol"/);
  });

  it("reads --from and --to as ISO 8601 (UTC without a zone) or epoch milliseconds, and names a bad one", () => {
    assert.deepEqual(timelineWindowOf({}), { aors: [], fromMs: null, toMs: null });
    assert.equal(timelineWindowOf({ from: "2026-11-20T09:10:00Z" }).fromMs, Date.UTC(2026, 10, 20, 9, 10));
    assert.equal(timelineWindowOf({ from: "2026-11-20 09:10" }).fromMs, Date.UTC(2026, 10, 20, 9, 10));
    assert.equal(timelineWindowOf({ from: "2026-11-20T10:10:00+01:00" }).fromMs, Date.UTC(2026, 10, 20, 9, 10));
    assert.equal(timelineWindowOf({ to: "1795165230000" }).toMs, 1_795_165_230_000);
    assert.throws(() => timelineWindowOf({ from: "yesterday" }), { name: "TimelineOptionError", code: "timeline_option_invalid", message: /^--from yesterday: not a time/ });
    assert.throws(() => timelineWindowOf({ to: "2026-13-45T99:00:00Z" }), /--to 2026-13-45T99:00:00Z: not a valid date and time/);
    assert.throws(() => timelineWindowOf({ from: "2026-11-20T10:00:00Z", to: "2026-11-20T09:00:00Z" }), /--from .* is after --to/);
    assert.throws(() => timelineWindowOf({ aor: [" "] }), /--aor: an empty text would match every record/);
  });

  it("a bad option stops the installed command with exit code 2 before it reads anything", async () => {
    const run = promisify(execFile)(process.execPath, [BIN, "timeline", "no-such-file.jsonl", "--from", "soon"]);
    await assert.rejects(run, (error: { code?: number; stderr?: string }) => error.code === 2 && /--from soon: not a time/.test(error.stderr ?? ""));
  });
});
