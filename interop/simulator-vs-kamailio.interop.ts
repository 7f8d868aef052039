/**
 * Interop: the simulator's default behaviour (RFC 3261 §10.3) beside Kamailio's registrar, a
 * registrar we did not write, on the same REGISTERs in the same order, without digest on either
 * side. For each request the status, Min-Expires and the bindings the 200 lists (URI and expires,
 * give or take a second) must be the same. Where the two differ on purpose, the case says why
 * and both answers are checked as they are, so that a change on either side shows up here.
 * Needs `kamailio`: `npm run peers:install`.
 */
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatUri, getContacts, getMinExpires, getParam, getVias, parseMessage, systemClock, viaBranch } from "../engine/index.js";
import { kamailioVersion, startKamailioRegistrar, type KamailioRegistrar } from "./harness/kamailio.js";
import { startSimulator, type SimulatorHandle } from "../simulator/index.js";
import { freePorts } from "./harness/sipp.js";

const DOMAIN = "x.example";
const ANSWER_LIMIT_MS = 2000;

if (kamailioVersion() === null) throw new Error("kamailio is not installed: run `npm run peers:install` first");

interface Register {
  readonly user: string;
  readonly callId: string;
  readonly cseq: number;
  /** Contact header values, one header each; none for a query. */
  readonly contacts: readonly string[];
  /** The Expires header, if any. */
  readonly expires?: number;
  readonly method?: string;
}

interface Answer {
  readonly status: number;
  readonly minExpires: number | null;
  /** `uri expires=N` per listed binding, sorted. */
  readonly bindings: readonly string[];
}

interface Case {
  readonly name: string;
  readonly request: Register;
  /** Set where the simulator answers otherwise on purpose: both statuses, and why. */
  readonly differs?: { readonly kamailio: number; readonly simulator: number; readonly why: string };
}

const contact = (user: string, port: number, params = "") => `<sip:${user}@127.0.0.1:${port}>${params}`;

/** In this order, to both registrars: later cases build on the bindings earlier ones made. */
const CASES: readonly Case[] = [
  { name: "the Expires header gives the expiry", request: { user: "a1", callId: "c1", cseq: 1, contacts: [contact("a1", 7001)], expires: 1800 } },
  { name: "a Contact's expires parameter wins over the header", request: { user: "a2", callId: "c2", cseq: 1, contacts: [contact("a2", 7001, ";expires=120")], expires: 1800 } },
  { name: "no expiry asked: the default (3600)", request: { user: "a3", callId: "c3", cseq: 1, contacts: [contact("a3", 7001)] } },
  { name: "above max-expires: shortened to 3600", request: { user: "a4", callId: "c4", cseq: 1, contacts: [contact("a4", 7001)], expires: 7200 } },
  { name: "below min-expires: 423 with Min-Expires 60", request: { user: "a5", callId: "c5", cseq: 1, contacts: [contact("a5", 7001)], expires: 30 } },
  { name: "two contacts in one REGISTER", request: { user: "a6", callId: "c6", cseq: 1, contacts: [contact("a6", 7001), contact("a6", 7002, ";expires=300")], expires: 1800 } },
  { name: "another Call-ID adds a binding; the 200 lists all three", request: { user: "a6", callId: "c6b", cseq: 1, contacts: [contact("a6", 7003)], expires: 600 } },
  { name: "a query (no Contact) lists the bindings", request: { user: "a6", callId: "c6q", cseq: 1, contacts: [] } },
  { name: "a higher CSeq on the same Call-ID updates the binding", request: { user: "a1", callId: "c1", cseq: 2, contacts: [contact("a1", 7001)], expires: 900 } },
  {
    name: "the same CSeq again on the same Call-ID (a new request, not a retransmission)",
    request: { user: "a1", callId: "c1", cseq: 2, contacts: [contact("a1", 7001)], expires: 900 },
    differs: { kamailio: 200, simulator: 500, why: "RFC 3261 §10.3 step 7: a CSeq not above the binding's aborts the update and the request fails; Kamailio answers 200 and changes nothing" },
  },
  {
    name: "a lower CSeq on the same Call-ID",
    request: { user: "a1", callId: "c1", cseq: 1, contacts: [contact("a1", 7001)], expires: 700 },
    differs: { kamailio: 400, simulator: 500, why: "both refuse it; RFC 3261 names no code, and the simulator answers 500 as a failed request" },
  },
  { name: "a Contact's expires=0 removes that binding only", request: { user: "a6", callId: "c6", cseq: 2, contacts: [contact("a6", 7002, ";expires=0")], expires: 1800 } },
  { name: "Contact: * with Expires: 0 removes all bindings", request: { user: "a6", callId: "c6w", cseq: 1, contacts: ["*"], expires: 0 } },
  { name: "nothing is left after the wildcard", request: { user: "a6", callId: "c6q2", cseq: 1, contacts: [] } },
  { name: "Contact: * with another Expires is refused", request: { user: "a1", callId: "c1w", cseq: 1, contacts: ["*"], expires: 1800 } },
  { name: "Contact: * without Expires is refused", request: { user: "a1", callId: "c1w2", cseq: 1, contacts: ["*"] } },
  { name: "Contact: * beside another contact is refused", request: { user: "a1", callId: "c1w3", cseq: 1, contacts: ["*", contact("a1", 7009)], expires: 0 } },
  { name: "the refused wildcards removed nothing: a1 still has the binding of CSeq 2", request: { user: "a1", callId: "c1q", cseq: 1, contacts: [] } },
  { name: "a method other than REGISTER gets 405", request: { user: "a1", callId: "c9", cseq: 1, contacts: [], method: "SUBSCRIBE" } },
];

/** Sends REGISTERs from one UDP socket and waits for the answer with the same Via branch. */
class Client {
  #sent = 0;
  constructor(
    private readonly socket: Socket,
    private readonly port: number,
  ) {}

  static async open(port: number): Promise<Client> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return new Client(socket, port);
  }

  async send(request: Register): Promise<Answer> {
    const method = request.method ?? "REGISTER";
    const branch = `z9hG4bK-compare-${++this.#sent}`;
    const lines = [
      `${method} sip:${DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.socket.address().port};branch=${branch}`,
      "Max-Forwards: 70",
      `From: <sip:${request.user}@${DOMAIN}>;tag=compare`,
      `To: <sip:${request.user}@${DOMAIN}>`,
      `Call-ID: ${request.callId}`,
      `CSeq: ${request.cseq} ${method}`,
      ...request.contacts.map((value) => `Contact: ${value}`),
      ...(request.expires === undefined ? [] : [`Expires: ${request.expires}`]),
      "Content-Length: 0",
      "",
      "",
    ];
    const answered = new Promise<Buffer>((resolve, reject) => {
      const guard = systemClock.setTimeout(() => {
        this.socket.off("message", onMessage);
        reject(new Error(`no answer to ${method} ${request.user} CSeq ${request.cseq} within ${ANSWER_LIMIT_MS} ms`));
      }, ANSWER_LIMIT_MS);
      const onMessage = (bytes: Buffer): void => {
        if (!bytes.includes(branch)) return;
        systemClock.clearTimeout(guard);
        this.socket.off("message", onMessage);
        resolve(bytes);
      };
      this.socket.on("message", onMessage);
    });
    this.socket.send(lines.join("\r\n"), this.port, "127.0.0.1");
    const response = parseMessage(await answered);
    if (response.kind !== "response") assert.fail(`a ${response.method} came back instead of an answer`);
    assert.equal(viaBranch(getVias(response)[0] ?? assert.fail("no Via")), branch);
    const contacts = getContacts(response);
    const bindings = contacts.wildcard ? ["*"] : contacts.contacts.map((c) => `${formatUri(c.uri)} expires=${getParam(c.params, "expires") ?? "none"}`).sort();
    return { status: response.status, minExpires: getMinExpires(response), bindings };
  }

  close(): void {
    this.socket.close();
  }
}

/** Equal, except that an expiry may be one second less on the side that answered later. */
function sameBindings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((binding, i) => {
    const other = b[i] ?? "";
    if (binding === other) return true;
    const [uri, expires] = binding.split(" expires=");
    const [otherUri, otherExpires] = other.split(" expires=");
    return uri === otherUri && Math.abs(Number(expires) - Number(otherExpires)) <= 1;
  });
}

describe("uacreg simulate answers REGISTERs as Kamailio's registrar does (RFC 3261 §10.3)", () => {
  let workDir: string;
  let kamailio: KamailioRegistrar;
  let simulator: SimulatorHandle;
  let clients: { kamailio: Client; simulator: Client };

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "uacreg-compare-"));
    const [kamailioPort = 0, simulatorPort = 0] = await freePorts(2);
    kamailio = await startKamailioRegistrar({ workDir, port: kamailioPort, authentication: false, realm: DOMAIN, users: [] });
    simulator = await startSimulator({
      listen: [{ protocol: "udp", host: "127.0.0.1", port: simulatorPort }],
      realm: DOMAIN,
      defaultExpiresSec: 3600,
      minExpiresSec: 60,
      maxExpiresSec: 3600,
      transcriptCapacity: 0,
    });
    clients = { kamailio: await Client.open(kamailioPort), simulator: await Client.open(simulatorPort) };
  });

  after(async () => {
    clients?.kamailio.close();
    clients?.simulator.close();
    await simulator?.stop();
    await kamailio?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  for (const { name, request, differs } of CASES) {
    it(differs === undefined ? name : `${name}: differs on purpose`, async () => {
      const reference = await clients.kamailio.send(request);
      const simulated = await clients.simulator.send(request);
      if (differs !== undefined) {
        assert.deepEqual([reference.status, simulated.status], [differs.kamailio, differs.simulator], differs.why);
        return;
      }
      assert.equal(simulated.status, reference.status, `Kamailio ${reference.status}, simulator ${simulated.status}`);
      assert.equal(simulated.minExpires, reference.minExpires);
      assert.ok(sameBindings(simulated.bindings, reference.bindings), `Kamailio lists ${JSON.stringify(reference.bindings)}, the simulator ${JSON.stringify(simulated.bindings)}`);
    });
  }
});
