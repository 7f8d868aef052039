import assert from "node:assert/strict";
import type { NaptrRecord, SrvRecord } from "node:dns";
import { describe, it } from "node:test";
import { seededRandom } from "../random.js";
import { DnsResolver, orderSrv, type DnsLookups } from "./dns-resolver.js";
import { TransportError } from "./errors.js";
import { formatSocketName } from "./socket-name.js";
import type { SocketName } from "./transport.js";

interface Zone {
  naptr?: Record<string, NaptrRecord[]>;
  srv?: Record<string, SrvRecord[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  /** What getaddrinfo would find (/etc/hosts); absent: the resolver gets no `lookup`. */
  hosts?: Record<string, string[]>;
  /** Names whose queries fail with this error code instead of ENOTFOUND. */
  failing?: Record<string, string>;
}

/** A fake DNS over a zone table, recording every query as "TYPE name". */
function fakeDns(zone: Zone): { dns: DnsLookups; queries: string[] } {
  const queries: string[] = [];
  const answer = async <T>(type: string, table: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    queries.push(`${type} ${name}`);
    const records = table?.[name];
    if (records !== undefined) return records;
    const code = zone.failing?.[name] ?? "ENOTFOUND";
    throw Object.assign(new Error(`query${type} ${code} ${name}`), { code });
  };
  const dns: DnsLookups = {
    resolveNaptr: (name) => answer("NAPTR", zone.naptr, name),
    resolveSrv: (name) => answer("SRV", zone.srv, name),
    resolve4: (name) => answer("A", zone.a, name),
    resolve6: (name) => answer("AAAA", zone.aaaa, name),
  };
  const hosts = zone.hosts;
  if (hosts !== undefined) dns.lookup = (name) => answer("LOOKUP", hosts, name);
  return { dns, queries };
}

function naptr(order: number, preference: number, service: string, replacement: string, flags = "s"): NaptrRecord {
  return { order, preference, service, replacement, flags, regexp: "" };
}

function srv(priority: number, weight: number, port: number, name: string): SrvRecord {
  return { priority, weight, port, name };
}

function names(sockets: SocketName[]): string[] {
  return sockets.map(formatSocketName);
}

const target = (host: string, more: { scheme?: "sip" | "sips"; port?: number | null; transport?: string | null } = {}) => ({
  scheme: more.scheme ?? "sip",
  host,
  port: more.port ?? null,
  transport: more.transport ?? null,
});

function resolveFailed(host: string, fault: "local" | "remote", pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof TransportError, String(error));
    assert.equal(error.code, "resolve_failed");
    assert.equal(error.fault, fault);
    assert.ok(error.message.includes(`"${host}"`), error.message);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  };
}

describe("DnsResolver (RFC 3263 §4)", () => {
  it("needs no lookup for an IP literal; the transport comes from the URI", async () => {
    const { dns, queries } = fakeDns({});
    const resolver = new DnsResolver({ dns });
    assert.deepEqual(names(await resolver.resolve(target("192.0.2.1"))), ["udp:192.0.2.1:5060"]);
    assert.deepEqual(names(await resolver.resolve(target("192.0.2.1", { scheme: "sips" }))), ["tls:192.0.2.1:5061"]);
    assert.deepEqual(names(await resolver.resolve(target("192.0.2.1", { transport: "TCP", port: 5080 }))), ["tcp:192.0.2.1:5080"]);
    assert.deepEqual(names(await resolver.resolve(target("192.0.2.1", { scheme: "sips", transport: "tcp" }))), ["tls:192.0.2.1:5061"]);
    assert.deepEqual(names(await resolver.resolve(target("[2001:db8::1]"))), ["udp:[2001:db8::1]:5060"]);
    assert.deepEqual(names(await resolver.resolve(target("192.0.2.1"), { protocol: "tcp" })), ["tcp:192.0.2.1:5060"]);
    assert.deepEqual(queries, []);
  });

  it("with a port, looks up A and AAAA only", async () => {
    const { dns, queries } = fakeDns({
      naptr: { "example.com": [naptr(10, 10, "SIPS+D2T", "_sips._tcp.example.com")] },
      a: { "example.com": ["192.0.2.1", "192.0.2.2"] },
      aaaa: { "example.com": ["2001:DB8::1"] },
    });
    const resolver = new DnsResolver({ dns });
    assert.deepEqual(names(await resolver.resolve(target("example.com", { port: 5070 }))), [
      "udp:192.0.2.1:5070",
      "udp:192.0.2.2:5070",
      "udp:[2001:db8::1]:5070",
    ]);
    assert.deepEqual(queries.sort(), ["A example.com", "AAAA example.com"]);
    assert.deepEqual(names(await resolver.resolve(target("example.com", { port: 5071, scheme: "sips" }))).slice(0, 1), [
      "tls:192.0.2.1:5071",
    ]);
    assert.deepEqual(names(await resolver.resolve(target("example.com", { port: 5072, transport: "tcp" }))).slice(0, 1), [
      "tcp:192.0.2.1:5072",
    ]);
  });

  const naptrZone: Zone = {
    naptr: {
      "example.com": [
        naptr(20, 10, "SIP+D2U", "_sip._udp.example.com"),
        naptr(10, 20, "SIP+D2T", "_sip._tcp.example.com"),
        naptr(10, 10, "SIPS+D2T", "_sips._tcp.example.com"),
        naptr(5, 10, "E2U+sip", "!^.*$!sip:info@example.com!", "u"),
        naptr(5, 10, "SIP+D2S", "_sip._sctp.example.com"),
        naptr(5, 10, "SIP+D2U", "_sip._udp.other.example.com", "a"),
      ],
    },
    srv: {
      "_sips._tcp.example.com": [srv(0, 0, 5061, "tls.example.com")],
      "_sip._tcp.example.com": [srv(0, 0, 5060, "tcp.example.com")],
      "_sip._udp.example.com": [srv(0, 0, 5060, "udp.example.com")],
      "_sip._udp.other.example.com": [srv(0, 0, 5060, "other.example.com")],
    },
    a: {
      "tls.example.com": ["192.0.2.10"],
      "tcp.example.com": ["192.0.2.20"],
      "udp.example.com": ["192.0.2.30"],
      "other.example.com": ["192.0.2.40"],
      "example.com": ["192.0.2.99"],
    },
  };

  it("with no port or transport, follows NAPTR by order and preference, for the services we speak", async () => {
    const { dns } = fakeDns(naptrZone);
    const resolver = new DnsResolver({ dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("example.com"))), [
      "tls:192.0.2.10:5061",
      "tcp:192.0.2.20:5060",
      "udp:192.0.2.30:5060",
    ]);
  });

  it("keeps only SIPS+D2T from NAPTR for a sips URI", async () => {
    const { dns } = fakeDns(naptrZone);
    const resolver = new DnsResolver({ dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("example.com", { scheme: "sips" }))), ["tls:192.0.2.10:5061"]);
  });

  const srvZone: Zone = {
    srv: {
      "_sip._udp.example.com": [
        srv(20, 0, 5060, "backup.example.com"),
        srv(10, 10, 5062, "light.example.com"),
        srv(10, 60, 5064, "heavy.example.com"),
      ],
      "_sip._tcp.example.com": [srv(0, 0, 5066, "heavy.example.com")],
      "_sips._tcp.example.com": [srv(0, 0, 5061, "heavy.example.com")],
    },
    a: {
      "backup.example.com": ["192.0.2.3"],
      "light.example.com": ["192.0.2.2"],
      "heavy.example.com": ["192.0.2.1"],
    },
  };

  it("without NAPTR, tries the SRV of udp, tcp and tls, by priority then weight", async () => {
    const { dns, queries } = fakeDns(srvZone);
    const resolver = new DnsResolver({ dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("example.com"))), [
      "udp:192.0.2.1:5064",
      "udp:192.0.2.2:5062",
      "udp:192.0.2.3:5060",
      "tcp:192.0.2.1:5066",
      "tls:192.0.2.1:5061",
    ]);
    assert.equal(queries[0], "NAPTR example.com");
  });

  it("queries only _sips._tcp for a sips URI", async () => {
    const { dns, queries } = fakeDns(srvZone);
    const resolver = new DnsResolver({ dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("example.com", { scheme: "sips" }))), ["tls:192.0.2.1:5061"]);
    assert.deepEqual(queries.filter((query) => query.startsWith("SRV")), ["SRV _sips._tcp.example.com"]);
  });

  it("with a forced socket (D19) or a transport parameter, skips NAPTR and uses that transport's SRV", async () => {
    for (const [options, more] of [
      [{ protocol: "tcp" as const }, {}],
      [{}, { transport: "tcp" }],
    ] as const) {
      const { dns, queries } = fakeDns({ ...srvZone, naptr: naptrZone.naptr ?? {} });
      const resolver = new DnsResolver({ dns, ipv6: false });
      assert.deepEqual(names(await resolver.resolve(target("example.com", more), options)), ["tcp:192.0.2.1:5066"]);
      assert.deepEqual(queries.filter((query) => !query.startsWith("A ")), ["SRV _sip._tcp.example.com"]);
    }
  });

  it("falls back to A/AAAA with the scheme's transport and default port", async () => {
    const { dns } = fakeDns({ a: { "example.com": ["192.0.2.1"] }, aaaa: { "example.com": ["2001:db8::1"] } });
    const resolver = new DnsResolver({ dns });
    assert.deepEqual(names(await resolver.resolve(target("example.com"))), ["udp:192.0.2.1:5060", "udp:[2001:db8::1]:5060"]);
    assert.deepEqual(names(await resolver.resolve(target("example.com", { scheme: "sips" }))), [
      "tls:192.0.2.1:5061",
      "tls:[2001:db8::1]:5061",
    ]);
    assert.deepEqual(names(await resolver.resolve(target("example.com"), { protocol: "tcp" })), [
      "tcp:192.0.2.1:5060",
      "tcp:[2001:db8::1]:5060",
    ]);
  });

  it("skips SRV targets of '.', drops repeats, and goes on after a failing NAPTR query", async () => {
    const { dns } = fakeDns({
      failing: { "example.com": "ESERVFAIL" },
      srv: {
        "_sip._udp.example.com": [srv(0, 0, 5060, "."), srv(1, 0, 5060, "a.example.com"), srv(2, 0, 5060, "a.example.com")],
      },
      a: { "a.example.com": ["192.0.2.1"] },
    });
    const resolver = new DnsResolver({ dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("example.com"))), ["udp:192.0.2.1:5060"]);
  });

  it("uses the system resolver (/etc/hosts) when DNS has no address", async () => {
    const zone: Zone = { hosts: { "registrar.lab": ["127.0.0.1", "::1"] } };
    const both = fakeDns(zone);
    assert.deepEqual(names(await new DnsResolver({ dns: both.dns }).resolve(target("registrar.lab", { port: 5060 }))), [
      "udp:127.0.0.1:5060",
      "udp:[::1]:5060",
    ]);
    assert.deepEqual(both.queries.sort(), ["A registrar.lab", "AAAA registrar.lab", "LOOKUP registrar.lab"]);

    const v4Only = fakeDns(zone);
    const resolver = new DnsResolver({ dns: v4Only.dns, ipv6: false });
    assert.deepEqual(names(await resolver.resolve(target("registrar.lab", { port: 5060 }))), ["udp:127.0.0.1:5060"]);
    assert.ok(!v4Only.queries.includes("AAAA registrar.lab"));
  });

  it("rejects with resolve_failed naming the host when nothing resolves", async () => {
    const { dns } = fakeDns({ failing: { "nowhere.example": "ETIMEOUT" } });
    const resolver = new DnsResolver({ dns });
    await assert.rejects(resolver.resolve(target("nowhere.example")), (error: unknown) => {
      resolveFailed("nowhere.example", "remote", /no NAPTR, SRV, A or AAAA records/)(error);
      assert.match(String((error as TransportError).cause), /ETIMEOUT/);
      return true;
    });
    await assert.rejects(
      resolver.resolve(target("nowhere.example", { port: 5060 })),
      resolveFailed("nowhere.example", "remote", /no A or AAAA records/),
    );
  });

  it("rejects what no lookup can fix as our own fault, without querying", async () => {
    const { dns, queries } = fakeDns({});
    const resolver = new DnsResolver({ dns });
    await assert.rejects(resolver.resolve(target("example.com", { transport: "sctp" })), resolveFailed("example.com", "local", /transport=sctp/));
    await assert.rejects(resolver.resolve(target("example.com", { scheme: "sips", transport: "udp" })), resolveFailed("example.com", "local"));
    await assert.rejects(resolver.resolve(target("example.com", { port: 70_000 })), resolveFailed("example.com", "local", /port 70000/));
    await assert.rejects(resolver.resolve(target("")), (error: unknown) => error instanceof TransportError && error.code === "resolve_failed");
    assert.deepEqual(queries, []);
  });
});

describe("orderSrv (RFC 2782)", () => {
  const records = [srv(20, 50, 1, "late"), srv(10, 90, 1, "heavy"), srv(10, 10, 1, "light"), srv(10, 0, 1, "zero")];

  it("without randomness: lower priority first, then higher weight", () => {
    assert.deepEqual(orderSrv(records).map((record) => record.name), ["heavy", "light", "zero", "late"]);
  });

  it("with randomness: weighted choice within a priority, reproducible from the seed", () => {
    const firsts = new Map<string, number>();
    const random = seededRandom(5);
    for (let i = 0; i < 2000; i++) {
      const ordered = orderSrv(records, random).map((record) => record.name);
      assert.equal(ordered[3], "late");
      assert.deepEqual([...ordered.slice(0, 3)].sort(), ["heavy", "light", "zero"]);
      firsts.set(ordered[0] ?? "", (firsts.get(ordered[0] ?? "") ?? 0) + 1);
    }
    const heavy = firsts.get("heavy") ?? 0;
    const light = firsts.get("light") ?? 0;
    assert.ok(heavy > 1650 && heavy < 1950, `heavy first ${heavy} times`);
    assert.ok(light > 120 && light < 300, `light first ${light} times`);
    assert.ok((firsts.get("zero") ?? 0) < 60);
    assert.deepEqual(orderSrv(records, seededRandom(9)), orderSrv(records, seededRandom(9)));
  });
});
