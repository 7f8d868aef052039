import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TransportError } from "./errors.js";
import { formatSocketName } from "./socket-name.js";
import { StaticResolver } from "./static-resolver.js";

const sip = (host: string, port: number | null = null, transport: string | null = null) => ({
  scheme: "sip" as const,
  host,
  port,
  transport,
});

describe("StaticResolver", () => {
  const resolver = new StaticResolver({
    "registrar.example": ["192.0.2.1", "192.0.2.2:5070", "[2001:db8::1]:5080", "::2"],
    "registrar.example:5090": ["192.0.2.9"],
  });
  const resolve = async (...args: Parameters<StaticResolver["resolve"]>) =>
    (await resolver.resolve(...args)).map(formatSocketName);

  it("maps a host to its addresses in order, each with its own port or the target's", async () => {
    assert.deepEqual(await resolve(sip("registrar.example")), [
      "udp:192.0.2.1:5060",
      "udp:192.0.2.2:5070",
      "udp:[2001:db8::1]:5080",
      "udp:[::2]:5060",
    ]);
    assert.deepEqual((await resolve(sip("Registrar.Example", 5070))).slice(0, 2), ["udp:192.0.2.1:5070", "udp:192.0.2.2:5070"]);
  });

  it("prefers a host:port entry", async () => {
    assert.deepEqual(await resolve(sip("registrar.example", 5090)), ["udp:192.0.2.9:5090"]);
  });

  it("takes the transport from the forced socket, the transport parameter, or the scheme", async () => {
    assert.deepEqual((await resolve({ scheme: "sips", host: "registrar.example" }))[0], "tls:192.0.2.1:5061");
    assert.deepEqual((await resolve(sip("registrar.example", null, "tcp")))[0], "tcp:192.0.2.1:5060");
    assert.deepEqual((await resolve(sip("registrar.example"), { protocol: "tls" }))[0], "tls:192.0.2.1:5061");
  });

  it("needs no entry for an IP literal", async () => {
    assert.deepEqual(await resolve(sip("198.51.100.7", 5062)), ["udp:198.51.100.7:5062"]);
    assert.deepEqual(await resolve({ scheme: "sips", host: "[::1]" }), ["tls:[::1]:5061"]);
  });

  it("rejects an unknown host with resolve_failed naming it", async () => {
    await assert.rejects(resolver.resolve(sip("unknown.example")), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, "resolve_failed");
      assert.match(error.message, /"unknown\.example"/);
      return true;
    });
  });

  it("rejects a malformed entry when it is set, and lets entries be replaced", async () => {
    for (const bad of ["registrar", "192.0.2.1:0", "[192.0.2.1]:5060", "2001:db8::1:5060x", "192.0.2.1:99999"]) {
      assert.throws(
        () => new StaticResolver({ "x.example": [bad] }),
        (error: unknown) =>
          error instanceof TransportError && error.code === "invalid_address" && error.message.includes(`"${bad}"`),
      );
    }
    const table = new StaticResolver();
    table.set("moving.example", ["192.0.2.1"]);
    table.set("moving.example", ["192.0.2.2"]);
    assert.deepEqual((await table.resolve(sip("moving.example"))).map(formatSocketName), ["udp:192.0.2.2:5060"]);
  });
});
