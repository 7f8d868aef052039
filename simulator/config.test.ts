import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createClock } from "@sinonjs/fake-timers";
import { fromFakeClock } from "../engine/clock.js";
import { seededRandom } from "../engine/random.js";
import { TransactionLayer } from "../engine/transaction/index.js";
import { MemoryNetwork } from "../engine/transport/index.js";
import { SimulatorError } from "./errors.js";
import { createRegistrar } from "./registrar.js";
import type { RegistrarOptions } from "./registrar-options.js";
import { CLIENT_HOST, REGISTRAR_HOST, register } from "../testkit/simulator-lab.js";
import { parseUsersFile } from "./users.js";

const clock = fromFakeClock(createClock(0));
const users = parseUsersFile("[example.org]\nalice wonderland\n");

function refused(options: Partial<RegistrarOptions>, pattern: RegExp): void {
  assert.throws(
    () => createRegistrar({ clock, random: seededRandom(1), realm: "example.org", users, ...options }),
    (error: unknown) => error instanceof SimulatorError && error.code === "registrar_config_invalid" && pattern.test(error.message),
  );
}

describe("registrar options", () => {
  it("refuses options that cannot work, naming them", () => {
    refused({ minExpiresSec: 600, maxExpiresSec: 60 }, /minExpiresSec: 600 is above maxExpiresSec 60/);
    refused({ minExpiresSec: 600, defaultExpiresSec: 60 }, /defaultExpiresSec: 60 is below minExpiresSec/);
    refused({ defaultExpiresSec: 1.5 }, /defaultExpiresSec: must be a whole number/);
    refused({ auth: { algorithms: [] } }, /auth\.algorithms: needs at least one/);
    refused({ auth: { algorithms: ["MD5-sess"], qop: [] } }, /MD5-sess needs qop/);
    refused({ auth: { realms: [] } }, /auth\.realms: needs at least one realm/);
    refused({ auth: { realms: ["a\nb"] } }, /auth\.realms: realm or opaque cannot be written/);
    refused({ auth: { nonceLifetimeSec: 0 } }, /auth\.nonceLifetimeSec/);
  });

  it("serves a transaction layer someone else owns, recording what it handles", async () => {
    const fake = createClock(0);
    const c = fromFakeClock(fake);
    const network = new MemoryNetwork({ clock: c });
    const serverLayer = new TransactionLayer({ clock: c, random: seededRandom(2) });
    serverLayer.attach(network.bind(`udp:${REGISTRAR_HOST}:5060`));
    const registrar = createRegistrar({ clock: c, random: seededRandom(3), realm: "example.org" });
    registrar.attach(serverLayer);
    const client = new TransactionLayer({ clock: c, random: seededRandom(4) });
    const transport = network.bind(`udp:${CLIENT_HOST}:5060`);
    client.attach(transport);
    const outcome = client.sendRequest(register({ cseq: 1 }), { transport, destination: { host: REGISTRAR_HOST, port: 5060 } });
    await fake.tickAsync(5);
    const result = await outcome;
    assert.equal(result.kind === "response" && result.response.status, 200);
    assert.deepEqual(registrar.transcript.entries().map((e) => e.direction), ["in", "out"]);
    registrar.close();
    assert.equal(registrar.bindings().length, 1, "bindings stay inspectable after close");
  });

  it("refuses to look up an AOR that does not parse", () => {
    const registrar = createRegistrar({ clock, random: seededRandom(1), realm: "example.org" });
    assert.throws(() => registrar.bindings("not a uri"), RangeError);
  });
});
