/**
 * Running SIPp (Debian `sip-tester`, 3.6.1) against the simulator, for the interop tests and the
 * simulator benchmark. Every run is bounded (call count, SIPp's own `-timeout`, and a kill after
 * that), binds only 127.0.0.1, and follows the SIPp notes of shared/research/peers.md: explicit local,
 * control and media ports, a 4 MiB socket buffer, no BYE after a failed REGISTER, no dead-call
 * wait. Results come from SIPp's statistics file and its exit code, not from its screen.
 */
import { spawn, spawnSync } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type SocketName } from "../../engine/index.js";
import { killAfter } from "./stop-child.js";

export const SIPP_DIR = fileURLToPath(new URL("../../fixtures/sipp/", import.meta.url));

/** Whether a `sipp` binary is on PATH (`npm run peers:install` puts it there). */
export function sippAvailable(): boolean {
  return sippVersion() !== null;
}

/** `v3.6.1-SCTP-PCAP-RTPSTREAM` as `sipp -v` prints it, or null without sipp. */
export function sippVersion(): string | null {
  const run = spawnSync("sipp", ["-v"], { encoding: "utf8" });
  if (run.error !== undefined) return null;
  return /SIPp (v[\w.-]*\w)/.exec(`${run.stdout}${run.stderr}`)?.[1] ?? "unknown version";
}

export interface SippRun {
  /** Scenario file name in fixtures/sipp/. */
  readonly scenario: string;
  readonly target: SocketName;
  /** A CSV for `-inf`: first line SEQUENTIAL, then `user;password;domain` lines. */
  readonly usersCsv: string;
  readonly calls: number;
  /** Calls started per second. */
  readonly rate: number;
  /** SIPp gives up after this long; the process is killed 5 s later if it has not ended. */
  readonly timeoutSec: number;
  /** Where the statistics, message and error logs go. */
  readonly workDir: string;
  /** Keywords for the scenario (`-key name value`). */
  readonly keys?: Readonly<Record<string, string>>;
  /** Log every message SIPp sends and receives (for tests; too slow for a benchmark). */
  readonly traceMessages?: boolean;
  /** Record every answer time the scenario times (`start_rtd`/`rtd`) into `SippResult.answerTimesMs`. */
  readonly traceAnswerTimes?: boolean;
}

export interface SippStats {
  readonly created: number;
  readonly successful: number;
  readonly failed: number;
  /** Requests SIPp sent again because no answer came in time. */
  readonly retransmissions: number;
  readonly failedMaxUdpRetrans: number;
  readonly failedUnexpectedMessage: number;
}

export interface SippResult {
  /** 0: every call passed; 1: at least one failed; other: SIPp could not run. */
  readonly exitCode: number | null;
  readonly stats: SippStats;
  /** The message log (empty unless `traceMessages`). */
  readonly messages: string;
  /** SIPp's error log: unexpected messages and the like. */
  readonly errors: string;
  /** With `traceAnswerTimes`: each timed transaction's answer time in whole milliseconds (SIPp's resolution). */
  readonly answerTimesMs: number[];
  readonly stderr: string;
}

const KILL_GRACE_MS = 5000;

export async function runSipp(run: SippRun): Promise<SippResult> {
  const [localPort, controlPort, mediaPort] = await freePorts(3);
  const statFile = join(run.workDir, `${run.scenario}-${localPort}.stat.csv`);
  const messageFile = join(run.workDir, `${run.scenario}-${localPort}.messages.log`);
  const errorFile = join(run.workDir, `${run.scenario}-${localPort}.errors.log`);
  const args = [
    `${run.target.host}:${run.target.port}`,
    "-sf", join(SIPP_DIR, run.scenario),
    "-t", run.target.protocol === "udp" ? "u1" : "t1",
    "-inf", run.usersCsv,
    "-m", String(run.calls),
    "-r", String(run.rate),
    "-rp", "1000",
    "-i", "127.0.0.1",
    "-p", String(localPort),
    "-ci", "127.0.0.1",
    "-cp", String(controlPort),
    "-mp", String(mediaPort),
    "-buff_size", "4194304",
    "-default_behaviors", "all,-bye",
    "-deadcall_wait", "0",
    "-timeout", `${run.timeoutSec}s`,
    "-timeout_error",
    "-nostdin",
    "-trace_stat", "-stf", statFile, "-fd", "1",
    "-trace_err", "-error_file", errorFile,
    ...(run.traceMessages === true ? ["-trace_msg", "-message_file", messageFile] : []),
    ...(run.traceAnswerTimes === true ? ["-trace_rtt", "-rtt_freq", "1000"] : []),
    ...Object.entries(run.keys ?? {}).flatMap(([name, value]) => ["-key", name, value]),
  ];
  // SIPp writes the answer-time file into its working folder; a folder of its own per run finds it.
  const rttDir = await mkdtemp(join(run.workDir, "rtt-"));
  const { exitCode, stderr } = await spawnBounded("sipp", args, (run.timeoutSec * 1000) + KILL_GRACE_MS, rttDir);
  const rttFile = (await readdir(rttDir)).find((name) => name.endsWith("_rtt.csv"));
  return {
    exitCode,
    stats: parseStats(await readOptional(statFile)),
    messages: await readOptional(messageFile),
    errors: await readOptional(errorFile),
    stderr,
    answerTimesMs: rttFile === undefined ? [] : parseAnswerTimes(await readOptional(join(rttDir, rttFile))),
  };
}

/** The cumulative counters of the last line of a `-trace_stat` file (`;`-separated, header first). */
export function parseStats(text: string): SippStats {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const header = lines[0]?.split(";") ?? [];
  const last = lines.length > 1 ? (lines[lines.length - 1]?.split(";") ?? []) : [];
  const read = (name: string): number => {
    const at = header.indexOf(name);
    const value = at === -1 ? undefined : last[at];
    return value === undefined || value === "" ? 0 : Number(value);
  };
  return {
    created: read("TotalCallCreated"),
    successful: read("SuccessfulCall(C)"),
    failed: read("FailedCall(C)"),
    retransmissions: read("Retransmissions(C)"),
    failedMaxUdpRetrans: read("FailedMaxUDPRetrans(C)"),
    failedUnexpectedMessage: read("FailedUnexpectedMessage(C)"),
  };
}

/** `Date_ms;response_time_ms;rtd_no` lines of a `-trace_rtt` file: the answer times. */
export function parseAnswerTimes(text: string): number[] {
  return text
    .split("\n")
    .slice(1)
    .map((line) => Number(line.split(";")[1]))
    .filter((ms) => Number.isFinite(ms));
}

/** The CSV SIPp's `-inf` reads; no blank line, because one ends the file for SIPp. */
export function sippUsersCsv(users: readonly { user: string; password: string }[], domain: string): string {
  return ["SEQUENTIAL", ...users.map(({ user, password }) => `${user};${password};${domain}`)].join("\n") + "\n";
}

/**
 * Ports free for both UDP and TCP on 127.0.0.1 right now: SIPp binds its local port for either
 * transport, and the control and media ports over UDP. Sockets stay open until all are chosen, so
 * the ports differ.
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Socket[] = [];
  const ports: number[] = [];
  try {
    for (let attempt = 0; ports.length < count && attempt < count * 20; attempt++) {
      const socket = createSocket("udp4");
      held.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(0, "127.0.0.1", () => resolve());
      });
      const { port } = socket.address();
      if (await tcpPortFree(port)) ports.push(port);
    }
  } finally {
    for (const socket of held) socket.close();
  }
  if (ports.length < count) throw new Error(`could not find ${count} free ports on 127.0.0.1`);
  return ports;
}

function tcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function spawnBounded(command: string, args: readonly string[], limitMs: number, cwd: string): Promise<{ exitCode: number | null; stderr: string }> {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], cwd });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  return { exitCode: await killAfter(child, closed, limitMs), stderr };
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}
