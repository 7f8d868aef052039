/** The test-controlled TCP proxy against an echo server on loopback: open, stalled, cut, restored. */
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../engine/index.js";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.js";

/** Long enough for a loopback round trip many times over; an echo inside it means bytes flowed. */
const QUIET_MS = 200;

let echo: Server;
let echoPort = 0;

before(async () => {
  echo = createServer((socket) => {
    // The proxy resets its side on a cut: that reaches the echo server as ECONNRESET.
    socket.on("error", () => {});
    socket.pipe(socket);
  });
  echo.listen(0, "127.0.0.1");
  await once(echo, "listening");
  const address = echo.address();
  echoPort = typeof address === "object" && address !== null ? address.port : 0;
});
after(() => new Promise<void>((resolve) => echo.close(() => resolve())));

async function client(proxy: TcpProxy): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port: proxy.port });
  await once(socket, "connect");
  return socket;
}

/** What the socket receives within `ms`. */
function heard(socket: Socket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer): void => void (text += chunk.toString());
    socket.on("data", onData);
    systemClock.setTimeout(() => {
      socket.off("data", onData);
      resolve(text);
    }, ms);
  });
}

describe("TCP proxy", () => {
  it("forwards both ways while open", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: echoPort });
    try {
      const socket = await client(proxy);
      const reply = heard(socket, QUIET_MS);
      socket.write("ping");
      assert.equal(await reply, "ping");
      socket.destroy();
    } finally {
      await proxy.close();
    }
  });

  it("a stall holds the bytes of open and new connections; restore delivers them in order", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: echoPort });
    try {
      const early = await client(proxy);
      proxy.stall();
      const earlyQuiet = heard(early, QUIET_MS);
      early.write("one,");
      early.write("two");
      const late = await client(proxy);
      const lateQuiet = heard(late, QUIET_MS);
      late.write("three");
      assert.equal(await earlyQuiet, "");
      assert.equal(await lateQuiet, "");
      const earlyAfter = heard(early, QUIET_MS);
      const lateAfter = heard(late, QUIET_MS);
      proxy.restore();
      assert.equal(await earlyAfter, "one,two");
      assert.equal(await lateAfter, "three");
      early.destroy();
      late.destroy();
    } finally {
      await proxy.close();
    }
  });

  it("strand: open connections go silent for good, both ways, while new ones flow", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: echoPort });
    try {
      const old = await client(proxy);
      const before = heard(old, QUIET_MS);
      old.write("before");
      assert.equal(await before, "before");
      proxy.strand();
      const oldQuiet = heard(old, QUIET_MS);
      old.write("lost");
      const fresh = await client(proxy);
      const freshHeard = heard(fresh, QUIET_MS);
      fresh.write("fresh");
      assert.equal(await freshHeard, "fresh");
      assert.equal(await oldQuiet, "");
      // A restore does not bring a stranded connection back.
      proxy.restore();
      assert.equal(await heard(old, QUIET_MS), "");
      old.destroy();
      fresh.destroy();
    } finally {
      await proxy.close();
    }
  });

  it("a cut resets open connections and refuses new ones until restore", async () => {
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: echoPort });
    try {
      const open = await client(proxy);
      open.on("error", () => {});
      const closed = new Promise((resolve) => open.once("close", resolve));
      proxy.cut();
      await closed;
      const refused = connect({ host: "127.0.0.1", port: proxy.port });
      refused.on("error", () => {});
      await new Promise((resolve) => refused.once("close", resolve));
      assert.equal(refused.bytesRead, 0);
      proxy.restore();
      const again = await client(proxy);
      const reply = heard(again, QUIET_MS);
      again.write("back");
      assert.equal(await reply, "back");
      again.destroy();
      assert.equal(proxy.accepted, 3);
    } finally {
      await proxy.close();
    }
  });
});
