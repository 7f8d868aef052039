/**
 * The engine's Status/Report as OpenSIPS's `sr_list_reports uac_registrant` prints it (the JSON an
 * operator saves with opensips-cli and hands to `uacreg timeline`): the group, each identifier
 * with its reports, each report with its Unix time, its date and its text.
 */
import { formatCtime, SR_GROUP, type StatusReportView } from "../engine/registrant/index.js";

export function srListReportsJson(views: readonly StatusReportView[]): string {
  const identifiers = views.map((view) => ({
    Name: view.identifier,
    Reports: view.reports.map((report) => ({ Timestamp: report.atSec, Date: formatCtime(report.atSec), Log: report.text })),
  }));
  return JSON.stringify([{ Group: SR_GROUP, Identifiers: identifiers }]);
}
