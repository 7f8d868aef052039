import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getCSeq, getVias, parseMessage, viaBranch, viaRport, type SipResponse } from "../sip/index.js";
import { TransportError } from "../transport/index.js";
import { TransactionRequestError } from "./errors.js";
import { CLIENT_HOST, SERVER_HOST, decode, encode, pair, register, toServer } from "../../testkit/transaction-pair.js";
import { SERVER_TIMER_BATCH_MS } from "./server-transaction.js";

/** Client → server sends seen on the network, as clock times. */
function clientSendTimes(p: ReturnType<typeof pair>): number[] {
  const times: number[] = [];
  p.network.observe((event) => {
    if (event.kind === "sent" && event.from.host === CLIENT_HOST) times.push(event.atMs);
  });
  return times;
}

describe("transaction layer, client side (RFC 3261 §17.1.2, §17.1.3)", () => {
  it("adds the top Via and passes the registrar's final response up", async () => {
    const p = pair();
    const seen: string[] = [];
    p.server.onRequest((incoming) => {
      seen.push(incoming.request.headers[0]?.value ?? "");
      void incoming.respond(incoming.createResponse(200));
    });
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(10);
    const result = await outcome;
    assert.equal(result.kind, "response");
    assert.equal(result.kind === "response" && result.response.status, 200);
    assert.match(seen[0] ?? "", /^SIP\/2\.0\/UDP 10\.0\.0\.1:5060;branch=z9hG4bK[0-9a-f]{24};rport=5060$/);
    const response = (result as { response: SipResponse }).response;
    assert.equal(getVias(response).length, 1);
    assert.equal(viaRport(getVias(response)[0]!), 5060);
    assert.equal(getCSeq(response).method, "REGISTER");
    assert.deepEqual(p.client.activeTransactions, { client: 1, server: 0 }, "Completed until Timer K");
    await p.fake.tickAsync(5_000);
    assert.deepEqual(p.client.activeTransactions, { client: 0, server: 0 });
    assert.equal(p.client.stats.finalResponses, 1);
  });

  it("retransmits over udp after 500, 1000, 2000, 4000, 4000 ms and times out at exactly 30 s", async () => {
    const p = pair();
    const times = clientSendTimes(p);
    let outcomeAt = -1;
    void p.client.sendRequest(register(1), toServer(p)).then((o) => {
      assert.deepEqual(o, { kind: "timeout", afterMs: 30_000 });
      outcomeAt = p.clock.now();
    });
    await p.fake.tickAsync(29_999);
    assert.equal(outcomeAt, -1);
    await p.fake.tickAsync(1);
    assert.equal(outcomeAt, 30_000);
    assert.deepEqual(times.slice(0, 7), [0, 500, 1_500, 3_500, 7_500, 11_500, 15_500]);
    assert.deepEqual(times.slice(1).map((t, i) => t - times[i]!).slice(0, 5), [500, 1_000, 2_000, 4_000, 4_000]);
    assert.equal(times.at(-1), 27_500, "the last retransmission before Timer F");
    assert.equal(p.client.stats.retransmissionsSent, times.length - 1);
    assert.equal(p.server.stats.requestsUnhandled, times.length, "no handler: every copy is dropped");
    assert.equal(p.server.stats.serverTransactionsStarted, 0);
  });

  it("takes a configured final timeout", async () => {
    const p = pair({ timers: { finalTimeoutMs: 8_000 } });
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(8_000);
    assert.deepEqual(await outcome, { kind: "timeout", afterMs: 8_000 });
  });

  it("never retransmits over tcp, and still times out at 30 s", async () => {
    const p = pair({ protocol: "tcp" });
    const times = clientSendTimes(p);
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(30_000);
    assert.deepEqual(await outcome, { kind: "timeout", afterMs: 30_000 });
    assert.deepEqual(times, [0]);
    assert.equal(p.client.stats.retransmissionsSent, 0);
  });

  it("gives a transport-error outcome at once when the tcp connection is refused", async () => {
    const p = pair({ protocol: "tcp", noServer: true });
    const outcome = await p.client.sendRequest(register(1), toServer(p));
    assert.equal(outcome.kind, "transport-error");
    assert.ok(outcome.kind === "transport-error" && outcome.error instanceof TransportError);
    assert.equal(outcome.kind === "transport-error" && outcome.error.code, "connection_refused");
    assert.equal(p.clock.now(), 0);
    assert.equal(p.fake.countTimers(), 0, "Timer F is gone with the transaction");
    assert.equal(p.client.stats.transportErrors, 1);
  });

  it("passes provisionals to the callback and the final once", async () => {
    const p = pair();
    p.server.onRequest((incoming) => {
      void incoming.respond(incoming.createResponse(100));
      p.clock.setTimeout(() => void incoming.respond(incoming.createResponse(200)), 6_000);
    });
    const provisionals: number[] = [];
    const outcome = p.client.sendRequest(register(1), toServer(p), { onProvisional: (r) => provisionals.push(r.status) });
    await p.fake.tickAsync(6_010);
    const result = await outcome;
    assert.equal(result.kind === "response" && result.response.status, 200);
    assert.deepEqual(provisionals, [100, 100, 100], "the retransmissions got the 100 again");
    assert.equal(p.server.stats.responsesResent, 2, "at 500 ms, then T2 later at 4500 ms");
  });

  it("absorbs a duplicated final response", async () => {
    const p = pair({ faults: { duplicationRatio: 1 } });
    p.server.onRequest((incoming) => void incoming.respond(incoming.createResponse(200)));
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(10);
    assert.equal((await outcome).kind, "response");
    assert.equal(p.client.stats.finalResponses, 1);
    assert.ok(p.client.stats.responsesAbsorbed >= 1);
    assert.equal(p.server.stats.serverTransactionsStarted, 1, "the duplicated request was absorbed");
    assert.ok(p.server.stats.responsesResent >= 1);
  });

  it("counts and drops a response that matches no transaction (branch or CSeq method)", async () => {
    const p = pair();
    const stray = (branch: string, method: string): Uint8Array =>
      encode(
        "SIP/2.0 200 OK\r\n" +
          `Via: SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=${branch}\r\n` +
          "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\n" +
          `CSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`,
      );
    let branch = "";
    p.server.onRequest((incoming) => {
      branch = viaBranch(getVias(incoming.request)[0]!) ?? "";
    });
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(10);
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, stray("z9hG4bKnobody", "REGISTER"));
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, stray(branch, "OPTIONS"));
    await p.fake.tickAsync(10);
    assert.equal(p.client.stats.unmatchedResponses, 2);
    await p.fake.tickAsync(30_000);
    assert.equal((await outcome).kind, "timeout");
  });

  it("counts, logs and drops bytes that do not parse, and messages without a Via", async () => {
    const p = pair();
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, encode("this is not SIP\r\n\r\n"));
    await p.serverTransport.send(
      { host: CLIENT_HOST, port: 5060 },
      encode("SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n"),
    );
    await p.fake.tickAsync(10);
    assert.equal(p.client.stats.parseFailures, 1);
    assert.equal(p.client.stats.malformedMessages, 1);
    assert.deepEqual(
      p.clientLog.lines.filter((l) => l.level === "warn").map((l) => l.msg),
      ["unparseable SIP message dropped", "malformed SIP message dropped"],
    );
  });

  it("refuses requests it cannot send, as the caller's mistake", () => {
    const p = pair();
    const withVia = register(1);
    withVia.headers.unshift({ name: "Via", value: "SIP/2.0/UDP x;branch=z9hG4bK1" });
    const mismatched = register(1);
    mismatched.headers = mismatched.headers.map((h) => (h.name === "CSeq" ? { name: h.name, value: "1 OPTIONS" } : h));
    const invite = { ...register(1), method: "INVITE" };
    for (const request of [withVia, mismatched, invite]) {
      assert.throws(() => p.client.sendRequest(request, toServer(p)), TransactionRequestError);
    }
    const stranger = p.network.bind(`udp:${CLIENT_HOST}:5090`);
    assert.throws(
      () => p.client.sendRequest(register(1), { transport: stranger, destination: { host: SERVER_HOST, port: 5060 } }),
      /not attached/,
    );
  });

  it("ends pending transactions with a closed transport error on close, and ignores traffic after", async () => {
    const p = pair();
    const outcome = p.client.sendRequest(register(1), toServer(p));
    p.client.close();
    const result = await outcome;
    assert.equal(result.kind === "transport-error" && result.error.code, "closed");
    assert.equal(p.fake.countTimers() > 0, true, "the first datagram is still in flight");
    const late = await p.client.sendRequest(register(2), toServer(p));
    assert.equal(late.kind === "transport-error" && late.error.code, "closed");
    await p.fake.tickAsync(60_000);
    assert.equal(p.client.stats.clientTransactionsStarted, 1);
    assert.equal(p.fake.countTimers(), 0);
  });
});

describe("transaction layer, server side (RFC 3261 §17.2, §18.2)", () => {
  it("answers a retransmitted request from the cache without calling the handler again", async () => {
    const p = pair();
    let calls = 0;
    p.server.onRequest((incoming) => {
      calls++;
      void incoming.respond(incoming.createResponse(200));
    });
    const request =
      "REGISTER sip:registrar.example SIP/2.0\r\n" +
      `Via: SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKretrans\r\n` +
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: r1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
    const responses: string[] = [];
    p.clientTransport.onMessage((m) => responses.push(decode(m.data)));
    for (let i = 0; i < 3; i++) await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, encode(request));
    await p.fake.tickAsync(10);
    assert.equal(calls, 1);
    assert.equal(responses.length, 3);
    assert.equal(new Set(responses).size, 1, "the same response, To tag included");
    assert.equal(p.server.stats.responsesResent, 2);
    assert.equal(p.server.activeTransactions.server, 1);
    await p.fake.tickAsync(32_000 + SERVER_TIMER_BATCH_MS);
    assert.equal(p.server.activeTransactions.server, 0, "gone after Timer J = 64*T1 (and the shared wake-up's batch)");
    await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, encode(request));
    await p.fake.tickAsync(10);
    assert.equal(calls, 2, "after Timer J the same branch is a new request");
  });

  it("absorbs a retransmission that arrives before the handler answered", async () => {
    const p = pair();
    const pending: Array<() => void> = [];
    p.server.onRequest((incoming) => pending.push(() => void incoming.respond(incoming.createResponse(200))));
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(600);
    assert.equal(p.server.stats.requestsAbsorbed, 1);
    pending[0]?.();
    await p.fake.tickAsync(10);
    assert.equal((await outcome).kind, "response");
    assert.equal(pending.length, 1);
  });

  it("stamps received and rport, and answers udp to the source address and port (RFC 3581)", async () => {
    const p = pair();
    let topVia = "";
    p.server.onRequest((incoming) => {
      topVia = incoming.request.headers[0]?.value ?? "";
      void incoming.respond(incoming.createResponse(200));
    });
    const route = { ...toServer(p), sentBy: { host: "192.168.1.10", port: 5999 } };
    const outcome = p.client.sendRequest(register(1), route);
    await p.fake.tickAsync(10);
    assert.match(topVia, /^SIP\/2\.0\/UDP 192\.168\.1\.10:5999;branch=z9hG4bK[0-9a-f]+;rport=5060;received=10\.0\.0\.1$/);
    assert.equal((await outcome).kind, "response");
  });

  it("answers udp without rport to the sent-by port at the source address (RFC 3261 §18.2.2)", async () => {
    const p = pair();
    p.server.onRequest((incoming) => void incoming.respond(incoming.createResponse(404)));
    const listener = p.network.bind(`udp:${CLIENT_HOST}:5070`);
    const got: string[] = [];
    listener.onMessage((m) => got.push(decode(m.data)));
    const request =
      "OPTIONS sip:registrar.example SIP/2.0\r\n" +
      "Via: SIP/2.0/UDP pbx.example.com:5070;branch=z9hG4bKnoport\r\n" +
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, encode(request));
    await p.fake.tickAsync(10);
    assert.equal(got.length, 1);
    const response = parseMessage(encode(got[0]!));
    assert.equal(response.kind === "response" && response.status, 404);
    assert.match(got[0]!, /Via: SIP\/2\.0\/UDP pbx\.example\.com:5070;branch=z9hG4bKnoport;received=10\.0\.0\.1\r\n/);
    assert.match(got[0]!, /To: <sip:a@example\.com>;tag=[0-9a-f]{16}\r\n/);
  });

  it("answers over tcp and forgets the transaction at once (Timer J = 0)", async () => {
    const p = pair({ protocol: "tcp" });
    p.server.onRequest((incoming) => void incoming.respond(incoming.createResponse(200)));
    const outcome = p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(10);
    assert.equal((await outcome).kind, "response");
    assert.deepEqual(p.server.activeTransactions, { client: 0, server: 0 });
    assert.deepEqual(p.client.activeTransactions, { client: 0, server: 0 }, "Timer K = 0 on tcp");
  });

  it("survives a handler that throws, and counts requests without a handler or stray ACKs", async () => {
    const p = pair();
    p.server.onRequest(() => {
      throw new Error("handler bug");
    });
    void p.client.sendRequest(register(1), toServer(p));
    await p.fake.tickAsync(10);
    assert.equal(p.serverLog.lines.some((l) => l.level === "error" && l.msg === "request handler threw"), true);
    const ack =
      "ACK sip:registrar.example SIP/2.0\r\n" +
      `Via: SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKack\r\n` +
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>;tag=2\r\nCall-ID: a1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
    await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, encode(ack));
    await p.fake.tickAsync(10);
    assert.equal(p.server.stats.requestsUnhandled, 1);
  });

  it("drops requests whose CSeq method differs from the request method", async () => {
    const p = pair();
    p.server.onRequest(() => assert.fail("must not reach the handler"));
    const bad =
      "REGISTER sip:registrar.example SIP/2.0\r\n" +
      `Via: SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKbad\r\n` +
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: b1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, encode(bad));
    await p.fake.tickAsync(10);
    assert.equal(p.server.stats.malformedMessages, 1);
  });
});
