import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UacregError } from "../errors.js";
import { TransportError } from "./errors.js";

describe("TransportError", () => {
  it("is a UacregError with a stable code and the name of its class", () => {
    const error = new TransportError("connection_refused", "connection to tcp:127.0.0.1:5060 refused");
    assert.ok(error instanceof UacregError);
    assert.equal(error.name, "TransportError");
    assert.equal(error.code, "connection_refused");
    assert.equal(error.message, "connection to tcp:127.0.0.1:5060 refused");
  });

  it("says whose fault it is by code, unless told otherwise", () => {
    assert.equal(new TransportError("connection_refused", "x").fault, "remote");
    assert.equal(new TransportError("tls_handshake", "x").fault, "remote");
    assert.equal(new TransportError("resolve_failed", "x").fault, "remote");
    assert.equal(new TransportError("closed", "x").fault, "local");
    assert.equal(new TransportError("invalid_socket_name", "x").fault, "local");
    assert.equal(new TransportError("resolve_failed", "x", { fault: "local" }).fault, "local");
  });

  it("chains the cause", () => {
    const cause = new Error("ECONNREFUSED");
    assert.equal(new TransportError("send_failed", "x", { cause }).cause, cause);
    assert.equal("cause" in new TransportError("send_failed", "x"), false);
  });
});
