import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jsonLinesRunLog, memoryRunLog } from "./run-log.js";

const subject = { aor: "sip:a@x", contact: "sip:a@1.2.3.4", registrar: "sip:x" };

describe("run log sink", () => {
  it("writes one JSON line per entry, in order", () => {
    const lines: string[] = [];
    const sink = jsonLinesRunLog((line) => lines.push(line));
    sink.write({ ...subject, atMs: 1000, kind: "state", from: "NOT_REGISTERED_STATE", to: "REGISTERING_STATE", rule: "visit-register" });
    sink.write({ ...subject, atMs: 1000, kind: "event", name: "E_REGISTRANT_REGISTERING" });
    assert.equal(lines.length, 2);
    assert.ok(lines.every((line) => !line.includes("\n")));
    assert.deepEqual(JSON.parse(lines[1]!), { ...subject, atMs: 1000, kind: "event", name: "E_REGISTRANT_REGISTERING" });
  });

  it("memoryRunLog keeps lines and parses them back", () => {
    const log = memoryRunLog();
    log.write({ ...subject, atMs: 5, kind: "sip-in", callId: "c", cseq: 1, outcome: "timeout", status: null, detached: false });
    assert.deepEqual(log.entries()[0], { ...subject, atMs: 5, kind: "sip-in", callId: "c", cseq: 1, outcome: "timeout", status: null, detached: false });
  });
});
