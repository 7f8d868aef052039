/**
 * Helpers for the transaction tests: a fake clock, REGISTER requests without a Via, and two
 * transaction layers (a registrant and a registrar) on one MemoryNetwork.
 */
import type { Clock as FakeClock } from "@sinonjs/fake-timers";
import type { Clock } from "../engine/clock.js";
import { memoryLogger } from "../engine/log.js";
import { createRequest, parseUri, type SipRequest } from "../engine/sip/index.js";
import { MemoryNetwork, type NetworkFaults, type Transport, type TransportProtocol } from "../engine/transport/index.js";
import { TransactionLayer } from "../engine/transaction/transaction-layer.js";
import type { TimerSettings } from "../engine/transaction/timers.js";
import { createLab, ENGINE_HOST as CLIENT_HOST, REGISTRAR_HOST as SERVER_HOST } from "./lab.js";

export { ENGINE_HOST as CLIENT_HOST, REGISTRAR_HOST as SERVER_HOST } from "./lab.js";

/** A REGISTER as the registrant hands it over: everything but the Via. */
export function register(cseq: number, callId = `call-${cseq}@uacreg`): SipRequest {
  return createRequest({
    method: "REGISTER",
    uri: parseUri("sip:registrar.example"),
    headers: [
      ["Max-Forwards", "70"],
      ["From", "<sip:alice@example.com>;tag=from1"],
      ["To", "<sip:alice@example.com>"],
      ["Call-ID", callId],
      ["CSeq", `${cseq} REGISTER`],
      ["Contact", `<sip:alice@${CLIENT_HOST}:5060>`],
      ["Expires", "3600"],
    ],
  });
}

export interface Pair {
  fake: FakeClock;
  clock: Clock;
  network: MemoryNetwork;
  client: TransactionLayer;
  server: TransactionLayer;
  clientTransport: Transport;
  serverTransport: Transport;
  clientLog: ReturnType<typeof memoryLogger>;
  serverLog: ReturnType<typeof memoryLogger>;
}

export interface PairOptions {
  protocol?: TransportProtocol;
  faults?: Partial<NetworkFaults>;
  timers?: Partial<TimerSettings>;
  seed?: number;
  /** Bind no server endpoint (so a tcp connection is refused, a udp datagram lost). */
  noServer?: boolean;
  /** The registrar layer's `answerMalformedRequests`. */
  answerMalformedRequests?: boolean;
}

/** A registrant layer at 10.0.0.1:5060 and a registrar layer at 10.0.0.2:5060 (no handler set). */
export function pair(options: PairOptions = {}): Pair {
  const protocol = options.protocol ?? "udp";
  const { fake, clock, random, network } = createLab({ startMs: 0, seed: options.seed ?? 42, faults: options.faults ?? {} });
  const clientLog = memoryLogger();
  const serverLog = memoryLogger();
  const timers = options.timers ?? {};
  const client = new TransactionLayer({ clock, random: random.child(), logger: clientLog, timers });
  const server = new TransactionLayer({
    clock,
    random: random.child(),
    logger: serverLog,
    timers,
    answerMalformedRequests: options.answerMalformedRequests ?? false,
  });
  const clientTransport = network.bind(`${protocol}:${CLIENT_HOST}:5060`);
  const serverTransport = network.bind(`${protocol}:${options.noServer === true ? "10.0.0.99" : SERVER_HOST}:5060`);
  client.attach(clientTransport);
  server.attach(serverTransport);
  return { fake, clock, network, client, server, clientTransport, serverTransport, clientLog, serverLog };
}

/** The route from the registrant to the registrar. */
export function toServer(p: Pair): { transport: Transport; destination: { host: string; port: number } } {
  return { transport: p.clientTransport, destination: { host: SERVER_HOST, port: 5060 } };
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
