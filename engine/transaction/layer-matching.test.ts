import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CLIENT_HOST, SERVER_HOST, decode, encode, pair } from "../../testkit/transaction-pair.js";

const request = (via: string, callId = "m1"): Uint8Array =>
  encode(
    "REGISTER sip:registrar.example SIP/2.0\r\n" +
      `Via: ${via}\r\n` +
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\n" +
      `Call-ID: ${callId}\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`,
  );

describe("transaction layer matching edge cases (RFC 3261 §8.1.3.3, §17.2.3, §18.2.1)", () => {
  it("drops a response with more than one Via as malformed, not as unmatched", async () => {
    const p = pair();
    const response =
      "SIP/2.0 200 OK\r\n" +
      `Via: SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKa, SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKb\r\n` +
      "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, encode(response));
    await p.fake.tickAsync(10);
    assert.equal(p.client.stats.malformedMessages, 1);
    assert.equal(p.client.stats.unmatchedResponses, 0);
  });

  it("drops a response with a branch and a malformed CSeq as malformed; one without a branch as unmatched, CSeq unread", async () => {
    const p = pair();
    const response = (via: string) =>
      encode(`SIP/2.0 200 OK\r\nVia: ${via}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: x\r\nContent-Length: 0\r\n\r\n`);
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, response(`SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKa`));
    await p.serverTransport.send({ host: CLIENT_HOST, port: 5060 }, response(`SIP/2.0/UDP ${CLIENT_HOST}:5060`));
    await p.fake.tickAsync(10);
    assert.equal(p.client.stats.malformedMessages, 1);
    assert.equal(p.client.stats.unmatchedResponses, 1);
  });

  it("matches retransmissions from an RFC 2543 client (no magic cookie) on the old fields", async () => {
    const p = pair();
    let calls = 0;
    p.server.onRequest((incoming) => {
      calls++;
      void incoming.respond(incoming.createResponse(200));
    });
    const got: string[] = [];
    p.clientTransport.onMessage((m) => got.push(decode(m.data)));
    const to = { host: SERVER_HOST, port: 5060 };
    await p.clientTransport.send(to, request(`SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=old1`));
    await p.clientTransport.send(to, request(`SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=old1`));
    await p.clientTransport.send(to, request(`SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=old1`, "m2"));
    await p.fake.tickAsync(10);
    assert.equal(calls, 2, "the third request has another Call-ID: a new transaction");
    assert.equal(got.length, 3);
    assert.equal(p.server.stats.responsesResent, 1);
  });

  it("stamps only the top value of a Via header that lists several", async () => {
    const p = pair();
    let vias = "";
    p.server.onRequest((incoming) => {
      vias = incoming.request.headers.filter((h) => h.name === "Via").map((h) => h.value).join(" | ");
    });
    const via = "SIP/2.0/UDP proxy.example;branch=z9hG4bKtop;rport, SIP/2.0/UDP 10.7.7.7:5062;branch=z9hG4bKlow";
    await p.clientTransport.send({ host: SERVER_HOST, port: 5060 }, request(via));
    await p.fake.tickAsync(10);
    assert.equal(
      vias,
      "SIP/2.0/UDP proxy.example;branch=z9hG4bKtop;rport=5060;received=10.0.0.1, SIP/2.0/UDP 10.7.7.7:5062;branch=z9hG4bKlow",
    );
  });

  it("tells apart requests that share a branch but not the sent-by", async () => {
    const p = pair();
    let calls = 0;
    p.server.onRequest((incoming) => {
      calls++;
      void incoming.respond(incoming.createResponse(200));
    });
    const to = { host: SERVER_HOST, port: 5060 };
    await p.clientTransport.send(to, request(`SIP/2.0/UDP ${CLIENT_HOST}:5060;branch=z9hG4bKsame;rport`));
    await p.clientTransport.send(to, request(`SIP/2.0/UDP ${CLIENT_HOST}:5080;branch=z9hG4bKsame;rport`));
    await p.fake.tickAsync(10);
    assert.equal(calls, 2);
    assert.equal(p.server.activeTransactions.server, 2);
  });
});
