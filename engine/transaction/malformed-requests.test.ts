import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getTo, getTag, headerValue, parseMessage, type SipResponse } from "../sip/index.js";
import { CLIENT_HOST, SERVER_HOST, decode, encode, pair, type Pair, type PairOptions } from "../../testkit/transaction-pair.js";

const TO_SERVER = { host: SERVER_HOST, port: 5060 };

/** A REGISTER as a peer might write it; `override` replaces (or, with null, removes) headers by name. */
function request(override: Record<string, string | null> = {}, method = "REGISTER"): Uint8Array {
  const headers: Record<string, string | null> = {
    Via: `SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKmal;rport`,
    From: "<sip:alice@example.com>;tag=f1",
    To: "<sip:alice@example.com>",
    "Call-ID": "mal-1",
    CSeq: `1 ${method}`,
    Contact: `<sip:alice@${CLIENT_HOST}:5060>`,
    ...override,
  };
  const lines = Object.entries(headers).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}\r\n`]));
  return encode(`${method} sip:registrar.example SIP/2.0\r\n${lines.join("")}Content-Length: 0\r\n\r\n`);
}

/** A registrar layer that answers malformed requests, a handler that must not be reached, and what the client endpoint gets. */
function setup(options: PairOptions = {}): { p: Pair; got: string[]; handled: string[] } {
  const p = pair({ answerMalformedRequests: true, ...options });
  const handled: string[] = [];
  p.server.onRequest((incoming) => {
    handled.push(incoming.request.method);
    void incoming.respond(incoming.createResponse(200));
  });
  const got: string[] = [];
  p.clientTransport.onMessage((m) => got.push(decode(m.data)));
  return { p, got, handled };
}

function response(text: string | undefined): SipResponse {
  assert.ok(text !== undefined, "a response was sent");
  const message = parseMessage(encode(text));
  assert.equal(message.kind, "response");
  return message as SipResponse;
}

/** Every datagram or segment the registrar sent. */
function serverSends(p: Pair): string[] {
  const sends: string[] = [];
  p.network.observe((event) => {
    if (event.kind === "sent" && event.from.host === SERVER_HOST) sends.push(`${event.to.host}:${event.to.port}`);
  });
  return sends;
}

describe("transaction layer, malformed requests (RFC 3261 §8.2, §16.3, §18.2)", () => {
  it("answers a CSeq whose method is not the request's with a 400 naming it, to the source (rport)", async () => {
    const { p, got, handled } = setup();
    await p.clientTransport.send(TO_SERVER, request({ CSeq: "1 OPTIONS" }));
    await p.fake.tickAsync(10);
    assert.equal(got.length, 1);
    const answer = response(got[0]);
    assert.equal(answer.status, 400);
    assert.equal(answer.reason, "Bad CSeq: method OPTIONS does not match the request method REGISTER");
    assert.equal(headerValue(answer, "Via"), `SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKmal;rport=5060`);
    assert.equal(headerValue(answer, "CSeq"), "1 OPTIONS", "copied as it came");
    assert.equal(headerValue(answer, "From"), "<sip:alice@example.com>;tag=f1");
    assert.equal(headerValue(answer, "Call-ID"), "mal-1");
    assert.match(getTag(getTo(answer)) ?? "", /^[0-9a-f]{16}$/);
    assert.deepEqual(handled, []);
    assert.equal(p.server.stats.malformedMessages, 1);
    assert.equal(p.server.stats.malformedRequestsAnswered, 1);
    assert.equal(p.server.stats.serverTransactionsStarted, 0);
    assert.deepEqual(
      p.serverLog.lines.filter((l) => l.level === "warn").map((l) => l.msg),
      ["malformed SIP request answered with 400"],
    );
  });

  it("answers udp without rport at the sent-by port, stamping received (RFC 3261 §18.2.1, §18.2.2)", async () => {
    const { p } = setup();
    const sends = serverSends(p);
    const listener = p.network.bind(`udp:${CLIENT_HOST}:5070`);
    const got: string[] = [];
    listener.onMessage((m) => got.push(decode(m.data)));
    const via = "SIP/2.0/UDP pbx.example.com:5070;branch=z9hG4bKnoport";
    await p.clientTransport.send(TO_SERVER, request({ Via: via, CSeq: "one REGISTER" }));
    await p.fake.tickAsync(10);
    assert.deepEqual(sends, [`${CLIENT_HOST}:5070`]);
    const answer = response(got[0]);
    assert.match(answer.reason, /^Bad CSeq: .*expected CSeq number/);
    assert.equal(headerValue(answer, "Via"), `${via};received=${CLIENT_HOST}`);
  });

  it("answers a retransmission with the same 400, To tag included (RFC 3261 §8.2.7)", async () => {
    const { p, got } = setup();
    for (let i = 0; i < 3; i++) await p.clientTransport.send(TO_SERVER, request({ CSeq: "1 OPTIONS" }));
    await p.fake.tickAsync(10);
    assert.equal(got.length, 3);
    assert.equal(new Set(got).size, 1);
    assert.equal(p.server.stats.malformedRequestsAnswered, 3);
    await p.clientTransport.send(TO_SERVER, request({ CSeq: "1 OPTIONS", "Call-ID": "mal-2" }));
    await p.fake.tickAsync(10);
    assert.notEqual(getTag(getTo(response(got[3]))), getTag(getTo(response(got[0]))), "another request, another tag");
  });

  it("answers a missing Call-ID with a 400 without one", async () => {
    const { p, got, handled } = setup();
    await p.clientTransport.send(TO_SERVER, request({ "Call-ID": null }));
    await p.fake.tickAsync(10);
    const answer = response(got[0]);
    assert.equal(answer.status, 400);
    assert.equal(answer.reason, "Bad Call-ID: missing Call-ID header");
    assert.equal(headerValue(answer, "Call-ID"), null);
    assert.deepEqual(handled, []);
  });

  it("copies a broken To as it came, with no tag, and names it", async () => {
    const { p, got } = setup();
    await p.clientTransport.send(TO_SERVER, request({ To: "<sip:alice@example.com" }));
    await p.fake.tickAsync(10);
    const answer = response(got[0]);
    assert.match(answer.reason, /^Bad To: /);
    assert.equal(headerValue(answer, "To"), "<sip:alice@example.com");
  });

  it("answers over tcp on the connection the request came in on", async () => {
    const { p, got } = setup({ protocol: "tcp" });
    await p.clientTransport.send(TO_SERVER, request({ Via: `SIP/2.0/TCP ${CLIENT_HOST}:5060;branch=z9hG4bKt`, From: null }));
    await p.fake.tickAsync(10);
    assert.equal(response(got[0]).reason, "Bad From: missing From header");
    assert.equal(p.server.stats.malformedRequestsAnswered, 1);
  });

  it("leaves an unparsable Contact to the request handler", async () => {
    const { p, got, handled } = setup();
    await p.clientTransport.send(TO_SERVER, request({ Contact: "<sip:alice@" }));
    await p.fake.tickAsync(10);
    assert.deepEqual(handled, ["REGISTER"]);
    assert.equal(response(got[0]).status, 200);
    assert.equal(p.server.stats.malformedMessages, 0);
  });

  it("sends nothing for bytes that are no request, a Via that does not parse, or a malformed ACK or CANCEL", async () => {
    const { p, handled } = setup();
    const sends = serverSends(p);
    await p.clientTransport.send(TO_SERVER, encode("this is not SIP\r\n\r\n"));
    await p.clientTransport.send(TO_SERVER, encode("REGISTER sip:registrar.example SIP/2.0\r\nbroken header line\r\n\r\n"));
    await p.clientTransport.send(TO_SERVER, request({ Via: "garbage", CSeq: "1 OPTIONS" }));
    await p.clientTransport.send(TO_SERVER, request({ Via: null }));
    await p.clientTransport.send(TO_SERVER, request({ "Call-ID": null }, "ACK"));
    await p.clientTransport.send(TO_SERVER, request({ "Call-ID": null }, "CANCEL"));
    await p.fake.tickAsync(10);
    assert.deepEqual(sends, []);
    assert.deepEqual(handled, []);
    assert.equal(p.server.stats.parseFailures, 2);
    assert.equal(p.server.stats.malformedMessages, 4);
    assert.equal(p.server.stats.malformedRequestsAnswered, 0);
  });

  it("sends nothing when the option is off (the default)", async () => {
    const { p, handled } = setup({ answerMalformedRequests: false });
    const sends = serverSends(p);
    await p.clientTransport.send(TO_SERVER, request({ CSeq: "1 OPTIONS" }));
    await p.clientTransport.send(TO_SERVER, request({ "Call-ID": null }));
    await p.fake.tickAsync(10);
    assert.deepEqual(sends, []);
    assert.deepEqual(handled, []);
    assert.equal(p.server.stats.malformedMessages, 2);
    assert.equal(p.server.stats.malformedRequestsAnswered, 0);
  });

  it("never answers a malformed response", async () => {
    const { p } = setup();
    const sends = serverSends(p);
    const malformed =
      "SIP/2.0 200 OK\r\n" +
      `Via: SIP/2.0/UDP ${SERVER_HOST}:5060;branch=z9hG4bKr;rport\r\n` +
      "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: one REGISTER\r\nContent-Length: 0\r\n\r\n";
    await p.clientTransport.send(TO_SERVER, encode(malformed));
    await p.fake.tickAsync(10);
    assert.deepEqual(sends, []);
    assert.equal(p.server.stats.malformedMessages, 1);
    assert.equal(p.server.stats.malformedRequestsAnswered, 0);
  });

  it("keeps serving well-formed requests after malformed ones", async () => {
    const { p, got, handled } = setup();
    await p.clientTransport.send(TO_SERVER, request({ CSeq: "1 OPTIONS" }));
    await p.clientTransport.send(TO_SERVER, request({ Via: `SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKgood;rport` }));
    await p.fake.tickAsync(10);
    assert.deepEqual(got.map((text) => response(text).status), [400, 200]);
    assert.deepEqual(handled, ["REGISTER"]);
  });
});
