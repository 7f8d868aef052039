/**
 * Status/Report over MI for the `uac_registrant` group (spec §11), in the shapes of OpenSIPS's
 * core commands: `sr_list_status`, `sr_list_reports` and `sr_list_identifiers`. Without a group
 * they answer `[{"Group", "Identifiers": [...]}]`; with the group, its identifiers; with an
 * identifier too (matched in any case, §11), that one alone. The engine keeps the reports
 * (engine.statusReports()); `uacreg timeline` reads either form back.
 */
import { formatCtime, sameSrIdentifier, SR_GROUP, type StatusReportView } from "../registrant/index.js";
import type { MiCommand, MiEngine } from "./registrant-commands.js";
import { MiError } from "./errors.js";
import type { MatchedParams, Recipe } from "./params.js";

const GROUP: Recipe = [{ name: "group", kind: "string" }];
const GROUP_AND_IDENTIFIER: Recipe = [...GROUP, { name: "identifier", kind: "string" }];

type Shape = (view: StatusReportView) => object;

const statusOf: Shape = (view) => ({ Name: view.identifier, Readiness: view.status === 1, Status: view.status, Details: view.text });

const reportsOf: Shape = (view) => ({
  Name: view.identifier,
  Reports: view.reports.map((report) => ({ Timestamp: report.atSec, Date: formatCtime(report.atSec), Log: report.text })),
});

const nameOf: Shape = (view) => ({ Name: view.identifier });

function listing(engine: MiEngine, params: MatchedParams, shape: Shape): unknown {
  const group = params.group;
  if (group === undefined) return [{ Group: SR_GROUP, Identifiers: engine.statusReports().map(shape) }];
  if (String(group) !== SR_GROUP) throw new MiError(404, "Group not found");
  const views = engine.statusReports();
  const identifier = params.identifier;
  if (identifier === undefined) return views.map(shape);
  const view = views.find((candidate) => sameSrIdentifier(candidate.identifier, String(identifier)));
  if (view === undefined) throw new MiError(404, "Identifier not found");
  return [shape(view)];
}

export const STATUS_REPORT_COMMANDS: readonly MiCommand[] = [
  {
    name: "sr_list_status",
    aliases: [],
    description: `the status of every identifier of the ${SR_GROUP} group (1 and Readiness only when REGISTERED), or of one`,
    recipes: [[], GROUP, GROUP_AND_IDENTIFIER],
    run: (engine, params) => listing(engine, params, statusOf),
  },
  {
    name: "sr_list_reports",
    aliases: [],
    description: `the last 20 reports of every identifier of the ${SR_GROUP} group, or of one`,
    recipes: [[], GROUP, GROUP_AND_IDENTIFIER],
    run: (engine, params) => listing(engine, params, reportsOf),
  },
  {
    name: "sr_list_identifiers",
    aliases: [],
    description: `the identifiers of the ${SR_GROUP} group: aor=<AOR>;contact=<binding>;registrar=<registrar>`,
    recipes: [[], GROUP],
    run: (engine, params) => listing(engine, params, nameOf),
  },
];
