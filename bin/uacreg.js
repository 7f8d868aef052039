#!/usr/bin/env node
// The installed command: the CLI is TypeScript, so tsx's loader is registered before importing it.
import { register } from "tsx/esm/api";

register();
await import("../cli/uacreg.ts");
