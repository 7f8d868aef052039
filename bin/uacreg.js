#!/usr/bin/env node
// The installed command: the compiled CLI when dist/ is fresh (no loader: a quieter, cheaper
// process), else the TypeScript source through tsx's loader, as bin/choose-entry.js decides.
import { fileURLToPath } from "node:url";
import { DIST_ENTRY, entryFor } from "./choose-entry.js";

const root = fileURLToPath(new URL("..", import.meta.url));
if (entryFor(root) === "dist") {
  await import(new URL(`../${DIST_ENTRY}`, import.meta.url).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/uacreg.ts");
}
