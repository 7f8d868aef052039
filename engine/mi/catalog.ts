/**
 * Every command the management interface answers, by every name it answers to, and the two
 * discovery commands: `uacreg:commands` (each command with its aliases, recipes and what it
 * does) and OpenSIPS's `which <command>` (its recipes as lists of parameter names).
 */
import { MiError } from "./errors.js";
import type { Recipe } from "./params.js";
import { REGISTRANT_COMMANDS, type MiCommand } from "./registrant-commands.js";
import { STATUS_REPORT_COMMANDS } from "./status-report-commands.js";

export interface CommandCatalog {
  /** Every command once, canonical names, in the order `uacreg:commands` lists them. */
  readonly commands: readonly MiCommand[];
  /** By every name and alias. */
  find(name: string): MiCommand | undefined;
}

const describeRecipe = (recipe: Recipe): { name: string; type: string }[] => recipe.map((spec) => ({ name: spec.name, type: spec.kind }));

/**
 * Every MI command by name and alias, plus `uacreg:commands` and `which`; the `which` command
 * throws MiError 404 (answered as a JSON-RPC error) for a command it does not know. `extra`:
 * commands of optional parts (the cluster's), listed after the registrant's; default none.
 */
export function createCatalog(extra: readonly MiCommand[] = []): CommandCatalog {
  const byName = new Map<string, MiCommand>();
  const commands: MiCommand[] = [];
  const add = (command: MiCommand): void => {
    commands.push(command);
    for (const name of [command.name, ...command.aliases]) byName.set(name, command);
  };
  for (const command of [...REGISTRANT_COMMANDS, ...STATUS_REPORT_COMMANDS, ...extra]) add(command);
  add({
    name: "uacreg:commands",
    aliases: [],
    description: "every command with its aliases and parameter lists",
    recipes: [[]],
    run: () => ({
      Commands: commands.map((command) => ({
        name: command.name,
        aliases: command.aliases,
        description: command.description,
        recipes: command.recipes.map(describeRecipe),
      })),
    }),
  });
  add({
    name: "which",
    aliases: [],
    description: "the parameter lists a command accepts",
    recipes: [[{ name: "command", kind: "string" }]],
    run: (_engine, params) => {
      const command = byName.get(String(params.command));
      if (command === undefined) throw new MiError(404, "unknown command");
      return command.recipes.map((recipe) => recipe.map((spec) => spec.name));
    },
  });
  return { commands, find: (name) => byName.get(name) };
}
