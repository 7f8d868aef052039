import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attemptOrder, failsOver, pinAfter, sameTarget } from "./failover.js";
import type { SocketName } from "./transport.js";

const a: SocketName = { protocol: "udp", host: "192.0.2.1", port: 5060 };
const b: SocketName = { protocol: "udp", host: "192.0.2.2", port: 5060 };
const c: SocketName = { protocol: "tcp", host: "192.0.2.3", port: 5070 };

describe("which target a request tries next (D36, RFC 3263 §4.3)", () => {
  it("a timeout, a transport error and a 503 fail over; any other final answer does not", () => {
    assert.equal(failsOver({ kind: "timeout", status: null }), true);
    assert.equal(failsOver({ kind: "transport-error", status: null }), true);
    assert.equal(failsOver({ kind: "response", status: 503 }), true);
    for (const status of [200, 401, 404, 408, 480, 500, 502, 504, 600]) {
      assert.equal(failsOver({ kind: "response", status }), false, `status ${status}`);
    }
  });

  it("targets are the same only with the same protocol, host and port", () => {
    assert.equal(sameTarget(a, { ...a }), true);
    assert.equal(sameTarget(a, { ...a, protocol: "tcp" }), false);
    assert.equal(sameTarget(a, { ...a, host: "192.0.2.9" }), false);
    assert.equal(sameTarget(a, { ...a, port: 5061 }), false);
  });

  it("an attempt starts at the pin and goes round; without a pin, or a pin no longer listed, in the resolver's order", () => {
    assert.deepEqual(attemptOrder([a, b, c], null), [0, 1, 2]);
    assert.deepEqual(attemptOrder([a, b, c], { ...a }), [0, 1, 2]);
    assert.deepEqual(attemptOrder([a, b, c], { ...b }), [1, 2, 0]);
    assert.deepEqual(attemptOrder([a, b, c], { ...c }), [2, 0, 1]);
    assert.deepEqual(attemptOrder([a, b, c], { ...c, port: 5060 }), [0, 1, 2]);
    assert.deepEqual(attemptOrder([a], { ...b }), [0]);
    assert.deepEqual(attemptOrder([], null), []);
  });

  it("the pin stays on a target that answered and moves to the next try on a failure, wrapping round", () => {
    const order = [1, 2, 0];
    assert.equal(pinAfter(order, 0, { kind: "response", status: 200 }), 1);
    assert.equal(pinAfter(order, 0, { kind: "response", status: 500 }), 1);
    assert.equal(pinAfter(order, 0, { kind: "timeout", status: null }), 2);
    assert.equal(pinAfter(order, 1, { kind: "response", status: 503 }), 0);
    assert.equal(pinAfter(order, 2, { kind: "transport-error", status: null }), 1);
    assert.equal(pinAfter([0], 0, { kind: "timeout", status: null }), 0);
    assert.throws(() => pinAfter(order, 3, { kind: "response", status: 200 }), /position 3 is not among 3 tries/);
  });
});
