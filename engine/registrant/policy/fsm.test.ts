import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../random.js";
import type { RegistrantAction, SendAction } from "./actions.js";
import { RegistrantStateError } from "./errors.js";
import { step, type FsmEnv, type FsmInput, type Transition } from "./fsm.js";
import type { RegistrantConfig, RegistrantRuntime } from "./record.js";
import { BINDING, challenge, freshRuntime, NOW_SEC, reply, testConfig, testEnv, testParams } from "../../../testkit/registrant-fixtures.js";

/** Drives one record through inputs, keeping the runtime and the actions of the last step. */
class Driver {
  runtime: RegistrantRuntime;
  last: Transition | null = null;
  readonly events: string[] = [];

  constructor(
    readonly config: RegistrantConfig = testConfig(),
    public env: FsmEnv = testEnv(),
  ) {
    this.runtime = freshRuntime(config);
  }

  feed(input: FsmInput): Transition {
    this.last = step(this.config, this.runtime, input, this.env);
    this.runtime = this.last.runtime;
    for (const action of this.last.actions) if (action.kind === "raise-event") this.events.push(action.event);
    return this.last;
  }

  visit(nowSec: number): Transition {
    return this.feed({ kind: "visit", nowSec });
  }

  answer(status: number, headers: ReadonlyArray<readonly [string, string]> = [], nowSec = NOW_SEC): Transition {
    return this.feed({ kind: "response", generation: this.runtime.generation, nowSec, response: reply(status, headers) });
  }

  get sent(): SendAction | undefined {
    return this.last?.actions.find((a): a is SendAction => a.kind === "send");
  }
}

const ok = (expires = 1800): [string, string] => ["Contact", `<${BINDING}>;expires=${expires}`];

describe("registration cycle (§3.3, §4.1, §5.4, D1, D27)", () => {
  it("C-REG-1 first visit: REGISTER, same dialog, CSeq 1, expires=W, last_register_sent", () => {
    const d = new Driver();
    const callId = d.runtime.callId;
    d.visit(NOW_SEC);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.deepEqual(d.sent, {
      kind: "send",
      request: "register",
      generation: 1,
      callId,
      fromTag: d.runtime.fromTag,
      cseq: 1,
      expiresSec: 3600,
      credentials: null,
    });
    assert.equal(d.runtime.lastRegisterSentSec, NOW_SEC);
    assert.deepEqual(d.last?.actions.slice(0, 2), [
      { kind: "raise-event", event: "E_REGISTRANT_REGISTERING" },
      { kind: "add-report", state: "REGISTERING_STATE", atSec: NOW_SEC },
    ]);
  });

  it("C-REG-2 / D1 / D27 200 granting 1800 at R: TO = R + 1800 - T; refresh at the first visit with now >= TO, same Call-ID, CSeq+1", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok(1800)], NOW_SEC + 1);
    assert.equal(d.runtime.state, "REGISTERED_STATE");
    assert.equal(d.runtime.expiresSec, 1800);
    assert.equal(d.runtime.wantedExpiresSec, 3600, "C-REG-3: W unchanged by grants");
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 1 + 1800 - 100);
    const callId = d.runtime.callId;
    assert.equal(d.visit(NOW_SEC + 1700).row?.id, "visit-not-due");
    d.visit(NOW_SEC + 1701);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.equal(d.sent?.callId, callId);
    assert.equal(d.sent?.cseq, 2);
    assert.equal(d.sent?.expiresSec, 3600);
  });

  it("D1 reregister_expiry_percentage: P=90, E=3600 -> TO = R + 3240 - T", () => {
    const d = new Driver(testConfig(), testEnv({ params: testParams({ reregister_expiry_percentage: 90 }) }));
    d.visit(NOW_SEC);
    d.answer(200, [["Contact", `<${BINDING}>`]], NOW_SEC);
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 3240 - 100);
  });

  it("D6 / Q10 any 2xx is success (202 Accepted)", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(202, [ok(600)]);
    assert.equal(d.runtime.state, "REGISTERED_STATE");
    assert.equal(d.runtime.expiresSec, 600);
  });

  it("§4.1 a grant <= T warns (refreshes at every visit)", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok(60)]);
    assert.equal(d.runtime.state, "REGISTERED_STATE");
    assert.ok(d.last?.actions.some((a) => a.kind === "warning" && a.code === "granted_expiry_short"));
  });

  it("D17 a 200 listing our contact with expires=0 is REGISTRAR_ERROR with TO as D5", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok(0)]);
    assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE");
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 3600 - 100);
  });
});

describe("digest (§5.2, D9, D10, C-AUTH, C-EV-1)", () => {
  it("C-AUTH-1 / C-EV-1 401 -> AUTHENTICATING with Authorization, same Call-ID, CSeq+1; 200 -> REGISTERED", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(401, [challenge("n1")]);
    assert.equal(d.runtime.state, "AUTHENTICATING_STATE");
    assert.equal(d.sent?.cseq, 2);
    assert.equal(d.sent?.credentials?.header, "Authorization");
    assert.match(d.sent?.credentials?.value ?? "", /^Digest username="alice", realm="example\.com", nonce="n1", uri="sip:registrar\.example\.com", qop=auth, nc=00000001, cnonce="[0-9a-f]{32}", response="[0-9a-f]{32}", algorithm=MD5$/);
    assert.doesNotMatch(JSON.stringify(d.last), /secret/, "D16");
    d.answer(200, [ok()]);
    assert.deepEqual(d.events, ["E_REGISTRANT_REGISTERING", "E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_REGISTERED"]);
  });

  it("C-AUTH-2 407 -> Proxy-Authorization", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(407, [["Proxy-Authenticate", 'Digest realm="proxy", nonce="p1"']]);
    assert.equal(d.sent?.credentials?.header, "Proxy-Authorization");
    assert.match(d.sent?.credentials?.value ?? "", /realm="proxy", nonce="p1"/);
  });

  it("D10 a registrar that repeats its nonce: WRONG_CREDENTIALS after two challenges", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(401, [challenge("same")]);
    d.answer(401, [challenge("same")]);
    assert.equal(d.runtime.state, "WRONG_CREDENTIALS_STATE");
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 3600 - 100);
  });

  it("D10 a fresh nonce on every challenge: one more try (event + SR again, CSeq+1, nc 1), then WRONG_CREDENTIALS at the third", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(401, [challenge("n1")]);
    d.answer(401, [challenge("n2")]);
    assert.equal(d.runtime.state, "AUTHENTICATING_STATE");
    assert.equal(d.last?.row?.id, "auth-register-new-challenge");
    assert.equal(d.sent?.cseq, 3);
    assert.match(d.sent?.credentials?.value ?? "", /nonce="n2".*nc=00000001/);
    assert.deepEqual(d.events.slice(-2), ["E_REGISTRANT_AUTHENTICATING", "E_REGISTRANT_AUTHENTICATING"]);
    d.answer(401, [challenge("n3")]);
    assert.equal(d.runtime.state, "WRONG_CREDENTIALS_STATE");
  });

  it("D10 stale=true with the same nonce also gets the one retry, nc restarting at 1", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(401, [challenge("n1")]);
    d.answer(401, [challenge("n1", ", stale=true")]);
    assert.equal(d.runtime.state, "AUTHENTICATING_STATE");
    assert.match(d.sent?.credentials?.value ?? "", /nc=00000001/);
  });

  it("C-AUTH-4 / §5.2 empty password: WRONG_CREDENTIALS at the first challenge, nothing sent", () => {
    const d = new Driver(testConfig({ password: "" }));
    d.visit(NOW_SEC);
    d.answer(401, [challenge("n1")]);
    assert.equal(d.runtime.state, "WRONG_CREDENTIALS_STATE");
    assert.equal(d.sent, undefined);
  });

  it("D9 / §6.4 no usable challenge (unknown algorithm, garbage): INTERNAL_ERROR, never a throw", () => {
    for (const value of ['Digest realm="r", nonce="n", algorithm=SHA-1', "Digest ,,,", "@@@"]) {
      const d = new Driver();
      d.visit(NOW_SEC);
      d.answer(401, [["WWW-Authenticate", value]]);
      assert.equal(d.runtime.state, "INTERNAL_ERROR_STATE", value);
    }
  });

  it("§5.2 every refresh starts without credentials", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(401, [challenge("n1")]);
    d.answer(200, [ok()]);
    d.visit(d.runtime.timeoutSec);
    assert.equal(d.sent?.credentials, null);
  });
});

describe("423 Interval Too Brief (§4.4, D7, C-423)", () => {
  it("C-423-1 / D7 Min-Expires >= 5: W := Min-Expires, REGISTER at once, same Call-ID, CSeq+1; W kept for refreshes; E untouched", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    const callId = d.runtime.callId;
    d.answer(423, [["Min-Expires", "7200"]]);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.deepEqual([d.sent?.callId, d.sent?.cseq, d.sent?.expiresSec], [callId, 2, 7200]);
    assert.equal(d.runtime.expiresSec, 3600);
    d.answer(200, [["Contact", `<${BINDING}>`]]);
    d.visit(d.runtime.timeoutSec);
    assert.equal(d.sent?.expiresSec, 7200);
  });

  it("C-423-3 §4.4 Min-Expires < 5, missing or unparsable: REGISTRAR_ERROR", () => {
    for (const headers of [[["Min-Expires", "4"]], [], [["Min-Expires", "soon"]]] as Array<Array<[string, string]>>) {
      const d = new Driver();
      d.visit(NOW_SEC);
      d.answer(423, headers);
      assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE", JSON.stringify(headers));
    }
  });

  it("D7 three immediate retries at most: the 4th consecutive 423 is REGISTRAR_ERROR", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    for (let i = 0; i < 3; i++) {
      d.answer(423, [["Min-Expires", String(3700 + i)]]);
      assert.equal(d.runtime.state, "REGISTERING_STATE");
    }
    d.answer(423, [["Min-Expires", "4000"]]);
    assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE");
  });

  it("D7 any other final response resets the count", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(423, [["Min-Expires", "3700"]]);
    d.answer(423, [["Min-Expires", "3700"]]);
    d.answer(401, [challenge("n1")]);
    assert.equal(d.runtime.intervalTooBriefCount, 0);
    for (let i = 0; i < 3; i++) d.answer(423, [["Min-Expires", "3700"]]);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
  });

  it("D7 / Q13 a 423 to an unREGISTER is REGISTRAR_ERROR, never a REGISTER", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    d.feed({ kind: "disable", nowSec: NOW_SEC });
    d.answer(423, [["Min-Expires", "7200"]]);
    assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE");
    assert.equal(d.sent, undefined);
  });
});

describe("unique binding (§7, D8, D11, D24, C-UNIQ)", () => {
  const unique = () => testConfig({ binding_params: ';reg-id=1;+sip.instance="<urn:uuid:1>"' });
  const two: [string, string] = ["Contact", `<${BINDING}>;expires=1800, <sip:alice@10.9.9.9>;expires=300`];

  it("C-UNIQ-1/2 >1 bindings: wildcard unREGISTER in the same dialog, then a new dialog REGISTER on its 200", () => {
    const d = new Driver(unique());
    d.visit(NOW_SEC);
    const callId = d.runtime.callId;
    d.answer(200, [two]);
    assert.equal(d.runtime.state, "UNREGISTERING_STATE");
    assert.deepEqual([d.sent?.request, d.sent?.callId, d.sent?.cseq], ["wildcard", callId, 2]);
    d.answer(200);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.notEqual(d.sent?.callId, callId);
    assert.equal(d.sent?.cseq, 1);
  });

  it("C-UNIQ-3 one binding: registered normally", () => {
    const d = new Driver(unique());
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    assert.equal(d.runtime.state, "REGISTERED_STATE");
  });

  it("D24 three clean-ups in a row at most: the 200 to the 4th REGISTER with >1 bindings is REGISTRAR_ERROR", () => {
    const d = new Driver(unique());
    d.visit(NOW_SEC);
    for (let i = 0; i < 3; i++) {
      d.answer(200, [two]);
      assert.equal(d.runtime.state, "UNREGISTERING_STATE", `clean-up ${i + 1}`);
      d.answer(200);
    }
    d.answer(200, [two]);
    assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE");
    assert.equal(d.runtime.cleanupCount, 0, "an error resets the count");
  });

  it("D11 / Q4 a challenged wildcard is re-sent as a wildcard with credentials", () => {
    const d = new Driver(unique());
    d.visit(NOW_SEC);
    d.answer(200, [two]);
    d.answer(401, [challenge("w1")]);
    assert.equal(d.runtime.state, "AUTHENTICATING_UNREGISTER_STATE");
    assert.equal(d.sent?.request, "wildcard");
    assert.notEqual(d.sent?.credentials, null);
  });
});

describe("failures and retries (§5.2, D5, D15, D25, C-ERR)", () => {
  it("C-ERR-1 403/404/480/500/503/603 -> REGISTRAR_ERROR, TO := RETRY", () => {
    for (const status of [403, 404, 480, 500, 503, 603]) {
      const d = new Driver();
      d.visit(NOW_SEC);
      d.answer(status);
      assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE", String(status));
      assert.equal(d.runtime.timeoutSec, NOW_SEC + 3600 - 100);
    }
  });

  it("C-ERR-2 / D25 a real 408 and the transaction timeout -> REGISTER_TIMEOUT", () => {
    const a = new Driver();
    a.visit(NOW_SEC);
    a.answer(408);
    const b = new Driver();
    b.visit(NOW_SEC);
    b.feed({ kind: "timeout", generation: b.runtime.generation, nowSec: NOW_SEC + 32 });
    assert.equal(a.runtime.state, "REGISTER_TIMEOUT_STATE");
    assert.equal(b.runtime.state, "REGISTER_TIMEOUT_STATE");
    assert.equal(b.runtime.timeoutSec, NOW_SEC + 32 + 3600 - 100);
  });

  it("D25 a transport error -> INTERNAL_ERROR at once, TO as D5", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.feed({ kind: "transport-error", generation: d.runtime.generation, nowSec: NOW_SEC });
    assert.equal(d.runtime.state, "INTERNAL_ERROR_STATE");
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 3600 - 100);
  });

  it("C-ERR-3 / D5 302 -> INTERNAL_ERROR with TO := RETRY (D5 over Part B's 'TO unchanged', Q9)", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(302, [["Contact", "<sip:other.example.com>"]]);
    assert.equal(d.runtime.state, "INTERNAL_ERROR_STATE");
    assert.equal(d.runtime.timeoutSec, NOW_SEC + 3600 - 100);
  });

  it("C-ERR-4 / D5 example: T=100, N=2, F=3600, failure at 1000 -> TO 4500; retry at the first visit >= 4500 with a new dialog", () => {
    const d = new Driver(testConfig(), testEnv({ params: testParams({ failure_retry_interval: 3600 }) }));
    d.visit(900);
    d.answer(500, [], 1000);
    assert.equal(d.runtime.timeoutSec, 4500);
    const callId = d.runtime.callId;
    assert.equal(d.visit(4450).row?.id, "visit-not-due");
    d.visit(4500);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.notEqual(d.sent?.callId, callId);
    assert.equal(d.sent?.cseq, 1);
  });

  it("§5.2 / Q32 a 200 without Contact to a REGISTER -> INTERNAL_ERROR; a malformed Contact too, never a throw", () => {
    for (const headers of [[], [["Contact", "<sip:broken"]], [["Contact", "*"]]] as Array<Array<[string, string]>>) {
      const d = new Driver();
      d.visit(NOW_SEC);
      d.answer(200, headers);
      assert.equal(d.runtime.state, "INTERNAL_ERROR_STATE", JSON.stringify(headers));
    }
  });

  it("D15 an outcome for another generation, or a second outcome, is ignored", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    const before = d.runtime;
    const stale = d.feed({ kind: "response", generation: before.generation - 1, nowSec: NOW_SEC, response: reply(200, [ok()]) });
    assert.equal(stale.row, null);
    assert.equal(stale.runtime, before);
    assert.deepEqual(stale.actions, []);
    d.answer(500);
    const again = d.feed({ kind: "timeout", generation: before.generation, nowSec: NOW_SEC });
    assert.equal(again.row, null);
    assert.equal(d.runtime.state, "REGISTRAR_ERROR_STATE");
  });
});

describe("enable / disable / force_register (§8, §9.2)", () => {
  it("C-EN §8 disable of a REGISTERED record: unREGISTER in the same dialog + state column 1; its 200 -> NOT_REGISTERED, TO 0, no event", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    const callId = d.runtime.callId;
    d.feed({ kind: "disable", nowSec: NOW_SEC + 5 });
    assert.equal(d.runtime.state, "UNREGISTERING_STATE");
    assert.deepEqual([d.sent?.request, d.sent?.callId, d.sent?.expiresSec, d.sent?.cseq], ["unregister", callId, 0, 2]);
    assert.ok(d.last?.actions.some((a: RegistrantAction) => a.kind === "write-state" && !a.enabled));
    const eventsBefore = d.events.length;
    d.answer(200);
    assert.equal(d.runtime.state, "NOT_REGISTERED_STATE");
    assert.equal(d.runtime.timeoutSec, 0);
    assert.equal(d.events.length, eventsBefore, "§10: no event for NOT_REGISTERED");
  });

  it("C-EN §8 enable of a disabled NOT_REGISTERED record: new dialog, REGISTER now, state column 0", () => {
    const d = new Driver(testConfig({ state: 1 }));
    const callId = d.runtime.callId;
    assert.equal(d.visit(NOW_SEC).row?.id, "visit-idle-disabled");
    d.feed({ kind: "enable", nowSec: NOW_SEC });
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.notEqual(d.sent?.callId, callId);
    assert.ok(d.last?.actions.some((a: RegistrantAction) => a.kind === "write-state" && a.enabled));
  });

  it("§8 disable while REGISTERING: nothing now; the 200 then gets an unREGISTER", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.feed({ kind: "disable", nowSec: NOW_SEC });
    assert.equal(d.sent, undefined);
    d.answer(200, [ok()]);
    assert.equal(d.runtime.state, "UNREGISTERING_STATE");
  });

  it("§8 re-enabled during the unREGISTER: its 200 starts a new dialog REGISTER", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    d.feed({ kind: "disable", nowSec: NOW_SEC });
    d.feed({ kind: "enable", nowSec: NOW_SEC });
    d.answer(200);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
    assert.equal(d.sent?.cseq, 1);
  });

  it("§9.2 force_register: TO := 0 so the next visit refreshes; a disabled record is left alone", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    d.feed({ kind: "force-register", nowSec: NOW_SEC + 1 });
    assert.equal(d.runtime.timeoutSec, 0);
    d.visit(NOW_SEC + 2);
    assert.equal(d.runtime.state, "REGISTERING_STATE");
  });
});

describe("sharing tags (§12, D14, C-CL)", () => {
  it("C-CL-1 / D14 an inactive record is skipped by visits", () => {
    const d = new Driver(testConfig(), testEnv({ active: false }));
    assert.equal(d.visit(NOW_SEC).row?.id, "visit-inactive");
    assert.equal(d.sent, undefined);
  });

  it("C-CL-2 / D14 backup: NOT_REGISTERED at once, SR report but no event, nothing sent, TO untouched; a late 200 leaves it NOT_REGISTERED", () => {
    const d = new Driver();
    d.visit(NOW_SEC);
    d.answer(200, [ok()]);
    d.visit(d.runtime.timeoutSec);
    const timeoutSec = d.runtime.timeoutSec;
    const eventsBefore = d.events.length;
    d.env = testEnv({ active: false });
    d.feed({ kind: "shtag-backup", nowSec: NOW_SEC + 9 });
    assert.equal(d.runtime.state, "NOT_REGISTERED_STATE");
    assert.equal(d.runtime.timeoutSec, timeoutSec);
    assert.deepEqual(d.last?.actions, [{ kind: "add-report", state: "NOT_REGISTERED_STATE", atSec: NOW_SEC + 9 }]);
    d.answer(200, [ok()]);
    assert.equal(d.runtime.state, "NOT_REGISTERED_STATE");
    assert.equal(d.events.length, eventsBefore);
  });

  it("D14 enable on a backup node changes the flag and the DB but sends nothing", () => {
    const d = new Driver(testConfig({ state: 1 }), testEnv({ active: false }));
    d.feed({ kind: "enable", nowSec: NOW_SEC });
    assert.equal(d.runtime.enabled, true);
    assert.equal(d.sent, undefined);
    assert.deepEqual(d.last?.actions, [{ kind: "write-state", enabled: true }]);
  });

  it("C-CL-4 §12 active again: the next visit registers in the dialog the record had", () => {
    const d = new Driver(testConfig(), testEnv({ active: false }));
    const callId = d.runtime.callId;
    d.feed({ kind: "shtag-active", nowSec: NOW_SEC });
    d.env = testEnv({ active: true });
    d.visit(NOW_SEC + 1);
    assert.equal(d.sent?.callId, callId);
  });
});

describe("programming errors throw and change nothing", () => {
  const config = testConfig();
  const env = testEnv();

  function throwsUnchanged(runtime: RegistrantRuntime, input: FsmInput): void {
    const copy = structuredClone(runtime);
    assert.throws(() => step(config, runtime, input, env), RegistrantStateError);
    assert.deepEqual(runtime, copy);
  }

  it("a time that is not whole seconds", () => {
    throwsUnchanged(freshRuntime(config), { kind: "visit", nowSec: 1.5 });
    throwsUnchanged(freshRuntime(config), { kind: "visit", nowSec: -1 });
  });

  it("a provisional response handed over as an outcome", () => {
    const runtime = { ...freshRuntime(config), state: "REGISTERING_STATE" as const, inFlight: "register" as const, generation: 1 };
    throwsUnchanged(runtime, { kind: "response", generation: 1, nowSec: NOW_SEC, response: reply(180) });
  });

  it("an outcome for a request 'in flight' in a state that has none", () => {
    const runtime = { ...freshRuntime(config), state: "REGISTERED_STATE" as const, inFlight: "register" as const, generation: 1 };
    throwsUnchanged(runtime, { kind: "response", generation: 1, nowSec: NOW_SEC, response: reply(200) });
  });
});

describe("determinism", () => {
  it("the same seed gives the same Call-IDs and cnonces", () => {
    const run = () => {
      const d = new Driver(testConfig(), testEnv({ random: seededRandom(9) }));
      d.visit(NOW_SEC);
      d.answer(401, [challenge("n1")]);
      return d.sent;
    };
    assert.deepEqual(run(), run());
  });
});
