/**
 * Codec benchmark: uacreg's SIP codec against the SIP parsers on npm, on the same realistic
 * registration traffic, doing the same work (see codec/normalized.ts). Run: npm run bench:codec.
 *
 * 1. Cross-check: every library extracts the fields of every message; the peers vote per field and
 *    each library is compared with the majority. A peer that disagrees on a message is reported
 *    and not timed on it; uacreg disagreeing stops the run with exit code 1.
 * 2. Timing: interleaved rounds, medians in ns per message over the message set.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import type { Adapter } from "./codec/adapter.js";
import { drachtioAdapter } from "./codec/adapters/drachtio.js";
import { jssipAdapter } from "./codec/adapters/jssip.js";
import { sipAdapter } from "./codec/adapters/sip.js";
import { sipjsAdapter } from "./codec/adapters/sipjs.js";
import { uacregAdapter } from "./codec/adapters/uacreg.js";
import { consensus, differences, disagreements, flatten, type Ballot } from "./codec/check.js";
import { measure, type Contender, type Measurement } from "./codec/measure.js";
import { messages } from "./codec/messages.js";
import { normalize, required } from "./codec/normalized.js";
import { ADVERSARIAL_SEMI_SPACE_MB, adversarialTableInChild, growthLines } from "./codec/adversarial.js";

const REPORT = new URL("../reports/bench-codec.md", import.meta.url);
const OPTIONS = { rounds: 40, warmupMs: 500, batchMs: 100 } as const;

const peers: readonly Adapter[] = [sipAdapter, drachtioAdapter, jssipAdapter, sipjsAdapter];
const ours: Adapter = uacregAdapter;
const everyone: readonly Adapter[] = [ours, ...peers];

const inputs = messages.map((message) => ({ name: message.name, bytes: Buffer.from(message.text, "latin1") }));
const notes: string[] = [];
const note = (line: string): void => {
  notes.push(line);
  console.log(`note: ${line}`);
};

/** The messages each adapter agreed with the peers on, in message-set order. */
const passed = new Map<Adapter, Buffer[]>();
let oursFailed = false;

function ballot(adapter: Adapter, bytes: Buffer): Ballot | string {
  try {
    const flat = flatten(normalize(adapter.extract(bytes)));
    return { library: adapter.name, limitations: adapter.limitations, flat };
  } catch (error) {
    return `threw ${error instanceof Error ? error.message : String(error)}`;
  }
}

function crossCheck(): void {
  for (const adapter of everyone) {
    passed.set(adapter, []);
    for (const { path, reason } of adapter.limitations) {
      note(`${adapter.name} cannot extract \`${path}\` (${reason}); that field is not compared for it.`);
    }
  }
  for (const { name, bytes } of inputs) {
    const results = new Map(everyone.map((adapter) => [adapter, ballot(adapter, bytes)] as const));
    const voters = peers.map((peer) => results.get(peer)).filter((r): r is Ballot => typeof r === "object");
    const agreed = consensus(voters);
    for (const split of agreed.splits) note(`[${name}] peers split, field not checked: ${split}`);
    for (const [adapter, result] of results) {
      const problems = typeof result === "string" ? [result] : disagreements(result, agreed);
      if (problems.length === 0) {
        passed.get(adapter)?.push(bytes);
        continue;
      }
      const line = `[${name}] ${adapter.name} disagrees with the peers: ${problems.join("; ")}`;
      if (adapter === ours) {
        oursFailed = true;
        console.error(`FAIL ${line}`);
      } else note(`${line} (not timed on this message)`);
    }
  }
}

/** Serializing then re-parsing must give the same fields back. */
function checkRoundTrips(): void {
  for (const adapter of everyone) {
    if (adapter.roundTrip === undefined) continue;
    for (const bytes of passed.get(adapter) ?? []) {
      const before = flatten(normalize(adapter.extract(bytes)));
      const out = adapter.roundTrip.run(bytes);
      const reparsed = adapter.extract(typeof out === "string" ? Buffer.from(out, "latin1") : Buffer.from(out));
      const after = flatten(normalize(reparsed));
      const changed = differences(before, after);
      if (changed.length === 0) continue;
      const line = `${adapter.name} serialize + re-parse changes ${changed.join("; ")}`;
      if (adapter === ours) {
        oursFailed = true;
        console.error(`FAIL ${line}`);
      } else note(line);
    }
  }
}

function contenders(): Contender[] {
  const list: Contender[] = [];
  for (const adapter of everyone) {
    const subset = passed.get(adapter) ?? [];
    if (subset.length === 0) continue;
    const partial = subset.length < inputs.length ? ` (${subset.length}/${inputs.length} msgs)` : "";
    list.push({ library: adapter.name, work: `parse + fields${partial}`, run: adapter.extract, inputs: subset });
    if (adapter.roundTrip !== undefined) {
      const { work, run } = adapter.roundTrip;
      list.push({ library: adapter.name, work: `${work}${partial}`, run, inputs: subset });
    }
  }
  return list;
}

const integer = (n: number): string => Math.round(n).toLocaleString("en-US");

function table(results: readonly Measurement[]): string[] {
  return [
    "| library | work | ns/msg | msgs/s |",
    "| --- | --- | ---: | ---: |",
    ...results.map(
      ({ contender, nsPerMessage }) =>
        `| ${contender.library} | ${contender.work} | ${integer(nsPerMessage)} | ${integer(1e9 / nsPerMessage)} |`,
    ),
  ];
}

function ratioLine(results: readonly Measurement[]): string {
  const parseOf = (adapter: Adapter): Measurement | undefined =>
    results.find((r) => r.contender.library === adapter.name && r.contender.run === adapter.extract);
  const peerNs = peers.map(parseOf).filter((r): r is Measurement => r !== undefined).map((r) => r.nsPerMessage);
  const oursNs = required(parseOf(ours), "timing of uacreg").nsPerMessage;
  if (peerNs.length === 0) return "codec parse speed vs fastest peer: n/a (no peer passed the cross-check)";
  return `codec parse speed vs fastest peer: ${(Math.min(...peerNs) / oursNs).toFixed(1)}x`;
}

crossCheck();
checkRoundTrips();
for (const [adapter, agreed] of passed) {
  console.log(`cross-check: ${adapter.name} agrees with the peers on ${agreed.length}/${inputs.length} messages`);
}
if (oursFailed) {
  console.error("uacreg's codec disagrees with the peers (see FAIL lines above); not timing.");
  process.exit(1);
}

const totalBytes = inputs.reduce((sum, input) => sum + input.bytes.length, 0);
const setup =
  `${inputs.length} messages, mean ${integer(totalBytes / inputs.length)} bytes; ` +
  `Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown CPU"}; ` +
  `${OPTIONS.rounds} interleaved rounds of ~${OPTIONS.batchMs} ms per library ` +
  `after ${OPTIONS.warmupMs} ms warm-up; medians.`;
console.log(`\ntiming: ${setup}`);
const results = measure(contenders(), OPTIONS);
const spread = results.map(
  ({ contender, minNs, maxNs, passesPerBatch }) =>
    `${contender.library}, ${contender.work}: rounds ${integer(minNs)}-${integer(maxNs)} ns/msg, ` +
    `${passesPerBatch} pass(es) of the set per batch`,
);
const ratio = ratioLine(results);

const lines = table(results);
console.log(`\n${lines.join("\n")}\n`);
for (const line of spread) console.log(`spread: ${line}`);
const defaultHeap = adversarialTableInChild(null);
const adversarial = adversarialTableInChild(ADVERSARIAL_SEMI_SPACE_MB);
const growth = growthLines(adversarial, defaultHeap);
console.log(`\n${adversarial.lines.join("\n")}\n`);
mkdirSync(new URL(".", REPORT), { recursive: true });
writeFileSync(
  REPORT,
  [
    "# Codec benchmark",
    "",
    `${new Date().toISOString()}: ${setup}`,
    "",
    ...lines,
    "",
    ...adversarial.lines,
    "",
    ...growth,
    "",
    ...notes.map((line) => `- note: ${line}`),
    ...spread.map((line) => `- spread: ${line}`),
    "",
    ratio,
    "",
  ].join("\n"),
);
console.log(`wrote ${REPORT.pathname}`);
for (const line of growth) console.log(line);
console.log(ratio);
