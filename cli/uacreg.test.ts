import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { systemClock } from "../engine/index.js";

const BIN = fileURLToPath(new URL("../bin/uacreg.js", import.meta.url));
/** Each run starts node and tsx; generous, but bounded. */
const RUN_TIMEOUT_MS = 20_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the command; `whenOut` sees stdout as it grows and may signal the child. Simulators here
 * start with --no-warm-up: these tests are about options and signals, and on a loaded machine
 * the warm-up's second or more would eat into the limit.
 */
function run(args: readonly string[], whenOut?: (stdout: string, signal: (name: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const guard = systemClock.setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`uacreg ${args.join(" ")} did not end within ${RUN_TIMEOUT_MS} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      whenOut?.(stdout, (name) => child.kill(name));
    });
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      systemClock.clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("uacreg simulate (the command)", () => {
  it("prints its options", async () => {
    const result = await run(["simulate", "--help"]);
    assert.equal(result.code, 0);
    for (const option of ["--listen", "--users", "--script", "--quiet", "--transcript", "--tls-cert"]) assert.match(result.stdout, new RegExp(option));
  });

  it("exits non-zero naming the bad option", async () => {
    const result = await run(["simulate", "--listen", "udp:localhost:5060"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^uacreg simulate: --listen: .*host "localhost" is not an IP address/);
    assert.equal(result.stdout, "");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`stops cleanly on ${signal}`, async () => {
      let sent = false;
      const result = await run(["simulate", "--listen", "udp:127.0.0.1:0", "--listen", "tcp:127.0.0.1:0", "--quiet", "--no-warm-up"], (stdout, kill) => {
        if (!sent && stdout.includes("listening on")) {
          sent = true;
          kill(signal);
        }
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /listening on udp:127\.0\.0\.1:\d+, tcp:127\.0\.0\.1:\d+/);
      assert.match(result.stdout, new RegExp(`stopped on ${signal} after 0 messages in, 0 out`));
      assert.match(result.stdout, /^uacreg simulate: at stop: bindings: 0 contacts for 0 AORs$/m);
      assert.match(result.stdout, /^uacreg simulate: at stop: requests: 0$/m);
      assert.equal(result.stderr, "");
    });
  }

  it("starts a primary and a secondary from --config, prints each one's lines and summary under its name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "uacreg-cli-config-"));
    const config = join(dir, "lab.yaml");
    await writeFile(config, "registrars:\n  - { name: primary, listen: [udp:127.0.0.1:0] }\n  - { name: secondary, listen: [udp:127.0.0.1:0, tcp:127.0.0.1:0] }\n");
    let sent = false;
    const result = await run(["simulate", "--config", config, "--no-warm-up"], (stdout, kill) => {
      if (!sent && stdout.includes("[secondary]: listening on")) {
        sent = true;
        kill("SIGTERM");
      }
    });
    await rm(dir, { recursive: true, force: true });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^uacreg simulate \[primary\]: listening on udp:127\.0\.0\.1:\d+ \(no users file/m);
    assert.match(result.stdout, /^uacreg simulate \[secondary\]: listening on udp:127\.0\.0\.1:\d+, tcp:127\.0\.0\.1:\d+/m);
    assert.match(result.stdout, /^uacreg simulate \[secondary\]: at stop: requests: 0$/m);
    assert.match(result.stdout, /stopped on SIGTERM after 0 messages in, 0 out/);
  });

  it("prints the summary on SIGUSR1 and keeps running, with the script's unused rules", async () => {
    const script = fileURLToPath(new URL("../fixtures/scripts/403-forbidden.yaml", import.meta.url));
    let step = 0;
    const result = await run(["simulate", "--listen", "udp:127.0.0.1:0", "--quiet", "--script", script, "--no-warm-up"], (stdout, kill) => {
      if (step === 0 && stdout.includes("listening on")) {
        step = 1;
        kill("SIGUSR1");
      } else if (step === 1 && stdout.includes("now: script:")) {
        step = 2;
        kill("SIGTERM");
      }
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^uacreg simulate: now: requests: 0$/m);
    assert.match(result.stdout, /^uacreg simulate: now: script: rule 0 \(for everyone\) never matched a request$/m);
    assert.match(result.stdout, /^uacreg simulate: at stop: script: rule 1 \(for everyone\) step 0 challenge: used 0, planned forever$/m);
  });
});
