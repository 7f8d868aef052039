/** D16: checks that a secret (a password, a nonce's answer...) shows nowhere the engine speaks. */
import assert from "node:assert/strict";
import type { RegistrantWorld } from "./world.js";

/** What the engine shows of its records, as JSON text: reg_list, every status report, every event. */
export function shownRecords(world: RegistrantWorld): { readonly reg_list: string; readonly "status reports": string; readonly events: string } {
  const { engine } = world.run;
  return {
    reg_list: JSON.stringify(engine.list()),
    "status reports": JSON.stringify(engine.statusReports()),
    events: JSON.stringify(world.events),
  };
}

/** Fails when `secret` shows in any of the texts, naming where (`what` names the secret in the message). */
export function assertShowsNowhere(secret: string, texts: Readonly<Record<string, string>>, what: string): void {
  for (const [where, text] of Object.entries(texts)) assert.ok(!text.includes(secret), `the ${what} shows in the ${where}: ${text}`);
}
