/**
 * A Kamailio registrar (Debian package, installed by `npm run peers:install`): a registrar we did
 * not write, for the engine's interop test and as the simulator benchmark's reference. It runs
 * fixtures/kamailio/registrar-digest.cfg with the users in a db_text table, on 127.0.0.1 only,
 * with its control socket in its work directory so that `kamcmd ul.dump` can read its bindings.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { systemClock } from "../../engine/index.js";
import { stopChild } from "./stop-child.js";

/** Debian installs them in /usr/sbin, which is not on every user's PATH. */
const KAMAILIO = existsSync("/usr/sbin/kamailio") ? "/usr/sbin/kamailio" : "kamailio";
const KAMCMD = existsSync("/usr/sbin/kamcmd") ? "/usr/sbin/kamcmd" : "kamcmd";
const CONFIG = fileURLToPath(new URL("../../fixtures/kamailio/registrar-digest.cfg", import.meta.url));
const START_LIMIT_MS = 10_000;
const STOP_LIMIT_MS = 10_000;
const PROBE_EVERY_MS = 200;
const execFileAsync = promisify(execFile);

export interface KamailioRegistrar {
  /** The main process; the workers are its children. */
  readonly pid: number;
  /** The location table now, from `kamcmd ul.dump`. */
  bindings(): Promise<KamailioBinding[]>;
  stop(): Promise<void>;
}

/** One contact of the location table. The AoR is the user part: the table ignores domains. */
export interface KamailioBinding {
  readonly aor: string;
  readonly address: string;
  readonly expires: number;
  readonly callId: string;
  readonly cseq: number;
}

/** `5.6.3` as `kamailio -v` prints it, or null when Kamailio is not installed. */
export function kamailioVersion(): string | null {
  const run = spawnSync(KAMAILIO, ["-v"], { encoding: "utf8" });
  if (run.error !== undefined) return null;
  return /kamailio (\d[\w.-]*)/.exec(run.stdout)?.[1] ?? "unknown version";
}

/** htable's table layout in db_text: one row per user, the password as a string value. */
function usersTable(users: readonly { user: string; password: string }[]): string {
  const header = "id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)";
  return [header, ...users.map(({ user, password }, i) => `${i + 1}:${user}:0:0:${password}:0`), ""].join("\n");
}

export interface KamailioOptions {
  /** Its own directory is made in here. */
  readonly workDir: string;
  /** Listens on 127.0.0.1 at this port over UDP, and over TCP too when `tcp` is set. */
  readonly port: number;
  readonly tcp?: boolean;
  /** false: no digest at all, every REGISTER goes straight to the location table. Default true. */
  readonly authentication?: boolean;
  readonly realm: string;
  readonly users: readonly { user: string; password: string }[];
}

export async function startKamailioRegistrar(options: KamailioOptions): Promise<KamailioRegistrar> {
  const dir = join(options.workDir, "kamailio");
  await mkdir(join(dir, "db"), { recursive: true });
  await writeFile(join(dir, "db", "users"), usersTable(options.users));
  await writeFile(join(dir, "db", "version"), "table_name(string) table_version(int)\nusers:2\n");
  const control = `unix:${join(dir, "ctl")}`;
  const args = [
    "-f", CONFIG, "-DD", "-E", "-w", dir,
    "-l", `udp:127.0.0.1:${options.port}`,
    ...(options.tcp === true ? ["-l", `tcp:127.0.0.1:${options.port}`, "-A", "WITH_TCP"] : []),
    ...(options.authentication === false ? ["-A", "WITHOUT_AUTH"] : []),
    "-A", `USERS_DB_URL="text://${join(dir, "db")}"`,
    "-A", `REALM="${options.realm}"`,
    "-A", `CTL_SOCKET="${control}"`,
  ];
  const { child, pid, exited } = await startKamailio(args, options.port, "kamailio");
  return {
    pid,
    async bindings() {
      // Asynchronous: a blocking call would stall the engine's sockets in this process while it waits.
      const dump = await execFileAsync(KAMCMD, ["-s", control, "ul.dump"], { encoding: "utf8", timeout: STOP_LIMIT_MS }).catch((error: unknown) => {
        const failed = error as Error & { code?: unknown; stderr?: string };
        // A non-zero exit says why on stderr; anything else (not found, timed out) in the message.
        throw new Error(`kamcmd ul.dump failed: ${typeof failed.code === "number" ? (failed.stderr ?? "").trim() : failed.message}`);
      });
      return parseLocationDump(dump.stdout);
    },
    stop: () => stopChild(child, exited, STOP_LIMIT_MS),
  };
}

/** A running Kamailio: its process, and what it printed last (for error messages). */
export interface KamailioProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  stderr(): string;
}

/**
 * Starts Kamailio with `args` and resolves once it answers an OPTIONS on `port`; otherwise kills
 * it and rejects with what it printed. The process is killed when this one exits, so its workers
 * never outlive an interrupted test or bench.
 */
export async function startKamailio(args: readonly string[], port: number, what: string): Promise<KamailioProcess> {
  const child = spawn(KAMAILIO, args, { stdio: ["ignore", "ignore", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${what} did not start`);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (): void => void child.kill();
  process.once("exit", kill);
  void exited.then(() => process.off("exit", kill));
  try {
    await answersOptions(port, exited);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${what}: ${(error as Error).message}; it printed: ${stderr.trim()}`);
  }
  return { child, pid, exited, stderr: () => stderr };
}

/** Resolves once the registrar answers an OPTIONS on the port; rejects if it exits or stays silent. */
async function answersOptions(port: number, exited: Promise<void>): Promise<void> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const local = socket.address().port;
  const options = (n: number): string =>
    [
      "OPTIONS sip:probe@127.0.0.1 SIP/2.0",
      `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-probe-${n}`,
      "Max-Forwards: 70",
      "From: <sip:probe@127.0.0.1>;tag=probe",
      "To: <sip:probe@127.0.0.1>",
      "Call-ID: uacreg-bench-probe",
      `CSeq: ${n} OPTIONS`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
  try {
    await new Promise<void>((resolve, reject) => {
      let sent = 0;
      let timer = systemClock.setTimeout(probe, 0);
      function probe(): void {
        if (sent * PROBE_EVERY_MS >= START_LIMIT_MS) return finish(new Error(`no answer to OPTIONS on port ${port} within ${START_LIMIT_MS} ms`));
        socket.send(options(++sent), port, "127.0.0.1");
        timer = systemClock.setTimeout(probe, PROBE_EVERY_MS);
      }
      function finish(error?: Error): void {
        systemClock.clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      }
      socket.once("message", () => finish());
      void exited.then(() => finish(new Error("it exited before it answered")));
    });
  } finally {
    socket.close();
  }
}

/**
 * The contacts of `kamcmd ul.dump`'s indented text: each `Contact: {` block below an `AoR:`
 * line. Only the fields KamailioBinding names are read.
 */
export function parseLocationDump(text: string): KamailioBinding[] {
  const bindings: KamailioBinding[] = [];
  let aor: string | null = null;
  let contact: Map<string, string> | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const field = /^([\w-]+): (.*)$/.exec(line);
    if (field?.[1] === "AoR") aor = field[2] ?? null;
    else if (line === "Contact: {") contact = new Map();
    else if (contact !== null && field !== null) contact.set(field[1] ?? "", field[2] ?? "");
    else if (contact !== null && line === "}") {
      if (aor === null) throw new Error("kamcmd ul.dump: a contact before any AoR");
      bindings.push({
        aor,
        address: contact.get("Address") ?? "",
        expires: Number(contact.get("Expires")),
        callId: contact.get("Call-ID") ?? "",
        cseq: Number(contact.get("CSeq")),
      });
      contact = null;
    }
  }
  return bindings;
}
