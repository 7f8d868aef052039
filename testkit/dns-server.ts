/**
 * A real DNS server on 127.0.0.1 (a free UDP port) serving a small zone from memory, for the
 * RFC 3263 tests (D36): NAPTR, SRV, A and AAAA records, authoritative answers, NXDOMAIN for a
 * name it does not know, and a log of the questions asked. Built on dns2; closed when the test
 * ends. Tests point the engine's resolver at it (`serverDns`), so /etc/resolv.conf is never read.
 */
import dns2 from "dns2";
import type { TestContext } from "node:test";

export interface NaptrRecord {
  readonly order: number;
  readonly preference: number;
  readonly flags: string;
  readonly service: string;
  readonly regexp: string;
  readonly replacement: string;
}

export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

/** Records by owner name (lower case, no trailing dot). */
export interface Zone {
  readonly naptr?: Readonly<Record<string, readonly NaptrRecord[]>>;
  readonly srv?: Readonly<Record<string, readonly SrvRecord[]>>;
  readonly a?: Readonly<Record<string, readonly string[]>>;
  readonly aaaa?: Readonly<Record<string, readonly string[]>>;
}

export interface DnsServer {
  /** `127.0.0.1:port`, as `serverDns` and `dns_server` take it. */
  readonly address: string;
  /** Every question asked, `TYPE name`, in order. */
  readonly questions: string[];
}

const { Packet } = dns2;
const NAPTR = 35;
const TTL_SEC = 1;

interface Writer {
  write(value: number, bits: number): void;
}

/**
 * dns2 has no NAPTR codec; RFC 3403 §4.1's RDATA is registered here, where dns2 looks codecs up
 * by type name: ORDER, PREFERENCE, then FLAGS, SERVICES and REGEXP as character-strings, then
 * REPLACEMENT as a domain name.
 */
function registerNaptr(): void {
  const packet = Packet as unknown as {
    TYPE_NAME: Record<number, string>;
    Resource: Record<string, unknown>;
    Name: { encode(name: string, writer: Writer): void };
  };
  if (packet.TYPE_NAME[NAPTR] === "NAPTR") return;
  const characterString = (text: string, writer: Writer): void => {
    const bytes = Buffer.from(text, "latin1");
    writer.write(bytes.length, 8);
    for (const byte of bytes) writer.write(byte, 8);
  };
  packet.TYPE_NAME[NAPTR] = "NAPTR";
  packet.Resource["NAPTR"] = {
    encode(record: NaptrRecord, writer: Writer) {
      writer.write(record.order, 16);
      writer.write(record.preference, 16);
      characterString(record.flags, writer);
      characterString(record.service, writer);
      characterString(record.regexp, writer);
      packet.Name.encode(record.replacement, writer);
    },
  };
}

export async function startDnsServer(t: TestContext, zone: Zone): Promise<DnsServer> {
  registerNaptr();
  const questions: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      response.header.aa = 1;
      for (const question of request.questions) {
        const name = question.name.toLowerCase().replace(/\.$/, "");
        const base = { name: question.name, class: Packet.CLASS.IN, ttl: TTL_SEC };
        const type = question.type as number;
        const typeName = type === NAPTR ? "NAPTR" : type === Packet.TYPE.SRV ? "SRV" : type === Packet.TYPE.A ? "A" : type === Packet.TYPE.AAAA ? "AAAA" : `TYPE${type}`;
        questions.push(`${typeName} ${name}`);
        const known = [zone.naptr, zone.srv, zone.a, zone.aaaa].some((records) => records?.[name] !== undefined);
        if (!known) response.header.rcode = Packet.RCODE.NXDOMAIN;
        // dns2 encodes plain records by their type; its typings ask for Resource instances.
        const answer = (record: object): void => void response.answers.push(record as InstanceType<typeof Packet.Resource>);
        if (type === NAPTR) for (const record of zone.naptr?.[name] ?? []) answer({ ...base, type: NAPTR, ...record });
        if (type === Packet.TYPE.SRV) for (const record of zone.srv?.[name] ?? []) answer({ ...base, type: Packet.TYPE.SRV, ...record });
        if (type === Packet.TYPE.A) for (const address of zone.a?.[name] ?? []) answer({ ...base, type: Packet.TYPE.A, address });
        if (type === Packet.TYPE.AAAA) for (const address of zone.aaaa?.[name] ?? []) answer({ ...base, type: Packet.TYPE.AAAA, address });
      }
      send(response);
    },
  });
  const bound = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  t.after(() => server.close());
  const port = (bound as { udp?: { port: number } }).udp?.port;
  if (port === undefined) throw new Error("the DNS server has no UDP port");
  return { address: `127.0.0.1:${port}`, questions };
}
