/**
 * `uacreg timeline <file> [-o out.html]`: draws the timeline page from the engine's run log of a
 * real run (JSON lines), or a reduced states-only one from sr_list_reports JSON (for example saved
 * from OpenSIPS), or a ladder page from the simulator's transcript file (`--transcript-file`). Bad lines are skipped and reported on stderr; the page is still written unless
 * nothing usable was left. `--aor`, `--from` and `--to` draw part of a long run (window.ts).
 */
import type { Command } from "commander";
import { readFile, writeFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import {
  readTimelineInput,
  renderTimelineHtml,
  TimelineOptionError,
  timelineWindowOf,
  UacregError,
  WHOLE_RUN,
  type TimelineRead,
  type TimelineWindow,
} from "../engine/index.js";
import { looksLikeTranscriptFile, readTranscriptFile, renderLadderPage } from "../simulator/index.js";

/** Skipped lines printed one by one up to this many; past it, only their number. */
const SKIPPED_SHOWN = 20;

export function addTimelineCommand(program: Command): void {
  program
    .command("timeline")
    .description("draw a timeline page (HTML with an SVG picture) from a run log (JSON lines) or sr_list_reports JSON, or a ladder page from a simulator transcript file")
    .argument("<file>", "the engine's run log (one JSON object a line), the JSON output of sr_list_reports, or uacreg simulate's --transcript-file")
    .option("-o, --output <file>", "where to write the page (default: the input's name with .html)")
    .option("--aor <text>", "only records whose AOR contains this text, in any case (repeat for several)", (text: string, earlier: string[]) => [...earlier, text], [] as string[])
    .option("--from <time>", "only from this time: ISO 8601 (2026-11-26T10:00:00Z; UTC when no zone is given) or epoch milliseconds")
    .option("--to <time>", "only up to this time, in the same forms")
    .action(async (file: string, options: { output?: string; aor?: string[]; from?: string; to?: string }) => {
      let window: TimelineWindow;
      try {
        window = timelineWindowOf(options);
      } catch (error) {
        if (!(error instanceof TimelineOptionError)) throw error;
        process.stderr.write(`uacreg timeline: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runTimeline(file, options.output ?? defaultOutput(file), defaultPrinter, window);
    });
}

export { TimelineOptionError, timelineWindowOf };

export function defaultOutput(file: string): string {
  const extension = extname(file);
  return `${extension === "" || extension === ".html" ? file : file.slice(0, -extension.length)}.html`;
}

/** Resolves with the exit code: 0 when the page was written, 1 when it could not be. */
export async function runTimeline(file: string, output: string, print: Printer = defaultPrinter, window: TimelineWindow = WHOLE_RUN): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    print.error(`uacreg timeline: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (looksLikeTranscriptFile(text)) return writeLadder(text, file, output, print, window);
  let read: TimelineRead;
  try {
    read = readTimelineInput(text, file, window);
  } catch (error) {
    if (!(error instanceof UacregError)) throw error;
    print.error(`uacreg timeline: ${error.message}`);
    return 1;
  }
  for (const skipped of read.skipped.slice(0, SKIPPED_SHOWN)) print.error(`uacreg timeline: ${file} ${skipped.where}: skipped: ${skipped.reason}`);
  if (read.skipped.length > SKIPPED_SHOWN) print.error(`uacreg timeline: ... and ${read.skipped.length - SKIPPED_SHOWN} more skipped`);
  const what = read.source === "run-log" ? "run-log lines" : "Status/Report entries";
  const facts = [`Drawn from ${basename(file)}: ${read.read} ${what}${read.skipped.length > 0 ? `, ${read.skipped.length} skipped` : ""}.`];
  await writeFile(output, renderTimelineHtml(read.model, { title: `Timeline of ${basename(file)}`, facts }));
  const lanes = read.model.lanes.length;
  print.out(`uacreg timeline: wrote ${output} (${lanes} lane${lanes === 1 ? "" : "s"} from ${read.read} ${what}; ${read.skipped.length} skipped)`);
  return 0;
}

/** A simulator transcript file (`uacreg simulate --transcript-file`) drawn as a ladder page. */
async function writeLadder(text: string, file: string, output: string, print: Printer, window: TimelineWindow): Promise<number> {
  const { entries, skipped } = readTranscriptFile(text);
  for (const bad of skipped.slice(0, SKIPPED_SHOWN)) print.error(`uacreg timeline: ${file} line ${bad.line}: skipped: ${bad.reason}`);
  if (skipped.length > SKIPPED_SHOWN) print.error(`uacreg timeline: ... and ${skipped.length - SKIPPED_SHOWN} more skipped`);
  const shown = entries.filter(
    (entry) =>
      (window.fromMs === null || entry.atMs >= window.fromMs) &&
      (window.toMs === null || entry.atMs <= window.toMs) &&
      (window.aors.length === 0 || window.aors.some((aor) => (entry.aor ?? "").toLowerCase().includes(aor.toLowerCase()))),
  );
  if (shown.length === 0) {
    print.error(`uacreg timeline: ${file}: no transcript message${entries.length === 0 ? "" : " in the window asked for"}`);
    return 1;
  }
  const facts = [`Drawn from ${basename(file)}: ${entries.length} messages${skipped.length > 0 ? `, ${skipped.length} skipped` : ""}${shown.length < entries.length ? `, ${shown.length} in the window asked for` : ""}.`];
  await writeFile(output, renderLadderPage(shown, { title: `Ladder of ${basename(file)}`, facts }));
  print.out(`uacreg timeline: wrote ${output} (ladder of ${shown.length} messages; ${skipped.length} skipped)`);
  return 0;
}

export interface Printer {
  out(line: string): void;
  error(line: string): void;
}

const defaultPrinter: Printer = {
  out: (line) => void process.stdout.write(line + "\n"),
  error: (line) => void process.stderr.write(line + "\n"),
};
