/**
 * A reload keeps the configuration of a row that is unchanged instead of validating it anew
 * (rowGivesConfig). That shortcut must agree with validation wherever it answers yes: the
 * property below pairs a configuration validated from one generated row with that row changed in
 * up to two columns, and whenever the shortcut says "the same", validating the second row must give exactly
 * that configuration. The examples show it says no to every change and to spellings it leaves
 * to validation.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { SocketName } from "../../transport/index.js";
import { RecordError } from "./errors.js";
import { validateModuleParams } from "./module-params.js";
import { rowGivesConfig, validateRow, type RecordValidation, type RegistrantConfig, type RegistrantRow } from "./record.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? "") || 10_000;
const params = validateModuleParams({ timer_interval: 100, hash_size: 2, default_expires: 3600 }, "test");
const validation: RecordValidation = {
  params,
  socketExists: (s: SocketName) => `${s.protocol}:${s.host}:${s.port}` === "udp:10.0.0.5:5060",
};
const base: RegistrantRow = {
  aor: "sip:alice@example.com",
  contact: "sip:alice@10.0.0.5:5060",
  registrar: "sip:registrar.example.com",
  username: "alice",
  password: "s3cret",
  expiry: 3600,
};

function validated(row: RegistrantRow): RegistrantConfig | null {
  try {
    return validateRow(row, validation);
  } catch (error) {
    if (error instanceof RecordError) return null;
    throw error;
  }
}

const empty = [null, undefined, ""] as const;
/** Mostly values that validate (so that rows often do), sometimes ones that do not. */
function column<T>(valid: readonly T[], invalid: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 6 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
}
const row: fc.Arbitrary<RegistrantRow> = fc.record({
  aor: column(["sip:alice@example.com", "sip:bob@example.com", "sip:alice@Example.com", "tel:+15551234"], [...empty, "mailto:alice@example.com"]),
  contact: column(["sip:alice@10.0.0.5:5060", "sip:alice@10.0.0.5"], [...empty, "sip:alice@[::1"]),
  registrar: column(["sip:registrar.example.com", "<sip:registrar.example.com>", "sip:registrar.example.com;transport=tcp"], [...empty, "sip:user@registrar.example.com"]),
  proxy: column([...empty, "sip:proxy.example.com", "sip:proxy.example.com;transport=tcp"], ["tel:+1"]),
  third_party_registrant: column([...empty, "sip:office@example.com"], ["http://x"]),
  username: column([...empty, "alice", "bob"], ["al\u0001ice"]),
  password: fc.constantFrom(...empty, "s3cret", "other"),
  binding_params: column([...empty, ";reg-id=1;+sip.instance=\"<urn:uuid:1>\"", ";a=b"], [";expires=60", "reg-id=1"]),
  expiry: column([...empty, 3600, 7200, "3600", " 3600 ", "7200"], [100, 50, -1, 3600.5, "x"]),
  forced_socket: column([...empty, "udp:10.0.0.5:5060", "UDP:10.0.0.5:5060"], ["tcp:10.0.0.5:5060", "nonsense"]),
  cluster_shtag: column([...empty, "tag/1", " tag / 1 ", "/1"], ["tag"]),
  state: column([...empty, 0, 1, 2, "0", "1"], ["x"]),
}, { requiredKeys: ["aor", "contact", "registrar"] });

const FIELDS: readonly (keyof RegistrantRow)[] = [
  "aor", "contact", "registrar", "proxy", "third_party_registrant", "username",
  "password", "binding_params", "expiry", "forced_socket", "cluster_shtag", "state",
];

describe("reload keeps an unchanged row's configuration (D3, rowGivesConfig)", () => {
  it("wherever it says a row gives a configuration, validating that row gives exactly that configuration", () => {
    let agreed = 0;
    fc.assert(
      fc.property(row, row, fc.subarray(FIELDS, { maxLength: 2 }), (first, other, changed) => {
        // Mostly the first row again, with up to two columns taken from the other (and often the same value).
        const second: RegistrantRow = { ...first, ...Object.fromEntries(changed.map((field) => [field, other[field]])) };
        const config = validated(first);
        if (config === null || !rowGivesConfig(second, config, params)) return;
        agreed += 1;
        assert.deepEqual(validateRow(second, validation), config);
      }),
      { numRuns: RUNS },
    );
    assert.ok(agreed > 0, "the generated rows never took the shortcut, so the property checked nothing");
  });

  it("says yes to the row the configuration was validated from, and to the same values spelled as empty or default", () => {
    const config = validateRow(base, validation);
    assert.equal(rowGivesConfig(base, config, params), true);
    assert.equal(rowGivesConfig({ ...base, proxy: "", binding_params: null, expiry: null, state: 0, forced_socket: "" }, config, params), true);
    assert.equal(rowGivesConfig({ ...base, state: 1 }, validateRow({ ...base, state: 7 }, validation), params), true);
  });

  it("says no to a change in any column", () => {
    const config = validateRow(base, validation);
    const changes: Partial<RegistrantRow>[] = [
      { aor: "sip:bob@example.com" },
      { contact: "sip:alice@10.0.0.6" },
      { registrar: "sip:other.example.com" },
      { proxy: "sip:proxy.example.com" },
      { third_party_registrant: "sip:office@example.com" },
      { username: "bob" },
      { password: "other" },
      { binding_params: ";a=b" },
      { expiry: 7200 },
      { expiry: null, password: "s3cret" },
      { state: 1 },
    ];
    const configDefault = validateRow({ ...base, expiry: 7200 }, validation);
    for (const change of changes.slice(0, -2)) assert.equal(rowGivesConfig({ ...base, ...change }, config, params), false, JSON.stringify(change));
    assert.equal(rowGivesConfig({ ...base, expiry: null }, configDefault, params), false, "an empty expiry is default_expires 3600, not 7200");
    assert.equal(rowGivesConfig({ ...base, state: 1 }, config, params), false);
  });

  it("leaves text numbers, forced sockets and sharing tags to validation", () => {
    const config = validateRow(base, validation);
    assert.equal(rowGivesConfig({ ...base, expiry: "3600" }, config, params), false);
    assert.equal(rowGivesConfig({ ...base, state: "0" }, config, params), false);
    const forced = validateRow({ ...base, forced_socket: "udp:10.0.0.5:5060" }, validation);
    assert.equal(rowGivesConfig({ ...base, forced_socket: "udp:10.0.0.5:5060" }, forced, params), false);
    const tagged = validateRow({ ...base, cluster_shtag: "tag/1" }, validation);
    assert.equal(rowGivesConfig({ ...base, cluster_shtag: "tag/1" }, tagged, params), false);
  });
});
