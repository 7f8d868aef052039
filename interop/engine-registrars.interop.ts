/**
 * Interop: the engine, on real sockets and the system clock, keeps records registered with
 * digest on a registrar we did not write (Kamailio 5.6, fixtures/kamailio/registrar-digest.cfg),
 * over UDP and over TCP; what Kamailio's location table holds is read with `kamcmd ul.dump`.
 * The same steps then run against `uacreg simulate` with its default behaviour, and the engine's
 * exchanges must be the same on both: for these flows the simulator answers as Kamailio does.
 * Needs `kamailio` and `kamcmd`: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createEngine,
  createTcpTransport,
  createUdpTransport,
  cryptoRandom,
  MemoryRegistrantStore,
  memoryRunLog,
  StaticResolver,
  systemClock,
  type RegistrantEngine,
  type RegistrantRow,
  type RegistrantStateName,
  type RunLogEntry,
  type Transport,
} from "../engine/index.js";
import { startSimulator, UserTable } from "../simulator/index.js";
import { kamailioVersion, startKamailioRegistrar } from "./harness/kamailio.js";
import { freePorts } from "./harness/sipp.js";

const REALM = "kamailio.example";
type User = "alice" | "bob" | "dave" | "erin";
/** The registrar's users table; dave's record is given another password. */
const PASSWORDS: Record<User, string> = { alice: "alice's secret", bob: "bob#2", dave: "the right one", erin: "erin 4" };
const EXPIRY_SEC = 600;
/** Both registrars answer a shorter interval with 423 and this Min-Expires (registrar-digest.cfg). */
const MIN_EXPIRES_SEC = 60;
/** Real time the engine gets to reach each expected state. */
const WAIT_LIMIT_MS = 15_000;
const POLL_MS = 50;

if (kamailioVersion() === null) throw new Error("kamailio is not installed: run `npm run peers:install` first");

/** A binding as both registrars show it: the contact URI without angle brackets. */
interface HeldBinding {
  readonly address: string;
  readonly expires: number;
  readonly callId: string;
  readonly cseq: number;
}

/** A registrar listening on 127.0.0.1 at `port` over UDP and TCP. */
interface RegistrarUnderTest {
  readonly port: number;
  bindings(user: User): Promise<HeldBinding[]>;
  stop(): Promise<void>;
}

const REGISTRARS: { readonly name: string; start(workDir: string): Promise<RegistrarUnderTest> }[] = [
  {
    name: "Kamailio",
    async start(workDir) {
      const [port = 0] = await freePorts(1);
      const users = Object.entries(PASSWORDS).map(([user, password]) => ({ user, password }));
      const kamailio = await startKamailioRegistrar({ workDir, port, tcp: true, realm: REALM, users });
      return {
        port,
        // The location table ignores domains: its AoR is the user part.
        bindings: async (user) => (await kamailio.bindings()).filter((binding) => binding.aor === user),
        stop: () => kamailio.stop(),
      };
    },
  },
  {
    name: "uacreg simulate",
    async start() {
      const [port = 0] = await freePorts(1);
      const simulator = await startSimulator({
        listen: [
          { protocol: "udp", host: "127.0.0.1", port },
          { protocol: "tcp", host: "127.0.0.1", port },
        ],
        realm: REALM,
        users: UserTable.fromEntries(Object.entries(PASSWORDS).map(([username, password]) => ({ realm: REALM, username, password }))),
        minExpiresSec: MIN_EXPIRES_SEC,
        transcriptCapacity: 0,
      });
      return {
        port,
        bindings: async (user) =>
          simulator.registrar.bindings(`sip:${user}@${REALM}`).map((binding) => ({
            address: binding.contact.replace(/^<(.*)>$/, "$1"),
            expires: binding.expiresSec,
            callId: binding.callId,
            cseq: binding.cseq,
          })),
        stop: () => simulator.stop(),
      };
    },
  },
];

/** What the engine sent and got, per user, on each registrar: compared once both have run. */
const exchanges = new Map<string, Record<User, string[]>>();

for (const target of REGISTRARS) {
  describe(`the engine registers on ${target.name}`, () => {
    let workDir: string;
    let registrar: RegistrarUnderTest;
    let transports: Transport[];
    let engine: RegistrantEngine;
    const runLog = memoryRunLog();
    let contacts: Record<User, string>;
    let registrars: Record<User, string>;

    const id = (user: User) => ({ aor: `sip:${user}@${REALM}`, contact: contacts[user], registrar: registrars[user] });
    const listed = (user: User) => {
      const view = engine.list(id(user));
      assert.ok("Registrant" in view, `${user} is not listed`);
      return view.Registrant;
    };
    const waitForState = (user: User, state: RegistrantStateName) =>
      waitUntil(() => listed(user).state === state, () => `${user} is ${listed(user).state}, not ${state}`);

    /** The requests the engine sent for `user`, from its run log. */
    function sentBy(user: User): Extract<RunLogEntry, { kind: "sip-out" }>[] {
      return runLog.entries().filter((entry): entry is Extract<RunLogEntry, { kind: "sip-out" }> => entry.kind === "sip-out" && entry.aor === `sip:${user}@${REALM}`);
    }

    /** One line per request and per outcome, the way the two registrars are compared. */
    function exchangesOf(user: User): string[] {
      return runLog.entries().flatMap((entry) => {
        if (entry.aor !== `sip:${user}@${REALM}`) return [];
        if (entry.kind === "sip-out") return [`${entry.detached ? "detached " : ""}${entry.request}${entry.credentials ? " with credentials" : ""}`];
        if (entry.kind === "sip-in") return [entry.outcome === "response" ? `-> ${entry.status}` : `-> ${entry.outcome}`];
        return [];
      });
    }

    before(async () => {
      workDir = await mkdtemp(join(tmpdir(), "uacreg-registrar-interop-"));
      registrar = await target.start(workDir);
      const udp = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
      const tcp = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
      transports = [udp, tcp];
      contacts = {
        alice: `sip:alice@127.0.0.1:${udp.local.port}`,
        bob: `sip:bob@127.0.0.1:${tcp.local.port};transport=tcp`,
        dave: `sip:dave@127.0.0.1:${udp.local.port}`,
        erin: `sip:erin@127.0.0.1:${udp.local.port}`,
      };
      const { port } = registrar;
      const udpRegistrar = `sip:127.0.0.1:${port}`;
      registrars = { alice: udpRegistrar, bob: `${udpRegistrar};transport=tcp`, dave: udpRegistrar, erin: udpRegistrar };
      const row = (user: User, changes: Partial<RegistrantRow> = {}): RegistrantRow => ({ ...id(user), username: user, password: PASSWORDS[user], expiry: EXPIRY_SEC, ...changes });
      const rows = [row("alice"), row("bob"), row("dave", { password: "a wrong one" }), row("erin", { expiry: 30 })];
      engine = createEngine(
        { hash_size: 1, timer_interval: 2 },
        { clock: systemClock, transports, resolver: new StaticResolver(), store: new MemoryRegistrantStore(rows), random: cryptoRandom(), runLog },
      );
      await engine.start();
    });

    after(async () => {
      await engine?.stop();
      await Promise.all((transports ?? []).map((transport) => transport.close()));
      await registrar?.stop();
      await rm(workDir, { recursive: true, force: true });
      exchanges.set(target.name, { alice: exchangesOf("alice"), bob: exchangesOf("bob"), dave: exchangesOf("dave"), erin: exchangesOf("erin") });
    });

    it("registers with digest over UDP and over TCP: the registrar holds each contact, in the engine's dialog, for the expiry asked", async () => {
      await waitForState("alice", "REGISTERED_STATE");
      await waitForState("bob", "REGISTERED_STATE");
      for (const user of ["alice", "bob"] as const) {
        const [binding, ...more] = await registrar.bindings(user);
        assert.equal(more.length, 0, `${user} has more than one binding`);
        assert.ok(binding !== undefined, `no binding for ${user}`);
        assert.equal(binding.address.toLowerCase(), contacts[user].toLowerCase());
        assert.ok(binding.expires > 0 && binding.expires <= EXPIRY_SEC, `expires ${binding.expires}`);
        const authenticated = sentBy(user).filter((entry) => entry.credentials);
        assert.equal(authenticated.length, 1, `${user} sent ${authenticated.length} REGISTERs with credentials`);
        assert.deepEqual([binding.callId, binding.cseq], [authenticated[0]?.callId, authenticated[0]?.cseq]);
      }
    });

    it("a wrong password gets a 403: the record is in error and the registrar holds nothing for it", async () => {
      await waitForState("dave", "REGISTRAR_ERROR_STATE");
      assert.deepEqual(await registrar.bindings("dave"), []);
    });

    it("an expiry below the registrar's minimum gets a 423: asked again with Min-Expires (challenged anew), and registered for it", async () => {
      await waitForState("erin", "REGISTERED_STATE");
      const [binding, ...more] = await registrar.bindings("erin");
      assert.equal(more.length, 0);
      assert.ok(binding !== undefined && binding.expires > MIN_EXPIRES_SEC - 5 && binding.expires <= MIN_EXPIRES_SEC, `expires ${binding?.expires}`);
      // §4.4: the retry after a 423 carries no Authorization, so the registrar challenges it again.
      assert.deepEqual(exchangesOf("erin").slice(0, 8), ["register", "-> 401", "register with credentials", "-> 423", "register", "-> 401", "register with credentials", "-> 200"]);
    });

    it("force_register refreshes in the same dialog with the next CSeq, which the registrar accepts", async () => {
      const [before] = await registrar.bindings("alice");
      assert.ok(before !== undefined);
      await engine.forceRegister(id("alice"));
      let after: HeldBinding | undefined = before;
      await waitUntil(async () => (after = (await registrar.bindings("alice"))[0])?.cseq !== before.cseq, () => `alice's binding still has CSeq ${before.cseq}`);
      await waitForState("alice", "REGISTERED_STATE");
      assert.equal(after?.callId, before.callId);
      assert.ok((after?.cseq ?? 0) > before.cseq, `CSeq ${before.cseq} then ${after?.cseq}`);
    });

    it("disable unREGISTERs (answering the challenge) and the binding is gone", async () => {
      await engine.disable(id("alice"));
      await waitForState("alice", "NOT_REGISTERED_STATE");
      assert.deepEqual(await registrar.bindings("alice"), []);
      assert.equal((await registrar.bindings("bob")).length, 1, "bob's binding went too");
    });

    it("delete unREGISTERs detached from the record (D26), over TCP, and the binding is gone", async () => {
      await engine.delete(id("bob"));
      await waitUntil(async () => (await registrar.bindings("bob")).length === 0, () => "the registrar still holds bob's binding");
      assert.ok(sentBy("bob").some((entry) => entry.detached && entry.request === "unregister" && entry.credentials));
    });
  });
}

describe("the simulator answers the engine as Kamailio does", () => {
  it("the same requests got the same answers on both registrars", () => {
    const [reference, simulated] = REGISTRARS.map((target) => exchanges.get(target.name));
    assert.ok(reference !== undefined && simulated !== undefined, "both registrars must have run");
    assert.deepEqual(reference.alice.slice(0, 4), ["register", "-> 401", "register with credentials", "-> 200"]);
    assert.deepEqual(simulated, reference);
  });
});

/** Polls `done` on the real clock until it holds, or fails with `why()` after WAIT_LIMIT_MS. */
async function waitUntil(done: () => boolean | Promise<boolean>, why: () => string): Promise<void> {
  const deadline = systemClock.now() + WAIT_LIMIT_MS;
  while (!(await done())) {
    if (systemClock.now() > deadline) assert.fail(`${why()} after ${WAIT_LIMIT_MS} ms`);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, POLL_MS));
  }
}
