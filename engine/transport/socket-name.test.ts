import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TransportError } from "./errors.js";
import {
  addressKey,
  destinationError,
  formatAddress,
  formatSocketName,
  ipFamily,
  isWildcardHost,
  normalizeHost,
  parseSocketName,
} from "./socket-name.js";

describe("parseSocketName", () => {
  it("reads the three protocols, IPv4 and bracketed IPv6, as OpenSIPS writes them", () => {
    assert.deepEqual(parseSocketName("udp:127.0.0.1:5060"), { protocol: "udp", host: "127.0.0.1", port: 5060 });
    assert.deepEqual(parseSocketName("tcp:[::1]:5060"), { protocol: "tcp", host: "::1", port: 5060 });
    assert.deepEqual(parseSocketName("tls:127.0.0.1:5061"), { protocol: "tls", host: "127.0.0.1", port: 5061 });
  });

  it("accepts an upper-case protocol and port 0, and normalizes the IPv6 spelling", () => {
    assert.deepEqual(parseSocketName("UDP:10.0.0.1:0"), { protocol: "udp", host: "10.0.0.1", port: 0 });
    assert.deepEqual(parseSocketName("tls:[2001:DB8:0::1]:5061"), {
      protocol: "tls",
      host: "2001:db8::1",
      port: 5061,
    });
  });

  const bad: Array<[string, RegExp]> = [
    ["", /is empty/],
    ["127.0.0.1", /has no protocol/],
    [":127.0.0.1:5060", /has no protocol/],
    ["ws:127.0.0.1:80", /protocol "ws" is not supported/],
    ["udp:127.0.0.1", /has no port/],
    ["udp:[::1]", /has no port/],
    ["udp:", /has no host/],
    ["udp::5060", /has no host/],
    ["udp:::1:5060", /IPv6 address must be written in brackets/],
    ["udp:[::1:5060", /unclosed \[/],
    ["udp:[127.0.0.1]:5060", /in brackets is not an IPv6 address/],
    ["udp:[::1]5060", /unexpected "5060" after the \]/],
    ["udp:example.com:5060", /host "example.com" is not an IP address/],
    ["udp:127.0.0.1:sip", /port "sip" is not a number/],
    ["udp:127.0.0.1:", /port "" is not a number/],
    ["udp:127.0.0.1:70000", /port 70000 is above 65535/],
    ["udp: 127.0.0.1:5060", /contains whitespace/],
  ];
  for (const [name, reason] of bad) {
    it(`rejects ${JSON.stringify(name)} saying what is wrong`, () => {
      assert.throws(
        () => parseSocketName(name),
        (error: unknown) =>
          error instanceof TransportError &&
          error.code === "invalid_socket_name" &&
          error.fault === "local" &&
          reason.test(error.message) &&
          error.message.includes(`"${name}"`),
      );
    });
  }
});

describe("formatting and comparing addresses", () => {
  it("formats socket names and addresses, bracketing IPv6", () => {
    assert.equal(formatSocketName({ protocol: "tcp", host: "::1", port: 5060 }), "tcp:[::1]:5060");
    assert.equal(formatSocketName({ protocol: "udp", host: "127.0.0.1", port: 5060 }), "udp:127.0.0.1:5060");
    assert.equal(formatAddress({ host: "10.1.2.3", port: 7 }), "10.1.2.3:7");
  });

  it("round-trips parse and format", () => {
    for (const name of ["udp:127.0.0.1:5060", "tcp:[::1]:5060", "tls:[2001:db8::5]:5061"]) {
      assert.equal(formatSocketName(parseSocketName(name)), name);
    }
  });

  it("gives one spelling per IP address", () => {
    assert.equal(normalizeHost("[::1]"), "::1");
    assert.equal(normalizeHost("0:0:0:0:0:0:0:1"), "::1");
    assert.equal(normalizeHost("::FFFF:127.0.0.1"), "127.0.0.1");
    assert.equal(normalizeHost("fe80::1%eth0"), "fe80::1%eth0");
    assert.equal(normalizeHost("example.com"), "example.com");
    assert.equal(addressKey({ host: "0::1", port: 5 }), addressKey({ host: "[::1]", port: 5 }));
    assert.notEqual(addressKey({ host: "::1", port: 5 }), addressKey({ host: "::1", port: 6 }));
  });

  it("tells IP families and wildcards", () => {
    assert.equal(ipFamily("127.0.0.1"), 4);
    assert.equal(ipFamily("[::1]"), 6);
    assert.equal(ipFamily("example.com"), 0);
    assert.ok(isWildcardHost("0.0.0.0"));
    assert.ok(isWildcardHost("[::]"));
    assert.ok(!isWildcardHost("127.0.0.1"));
  });
});

describe("destinationError", () => {
  const v4 = { protocol: "udp" as const, host: "127.0.0.1", port: 5060 };
  const v6 = { protocol: "tcp" as const, host: "::1", port: 5060 };
  const anyV6 = { protocol: "udp" as const, host: "::", port: 5060 };

  it("accepts an IP literal of the socket's family", () => {
    assert.equal(destinationError(v4, { host: "10.0.0.1", port: 5060 }), null);
    assert.equal(destinationError(v6, { host: "[::2]", port: 1 }), null);
    assert.equal(destinationError(anyV6, { host: "10.0.0.1", port: 65_535 }), null);
  });

  it("rejects names, bad ports and the other family with invalid_address", () => {
    const cases: Array<[typeof v4 | typeof v6, { host: string; port: number }, RegExp]> = [
      [v4, { host: "registrar.example", port: 5060 }, /not an IP address/],
      [v4, { host: "10.0.0.1", port: 0 }, /not a port from 1 to 65535/],
      [v4, { host: "10.0.0.1", port: 5060.5 }, /not a port/],
      [v4, { host: "::1", port: 5060 }, /IPv6 destination on an IPv4 socket/],
      [v6, { host: "10.0.0.1", port: 5060 }, /IPv4 destination on an IPv6 socket/],
    ];
    for (const [local, to, reason] of cases) {
      const error = destinationError(local, to);
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, "invalid_address");
      assert.match(error.message, reason);
    }
  });
});
