/**
 * Helpers for the transport tests: SIP-shaped messages and an inbox that waits for messages by
 * event (never by polling), so tests on real sockets are as fast as the sockets.
 */
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import type { TestContext } from "node:test";
import type { InboundMessage, SocketAddress, Transport } from "../engine/transport/transport.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An OPTIONS request with a correct Content-Length; `tag` ends up in Call-ID and body. */
export function sipRequest(tag: string, body = `body of ${tag}`): Uint8Array {
  const bodyBytes = encoder.encode(body);
  const head =
    `OPTIONS sip:registrar.example SIP/2.0\r\n` +
    `Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-${tag}\r\n` +
    `Call-ID: ${tag}\r\n` +
    `CSeq: 1 OPTIONS\r\n` +
    `Content-Length: ${bodyBytes.length}\r\n\r\n`;
  const bytes = new Uint8Array(encoder.encode(head).length + bodyBytes.length);
  bytes.set(encoder.encode(head), 0);
  bytes.set(bodyBytes, bytes.length - bodyBytes.length);
  return bytes;
}

export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function bytes(value: string): Uint8Array {
  return encoder.encode(value);
}

/** Collects a transport's inbound messages; `next()` waits for the next one not yet taken. */
export class Inbox {
  readonly messages: InboundMessage[] = [];
  #taken = 0;
  #waiter: (() => void) | null = null;

  constructor(transport: Transport) {
    transport.onMessage((message) => {
      this.messages.push(message);
      this.#waiter?.();
    });
  }

  async next(): Promise<InboundMessage> {
    while (this.messages.length <= this.#taken) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
    const message = this.messages[this.#taken++];
    if (message === undefined) throw new Error("inbox lost a message");
    return message;
  }
}

/** Everything a raw socket receives, as one growing string; `until` waits for a substring. */
export class RawReader {
  received = "";
  #waiter: (() => void) | null = null;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received += chunk.toString("latin1");
      this.#waiter?.();
    });
  }

  async until(substring: string): Promise<void> {
    while (!this.received.includes(substring)) {
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }
}

/** Resolves when the socket has closed (at once if it already has). */
export async function closed(socket: Socket): Promise<void> {
  if (socket.closed) return;
  await once(socket, "close");
}

/** A plain TCP server on loopback, closed with its connections when the test ends. */
export async function listenTcp(
  t: TestContext,
  onConnection: (socket: Socket) => void,
  host = "127.0.0.1",
): Promise<{ server: Server; sockets: Socket[]; local: SocketAddress }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  server.listen(0, host);
  await once(server, "listening");
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const address = server.address();
  if (address === null || typeof address !== "object") throw new Error("the test server has no address");
  return { server, sockets, local: { host, port: address.port } };
}
