/**
 * Fails a scenario in which the engine logged an error. The engine catches a step that throws and
 * only logs it, so that one broken record never stops the others; in the suite such a step is a
 * bug, and without this hook it would pass unseen unless a later assertion happened to notice.
 */
import type { RegistrantWorld } from "./world.js";

/** Throws when the engine logged an error during the scenario. */
export function checkNoEngineErrors(world: RegistrantWorld): void {
  const errors = world.logger.lines.filter((line) => line.level === "error");
  if (errors.length > 0) {
    throw new Error(`the engine logged ${errors.length} error(s):\n${errors.map((e) => `${e.msg} ${JSON.stringify(e.ctx)}`).join("\n")}`);
  }
}
