import { createRequire } from "node:module";
import { packageLabel, type Adapter } from "../adapter.js";
import { required } from "../normalized.js";
import { extractFamily, type FamilyMessage, type FamilyParseUri } from "./sip-family.js";

const require = createRequire(import.meta.url);
// `drachtio-sip` is untyped CommonJS: its parse result is declared in sip-family.ts.
const { parser } = require("drachtio-sip") as {
  parser: { parseSipMessage(data: Buffer, lazy: boolean): FamilyMessage | undefined; parseUri: FamilyParseUri };
};

/**
 * Eager mode (`lazy` = false): every known header parsed once. `SipMessage`'s default lazy mode
 * joins repeated headers with commas and re-parses a header on every `getParsedHeader` call.
 */
export const drachtioAdapter: Adapter = {
  name: packageLabel("drachtio-sip"),
  extract: (bytes) =>
    extractFamily(required(parser.parseSipMessage(bytes, false), "message (parse failed)"), parser.parseUri),
  limitations: [],
};
