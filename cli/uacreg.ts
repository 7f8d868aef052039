/**
 * The `uacreg` command. Each subcommand lives in its own module; this file only assembles them.
 */
import { Command } from "commander";
import { dropOutputToClosedPipe } from "./closed-output.js";
import { addConfigCommand } from "./config-command.js";
import { addDbCommand } from "./db-command.js";
import { addRunCommand } from "./run-command.js";
import { addMiCommand } from "./mi-command.js";
import { addSimulateCommand } from "./simulate-command.js";
import { addTimelineCommand } from "./timeline-command.js";

dropOutputToClosedPipe(process.stdout);

const program = new Command("uacreg").description("SIP registrant engine and simulated registrar");
addMiCommand(program);
addSimulateCommand(program);
addTimelineCommand(program);
addConfigCommand(program);
addDbCommand(program);
addRunCommand(program);
await program.parseAsync(process.argv);
