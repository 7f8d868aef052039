import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defaultOutput, runTimeline } from "./timeline-command.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/timeline/", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));

function printer(): { out: string[]; error: string[] } & { readonly print: { out(line: string): void; error(line: string): void } } {
  const out: string[] = [];
  const error: string[] = [];
  return { out, error, print: { out: (line) => out.push(line), error: (line) => error.push(line) } };
}

describe("uacreg timeline", () => {
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
});
