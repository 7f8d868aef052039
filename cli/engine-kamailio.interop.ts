/**
 * Interop: the engine, on real sockets and the system clock, keeps records registered with
 * digest on a registrar we did not write (Kamailio 5.6, fixtures/kamailio/registrar-digest.cfg),
 * over UDP and over TCP; what Kamailio's location table holds is read with `kamcmd ul.dump`.
 * Needs `kamailio` and `kamcmd`: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../engine/clock.js";
import { memoryRunLog } from "../engine/events/run-log.js";
import { createEngine } from "../engine/index.js";
import { cryptoRandom } from "../engine/random.js";
import type { RegistrantEngine, RegistrantRow, RegistrantStateName, RunLogEntry } from "../engine/registrant/index.js";
import { MemoryRegistrantStore } from "../engine/store/memory-store.js";
import { createTcpTransport, createUdpTransport, StaticResolver, type Transport } from "../engine/transport/index.js";
import { kamailioVersion, startKamailioRegistrar, type KamailioBinding, type KamailioRegistrar } from "./kamailio-support.js";
import { freePorts } from "./sipp-support.js";

const REALM = "kamailio.example";
type User = "alice" | "bob" | "dave";
/** Kamailio's users table; dave's record is given another password. */
const PASSWORDS: Record<User, string> = { alice: "alice's secret", bob: "bob#2", dave: "the right one" };
const EXPIRY_SEC = 600;
/** Real time the engine gets to reach each expected state. */
const WAIT_LIMIT_MS = 15_000;
const POLL_MS = 50;

if (kamailioVersion() === null) throw new Error("kamailio is not installed: run `npm run peers:install` first");

describe("the engine registers on a Kamailio registrar", () => {
  let workDir: string;
  let kamailio: KamailioRegistrar;
  let transports: Transport[];
  let engine: RegistrantEngine;
  const runLog = memoryRunLog();
  let contacts: Record<User, string>;
  let registrars: Record<User, string>;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "uacreg-kamailio-"));
    const [port = 0] = await freePorts(1);
    kamailio = await startKamailioRegistrar({ workDir, port, tcp: true, realm: REALM, users: Object.entries(PASSWORDS).map(([user, password]) => ({ user, password })) });
    const udp = await createUdpTransport({ bind: { host: "127.0.0.1", port: 0 } });
    const tcp = await createTcpTransport({ bind: { host: "127.0.0.1", port: 0 }, clock: systemClock });
    transports = [udp, tcp];
    contacts = {
      alice: `sip:alice@127.0.0.1:${udp.local.port}`,
      bob: `sip:bob@127.0.0.1:${tcp.local.port};transport=tcp`,
      dave: `sip:dave@127.0.0.1:${udp.local.port}`,
    };
    registrars = { alice: `sip:127.0.0.1:${port}`, bob: `sip:127.0.0.1:${port};transport=tcp`, dave: `sip:127.0.0.1:${port}` };
    const row = (user: User, password = PASSWORDS[user]): RegistrantRow => ({ ...id(user), username: user, password, expiry: EXPIRY_SEC });
    const rows = [row("alice"), row("bob"), row("dave", "a wrong one")];
    engine = createEngine(
      { hash_size: 1, timer_interval: 2 },
      { clock: systemClock, transports, resolver: new StaticResolver(), store: new MemoryRegistrantStore(rows), random: cryptoRandom(), runLog },
    );
    await engine.start();
  });

  after(async () => {
    await engine?.stop();
    await Promise.all((transports ?? []).map((transport) => transport.close()));
    await kamailio?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  const id = (user: User) => ({ aor: `sip:${user}@${REALM}`, contact: contacts[user], registrar: registrars[user] });
  const listed = (user: User) => {
    const view = engine.list(id(user));
    assert.ok("Registrant" in view, `${user} is not listed`);
    return view.Registrant;
  };

  async function waitForState(user: User, state: RegistrantStateName): Promise<void> {
    await waitUntil(() => listed(user).state === state, () => `${user} is ${listed(user).state}, not ${state}`);
  }

  async function bindingsOf(user: string): Promise<KamailioBinding[]> {
    return (await kamailio.bindings()).filter((binding) => binding.aor === user);
  }

  /** The Call-IDs and CSeqs of what the engine sent for `user`, from its run log. */
  function sentBy(user: string): Extract<RunLogEntry, { kind: "sip-out" }>[] {
    return runLog.entries().filter((entry): entry is Extract<RunLogEntry, { kind: "sip-out" }> => entry.kind === "sip-out" && entry.aor === `sip:${user}@${REALM}`);
  }

  it("registers with digest over UDP and over TCP: Kamailio holds each contact, in the engine's dialog, for the expiry asked", async () => {
    await waitForState("alice", "REGISTERED_STATE");
    await waitForState("bob", "REGISTERED_STATE");
    for (const user of ["alice", "bob"] as const) {
      const [binding, ...more] = await bindingsOf(user);
      assert.equal(more.length, 0, `${user} has more than one binding`);
      assert.ok(binding !== undefined, `Kamailio holds no binding for ${user}`);
      assert.equal(binding.address.toLowerCase(), contacts[user].toLowerCase());
      assert.ok(binding.expires > 0 && binding.expires <= EXPIRY_SEC, `expires ${binding.expires}`);
      const authenticated = sentBy(user).filter((entry) => entry.credentials);
      assert.equal(authenticated.length, 1, `${user} sent ${authenticated.length} REGISTERs with credentials`);
      assert.deepEqual([binding.callId, binding.cseq], [authenticated[0]?.callId, authenticated[0]?.cseq]);
    }
  });

  it("a wrong password gets Kamailio's 403: the record is in error and Kamailio holds nothing for it", async () => {
    await waitForState("dave", "REGISTRAR_ERROR_STATE");
    assert.deepEqual(await bindingsOf("dave"), []);
  });

  it("force_register refreshes in the same dialog with the next CSeq, which Kamailio accepts", async () => {
    const [before] = await bindingsOf("alice");
    assert.ok(before !== undefined);
    await engine.forceRegister(id("alice"));
    let after: KamailioBinding | undefined = before;
    await waitUntil(async () => (after = (await bindingsOf("alice"))[0])?.cseq !== before.cseq, () => `alice's binding still has CSeq ${before.cseq}`);
    await waitForState("alice", "REGISTERED_STATE");
    assert.equal(after?.callId, before.callId);
    assert.ok((after?.cseq ?? 0) > before.cseq, `CSeq ${before.cseq} then ${after?.cseq}`);
  });

  it("disable unREGISTERs (answering Kamailio's challenge) and the binding is gone", async () => {
    await engine.disable(id("alice"));
    await waitForState("alice", "NOT_REGISTERED_STATE");
    assert.deepEqual(await bindingsOf("alice"), []);
    assert.equal((await bindingsOf("bob")).length, 1, "bob's binding went too");
  });

  it("delete unREGISTERs detached from the record (D26), over TCP, and the binding is gone", async () => {
    await engine.delete(id("bob"));
    await waitUntil(async () => (await bindingsOf("bob")).length === 0, () => "Kamailio still holds bob's binding");
    assert.ok(sentBy("bob").some((entry) => entry.detached && entry.request === "unregister" && entry.credentials));
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
