/**
 * The seven uac_registrant commands (spec §9.2, D12, D13, D20): their recipes and what each asks
 * of the engine. The engine does the work (engine/registrant/engine.ts); this file only turns
 * matched params into its calls and its answers into MI results. Each command answers under its
 * 4.0 name `uac_registrant:<cmd>` and its legacy alias `reg_<cmd>`.
 */
import type { RecordId, RegistrantEngine, RegistrantRow } from "../registrant/index.js";
import type { MiErrorObject } from "./errors.js";
import type { MatchedParams, ParamSpec, Recipe } from "./params.js";

/** What MI needs of the engine. */
export type MiEngine = Pick<RegistrantEngine, "list" | "reload" | "enable" | "disable" | "forceRegister" | "upsert" | "delete" | "statusReports">;

export interface MiCommand {
  /** The canonical name, e.g. `uac_registrant:list`. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly recipes: readonly Recipe[];
  /**
   * What a failure that is no refusal (a bug, logged) answers instead of -32000: upsert's in-memory
   * insert failing is 503 `Failed Upsert` (§9.1).
   */
  readonly unexpectedFailure?: MiErrorObject;
  run(engine: MiEngine, params: MatchedParams): unknown;
}

const text = (name: string): ParamSpec => ({ name, kind: "string" });
const int = (name: string): ParamSpec => ({ name, kind: "int" });

/** (aor, contact, registrar): a record's identity (D3). */
export const TRIPLE: Recipe = [text("aor"), text("contact"), text("registrar")];

/** §9.2 upsert: all twelve, in this order. */
const UPSERT: Recipe = [
  ...TRIPLE,
  text("proxy"),
  text("third_party_registrant"),
  text("username"),
  text("password"),
  text("binding_params"),
  int("expiry"),
  text("forced_socket"),
  text("cluster_shtag"),
  int("state"),
];

export const OK = "OK";

function tripleOf(params: MatchedParams): RecordId {
  return { aor: String(params.aor), contact: String(params.contact), registrar: String(params.registrar) };
}

function rowOf(params: MatchedParams): RegistrantRow {
  const textOf = (name: string): string => String(params[name]);
  return {
    ...tripleOf(params),
    proxy: textOf("proxy"),
    third_party_registrant: textOf("third_party_registrant"),
    username: textOf("username"),
    password: textOf("password"),
    binding_params: textOf("binding_params"),
    expiry: params.expiry ?? null,
    forced_socket: textOf("forced_socket"),
    cluster_shtag: textOf("cluster_shtag"),
    state: params.state ?? null,
  };
}

function registrantCommand(cmd: string, description: string, recipes: readonly Recipe[], run: MiCommand["run"]): MiCommand {
  return { name: `uac_registrant:${cmd}`, aliases: [`reg_${cmd}`], description, recipes, run };
}

const hasTriple = (params: MatchedParams): boolean => Object.hasOwn(params, "aor");

export const REGISTRANT_COMMANDS: readonly MiCommand[] = [
  registrantCommand(
    "list",
    "every record (buckets in order), or the record of one (aor, contact, registrar); never its credentials",
    [[], TRIPLE],
    (engine, params) => (hasTriple(params) ? engine.list(tripleOf(params)) : engine.list()),
  ),
  registrantCommand(
    "reload",
    "reads the whole registrant table again (registered records keep their dialog), or the row of one (aor, contact, registrar)",
    [[], TRIPLE],
    async (engine, params) => {
      await (hasTriple(params) ? engine.reload(tripleOf(params)) : engine.reload());
      return OK;
    },
  ),
  registrantCommand("enable", "enables a record (registers it at once) and writes state 0 to its row", [TRIPLE], async (engine, params) => {
    await engine.enable(tripleOf(params));
    return OK;
  }),
  registrantCommand("disable", "disables a record (unREGISTERs it at once when registered) and writes state 1 to its row", [TRIPLE], async (engine, params) => {
    await engine.disable(tripleOf(params));
    return OK;
  }),
  registrantCommand("force_register", "makes the next visit of the record's bucket refresh (or retry) it", [TRIPLE], async (engine, params) => {
    await engine.forceRegister(tripleOf(params));
    return OK;
  }),
  {
    ...registrantCommand("upsert", "adds a record, or replaces the one of the same (aor, contact, registrar); memory only", [UPSERT], async (engine, params) => {
      await engine.upsert(rowOf(params));
      return OK;
    }),
    unexpectedFailure: { code: 503, message: "Failed Upsert" },
  },
  registrantCommand("delete", "removes a record from memory (unREGISTERing it when registered); no DB write", [TRIPLE], async (engine, params) => {
    await engine.delete(tripleOf(params));
    return OK;
  }),
];
