import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../random.js";
import type { SocketName } from "../../transport/index.js";
import { newDialogIds } from "./dialog-id.js";
import { RecordError } from "./errors.js";
import { validateModuleParams } from "./module-params.js";
import {
  createRuntime,
  inheritRegistration,
  sameRecordId,
  validateRow,
  type RecordValidation,
  type RegistrantRow,
} from "./record.js";

const params = validateModuleParams({ timer_interval: 100, hash_size: 1 }, "test");
const sockets = ["udp:10.0.0.5:5060", "tcp:10.0.0.5:5060", "tls:10.0.0.5:5061"];
const validation: RecordValidation = {
  params,
  socketExists: (s: SocketName) => sockets.includes(`${s.protocol}:${s.host}:${s.port}`),
};
const base: RegistrantRow = {
  aor: "sip:alice@example.com",
  contact: "sip:alice@10.0.0.5:5060",
  registrar: "sip:registrar.example.com",
  password: "s3cret-Pa55",
  username: "alice",
  expiry: 3600,
};

function rejects(change: Partial<RegistrantRow>, message: string | RegExp): void {
  assert.throws(
    () => validateRow({ ...base, ...change }, validation),
    (e: unknown) => {
      assert.ok(e instanceof RecordError, String(e));
      assert.equal(e.code, "registrant_record_invalid");
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      assert.ok(!e.message.includes("s3cret-Pa55"), "D16: no password in errors");
      return true;
    },
  );
}

describe("record validation (spec §2.1, D2, D8, D19, D22)", () => {
  it("§2.1 a valid row: identity triple as configured, defaults for the optional fields, bucket by core_hash", () => {
    const config = validateRow(base, validation);
    assert.deepEqual(config, {
      aor: "sip:alice@example.com",
      contact: "sip:alice@10.0.0.5:5060",
      registrar: "sip:registrar.example.com",
      registrarUri: "sip:registrar.example.com",
      proxy: null,
      thirdPartyRegistrant: null,
      username: "alice",
      password: "s3cret-Pa55",
      bindingParams: "",
      expirySec: 3600,
      forcedSocket: null,
      shtagName: null,
      clusterId: 0,
      enabled: true,
      uniqueBinding: false,
      bucket: 1,
    });
  });

  it("§2.1 aor, contact and registrar are mandatory", () => {
    rejects({ aor: null }, "aor: is mandatory");
    rejects({ contact: "" }, "contact: is mandatory");
    rejects({ registrar: null }, "registrar: is mandatory");
  });

  it("§2.1 URIs must parse, and the reason says why", () => {
    rejects({ aor: "alice@example.com" }, /^aor: not a valid URI \(.+\)$/);
    rejects({ contact: "sip:" }, /^contact: not a valid URI \(.*host.*\)$/);
    rejects({ third_party_registrant: "mailto:x@y" }, "third_party_registrant: URI scheme 'mailto:' is not supported (sip, sips, tel, tels, urn:service)");
  });

  it("§2.1 tel, tels and urn:service AORs are accepted", () => {
    for (const aor of ["tel:+15551234", "tels:+15551234", "urn:service:sos"]) {
      assert.equal(validateRow({ ...base, aor }, validation).aor, aor);
    }
  });

  it("§2.1 registrar and proxy must not have a user part", () => {
    rejects({ registrar: "sip:u@registrar.example.com" }, "registrar: URI must not have a user part");
    rejects({ proxy: "sip:u@proxy.example.com" }, "proxy: URI must not have a user part");
    rejects({ registrar: "tel:+1555" }, "registrar: must be a sip: or sips: URI");
  });

  it("§6.1 a registrar written as a name-addr is used by its bare URI; identity keeps the text", () => {
    const config = validateRow({ ...base, registrar: "<sip:registrar.example.com;transport=tcp>" }, validation);
    assert.equal(config.registrar, "<sip:registrar.example.com;transport=tcp>");
    assert.equal(config.registrarUri, "sip:registrar.example.com;transport=tcp");
  });

  it("D2 / Q2 an empty expiry takes default_expires", () => {
    assert.equal(validateRow({ ...base, expiry: null }, validation).expirySec, 3600);
    assert.equal(validateRow({ ...base, expiry: "" }, validation).expirySec, 3600);
    const small = validateModuleParams({ timer_interval: 4000, hash_size: 1 }, "t");
    assert.throws(
      () => validateRow({ ...base, expiry: null }, { ...validation, params: small }),
      /^RecordError: expiry: 3600 \(default_expires, used for an empty expiry\) must be greater than timer_interval 4000$/,
    );
  });

  it("D2 expiry <= T is rejected; D12 negative and non-integer expiry too", () => {
    rejects({ expiry: 100 }, "expiry: 100 must be greater than timer_interval 100");
    rejects({ expiry: -5 }, "expiry: must not be negative, got -5");
    rejects({ expiry: "12a" }, 'expiry: must be a whole number of seconds, got "12a"');
    assert.equal(validateRow({ ...base, expiry: "101" }, validation).expirySec, 101);
  });

  it("D8 binding params must start with ';' and parse as header params", () => {
    rejects({ binding_params: "reg-id=1" }, "binding_params: must start with ';'");
    rejects({ binding_params: ";a=b;=c" }, /^binding_params: must parse as SIP header parameters \(.+\)$/);
    rejects({ binding_params: ";a=b>;c" }, /^binding_params: must parse as SIP header parameters \(.+\)$/);
    rejects({ binding_params: ";a=b,<sip:x>" }, /^binding_params: must parse as SIP header parameters \(.+\)$/);
    rejects({ binding_params: ";expires=60" }, "binding_params: must not set expires (the registrant writes it from the expiry)");
    assert.equal(validateRow({ ...base, binding_params: ";q=0.5;lr" }, validation).bindingParams, ";q=0.5;lr");
  });

  it("D8 / Q6 unique binding needs both reg-id and +sip.instance, by their exact names", () => {
    const flag = (binding_params: string) => validateRow({ ...base, binding_params }, validation).uniqueBinding;
    assert.equal(flag(';reg-id=1;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"'), true);
    assert.equal(flag(";reg-id=1"), false);
    assert.equal(flag(';+sip.instance="<urn:uuid:1>"'), false);
    assert.equal(flag(';reg-idx=1;+sip.instances="<urn:uuid:1>"'), false, "no prefix match (Q6)");
  });

  it("D8 / Q6 the flag is per row: one row's params never affect the next", () => {
    validateRow({ ...base, binding_params: ';reg-id=1;+sip.instance="<urn:x>"' }, validation);
    assert.equal(validateRow({ ...base, binding_params: ";q=1" }, validation).uniqueBinding, false);
  });

  it("D19 forced socket: proto:host:port of a listening socket fitting the next hop's transport", () => {
    assert.equal(validateRow({ ...base, forced_socket: "UDP:10.0.0.5:5060" }, validation).forcedSocket, "udp:10.0.0.5:5060");
    rejects({ forced_socket: "10.0.0.5:5060" }, /^forced_socket: socket name "10\.0\.0\.5:5060": .*proto:host:port/);
    rejects({ forced_socket: "udp:10.0.0.9:5060" }, "forced_socket: no listening socket udp:10.0.0.9:5060");
    rejects({ forced_socket: "tcp:10.0.0.5:5060" }, "forced_socket: tcp:10.0.0.5:5060 is tcp but the next hop needs udp");
  });

  it("D19 the next hop's transport comes from the proxy if set, else the registrar: ;transport=, sips -> tls", () => {
    const tcpProxy = { forced_socket: "tcp:10.0.0.5:5060", proxy: "sip:proxy.example.com;transport=tcp" };
    assert.equal(validateRow({ ...base, ...tcpProxy }, validation).forcedSocket, "tcp:10.0.0.5:5060");
    const sips = { registrar: "sips:registrar.example.com", forced_socket: "tls:10.0.0.5:5061" };
    assert.equal(validateRow({ ...base, ...sips }, validation).forcedSocket, "tls:10.0.0.5:5061");
    rejects({ registrar: "sip:registrar.example.com;transport=sctp", forced_socket: "udp:10.0.0.5:5060" }, /^forced_socket: the next hop cannot be reached: .*sctp.* not supported/);
  });

  it("D22 / §12 cluster_shtag is name/cluster_id, trimmed; a bad id rejects this row only", () => {
    const config = validateRow({ ...base, cluster_shtag: " vip / 7 " }, validation);
    assert.deepEqual([config.shtagName, config.clusterId], ["vip", 7]);
    rejects({ cluster_shtag: "vip" }, "cluster_shtag: must be name/cluster_id");
    rejects({ cluster_shtag: "vip/x1" }, 'cluster_shtag: cluster id "x1" is not a number');
    assert.equal(validateRow(base, validation).enabled, true, "the next row still loads");
  });

  it("§2.1 state column: 0 enabled, anything else disabled", () => {
    assert.equal(validateRow({ ...base, state: 0 }, validation).enabled, true);
    assert.equal(validateRow({ ...base, state: 1 }, validation).enabled, false);
    assert.equal(validateRow({ ...base, state: "7" }, validation).enabled, false);
    rejects({ state: "off" }, 'state: must be an integer, got "off"');
  });

  it("§2.1 username with control characters cannot be written in Authorization", () => {
    rejects({ username: "ali\r\nce" }, "username: must not contain control characters");
  });
});

describe("record identity and runtime (D3, §2.1, §6.2)", () => {
  it("D3 identity is the full triple", () => {
    const a = validateRow(base, validation);
    assert.equal(sameRecordId(a, validateRow({ ...base, password: "other" }, validation)), true);
    assert.equal(sameRecordId(a, validateRow({ ...base, aor: "sip:bob@example.com" }, validation)), false);
    assert.equal(sameRecordId(a, validateRow({ ...base, registrar: "sip:REGISTRAR.example.com" }, validation)), false);
  });

  it("§2.1 a new runtime: NOT_REGISTERED, CSeq 0, TO 0, E = W = expiry, 27-hex Call-ID and 5-hex tag", () => {
    const config = validateRow({ ...base, state: 1 }, validation);
    const runtime = createRuntime(config, seededRandom(1), 1_700_000_000);
    assert.match(runtime.callId, /^[0-9a-f]{27}$/);
    assert.match(runtime.fromTag, /^[0-9a-f]{5}$/);
    assert.deepEqual({ ...runtime, callId: "", fromTag: "" }, {
      state: "NOT_REGISTERED_STATE",
      enabled: false,
      callId: "",
      fromTag: "",
      cseq: 0,
      lastRegisterSentSec: 0,
      timeoutSec: 0,
      expiresSec: 3600,
      wantedExpiresSec: 3600,
      generation: 0,
      inFlight: null,
      nonceCount: null,
      answeredNonce: null,
      rechallenged: false,
      intervalTooBriefCount: 0,
      cleanupCount: 0,
    });
  });

  it("§6.2 Call-ID/tag = MD5(trim(aor) + rand + unix time) split 27 + 5", () => {
    const fixed = { uint32: () => 12345, fraction: () => 0, hex: () => "", child: () => fixed };
    // md5("sip:alice@example.com" + "12345" + "1700000000")
    const ids = newDialogIds(" sip:alice@example.com ", fixed, 1_700_000_000);
    const expected = "b93548b37f582885266cef4db1c4950e";
    assert.equal(ids.callId + ids.fromTag, expected);
    assert.equal(ids.callId.length, 27);
  });

  it("§2.1 / PR #2375 two records of one AOR created in the same second get different Call-IDs", () => {
    const random = seededRandom(7);
    assert.notEqual(newDialogIds("sip:a@b", random, 5).callId, newDialogIds("sip:a@b", random, 5).callId);
  });

  it("D3 / §9.3 inheritance keeps dialog and schedule, not the new row's E and W", () => {
    const config = validateRow(base, validation);
    const registered = {
      ...createRuntime(config, seededRandom(1), 10),
      state: "REGISTERED_STATE" as const,
      cseq: 7,
      timeoutSec: 4500,
      lastRegisterSentSec: 900,
      expiresSec: 600,
    };
    const inherited = inheritRegistration(validateRow({ ...base, expiry: 7200 }, validation), registered);
    assert.equal(inherited.state, "REGISTERED_STATE");
    assert.deepEqual(
      [inherited.callId, inherited.fromTag, inherited.cseq, inherited.timeoutSec, inherited.lastRegisterSentSec],
      [registered.callId, registered.fromTag, 7, 4500, 900],
    );
    assert.equal(inherited.expiresSec, 7200);
  });
});
