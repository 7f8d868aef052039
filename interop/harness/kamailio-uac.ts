/**
 * Kamailio's `uac` module as a registrant (Debian package, installed by `npm run peers:install`):
 * the engine benchmark's same-run reference. It runs fixtures/kamailio/uac-registrant.cfg with the
 * accounts in a db_text `uacreg` table, on 127.0.0.1 only, with registration switched off until
 * `begin()`, so that its start-up (forking, loading the table) is not part of what is measured.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startKamailio } from "./kamailio.js";
import { stopChild } from "./stop-child.js";

const KAMCMD = existsSync("/usr/sbin/kamcmd") ? "/usr/sbin/kamcmd" : "kamcmd";
const CONFIG = fileURLToPath(new URL("../../fixtures/kamailio/uac-registrant.cfg", import.meta.url));
const STOP_LIMIT_MS = 10_000;
const execFileAsync = promisify(execFile);

/** One account of the `uacreg` table. */
export interface UacAccount {
  /** The user part of its Contact (`sip:<user>@<contact address>`) and the table's key. */
  readonly user: string;
  readonly password: string;
  /** Seconds after `begin()` before its first REGISTER (the table's reg_delay). */
  readonly delaySec: number;
}

export interface UacRegistrantOptions {
  /** Its own directory is made in here. */
  readonly workDir: string;
  /** Listens (and sends from) udp:127.0.0.1:<port>. */
  readonly port: number;
  /** Where it registers: host:port of the registrar, also the R-URI's and To's domain. */
  readonly registrar: string;
  readonly realm: string;
  readonly expirySec: number;
  readonly accounts: readonly UacAccount[];
}

export interface UacRegistrant {
  /** The main process; the workers and timer processes are its children. */
  readonly pid: number;
  /** Reloads the table (each record's delay counts from now) and switches registration on. */
  begin(): Promise<void>;
  stop(): Promise<void>;
}

/** db_text separates columns with `:`, so a colon in a value is escaped. */
const field = (value: string): string => value.replace(/\\/g, "\\\\").replace(/:/g, "\\:");

/**
 * The `uacreg` table (schema version 5, Kamailio 5.6): local and remote user are the same, the
 * registrar is reached through auth_proxy, reg_delay sets each record's first REGISTER.
 */
export function uacregTable(options: Pick<UacRegistrantOptions, "registrar" | "realm" | "expirySec" | "accounts">): string {
  const header =
    "id(int,auto) l_uuid(string) l_username(string) l_domain(string) r_username(string) r_domain(string) realm(string) " +
    "auth_username(string) auth_password(string) auth_ha1(string,null) auth_proxy(string) expires(int) flags(int) reg_delay(int) " +
    "contact_addr(string,null) socket(string,null)";
  const proxy = field(`sip:${options.registrar}`);
  const domain = field(options.registrar);
  const rows = options.accounts.map(({ user, password, delaySec }, i) =>
    [i + 1, user, user, domain, user, domain, options.realm, user, field(password), "", proxy, options.expirySec, 0, delaySec, "", ""].join(":"),
  );
  return [header, ...rows, ""].join("\n");
}

async function kamcmd(control: string, ...args: string[]): Promise<void> {
  await execFileAsync(KAMCMD, ["-s", control, ...args], { encoding: "utf8", timeout: STOP_LIMIT_MS }).catch((error: unknown) => {
    const failed = error as Error & { stderr?: string };
    throw new Error(`kamcmd ${args.join(" ")} failed: ${(failed.stderr ?? "").trim() || failed.message}`);
  });
}

export async function startKamailioUac(options: UacRegistrantOptions): Promise<UacRegistrant> {
  const dir = join(options.workDir, `kamailio-uac-${options.port}`);
  await mkdir(join(dir, "db"), { recursive: true });
  await writeFile(join(dir, "db", "uacreg"), uacregTable(options));
  await writeFile(join(dir, "db", "version"), "table_name(string) table_version(int)\nuacreg:5\n");
  const control = `unix:${join(dir, "ctl")}`;
  const args = [
    // Shared memory of 256 MiB: a reload keeps the old table until the next one, so the records
    // are there twice, which the default 64 MiB does not hold at 20,000 rows.
    "-f", CONFIG, "-DD", "-E", "-w", dir, "-m", "256",
    "-l", `udp:127.0.0.1:${options.port}`,
    "-A", `UACREG_DB_URL="text://${join(dir, "db")}"`,
    "-A", `CONTACT_ADDR="127.0.0.1:${options.port}"`,
    "-A", `CTL_SOCKET="${control}"`,
  ];
  const { child, pid, exited, stderr } = await startKamailio(args, options.port, "kamailio uac");
  return {
    pid,
    async begin() {
      try {
        await kamcmd(control, "uac.reg_reload");
        await kamcmd(control, "uac.reg_active", "1");
      } catch (error) {
        throw new Error(`${(error as Error).message}; kamailio printed: ${stderr().trim()}`);
      }
    },
    stop: () => stopChild(child, exited, STOP_LIMIT_MS),
  };
}
