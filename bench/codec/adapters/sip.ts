import { createRequire } from "node:module";
import { packageLabel, type Adapter } from "../adapter.js";
import { required } from "../normalized.js";
import { extractFamily, type FamilyMessage, type FamilyParseUri } from "./sip-family.js";

const require = createRequire(import.meta.url);
// `sip` is untyped CommonJS: its parse result is declared in sip-family.ts.
const sip = require("sip") as {
  parse(data: Buffer): FamilyMessage | undefined;
  parseUri: FamilyParseUri;
  stringify(message: FamilyMessage): string;
};

const parse = (bytes: Buffer): FamilyMessage => required(sip.parse(bytes), "message (parse failed)");

export const sipAdapter: Adapter = {
  name: packageLabel("sip"),
  extract: (bytes) => extractFamily(parse(bytes), sip.parseUri),
  limitations: [],
  roundTrip: {
    work: "parse + fields + serialize",
    run(bytes) {
      const message = parse(bytes);
      extractFamily(message, sip.parseUri);
      return sip.stringify(message);
    },
  },
};
