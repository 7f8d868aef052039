/**
 * A TCP relay on loopback between a registrant and its registrar, so that a test can break one of
 * the connections it carries (D37): `kill` resets it, as a NAT or a crashed peer would; `silence`
 * keeps it open but stops carrying its bytes either way, so that only a keep-alive can notice.
 * TLS passes through untouched (the relay only copies bytes). Closed when the test ends.
 */
import { connect, createServer, type Socket } from "node:net";
import { once } from "node:events";
import type { TestContext } from "node:test";
import { systemClock } from "../engine/index.js";

/** One relayed connection: the registrant's side, the registrar's side, and what each sent. */
export interface RelayedConnection {
  readonly downstream: Socket;
  readonly upstream: Socket;
  /** Bytes from the registrant (latin1), in order. */
  fromClient: string;
  /** Bytes from the registrar (latin1), in order. */
  fromServer: string;
  silenced: boolean;
}

export interface TcpRelay {
  readonly port: number;
  readonly connections: readonly RelayedConnection[];
  /** Resets connection `index` (0-based) on the registrant's side. */
  kill(index: number): void;
  /** Stops carrying connection `index`'s bytes in both directions, leaving it open. */
  silence(index: number): void;
  /** Resolves once `count` connections have been accepted, or rejects after `withinMs`. */
  connectionCount(count: number, withinMs: number): Promise<void>;
}

export async function startTcpRelay(t: TestContext, to: { host: string; port: number }): Promise<TcpRelay> {
  const connections: RelayedConnection[] = [];
  let changed: () => void = () => {};
  const server = createServer((downstream) => {
    const upstream = connect({ host: to.host, port: to.port });
    const relayed: RelayedConnection = { downstream, upstream, fromClient: "", fromServer: "", silenced: false };
    connections.push(relayed);
    changed();
    downstream.on("data", (chunk: Buffer) => {
      if (relayed.silenced) return;
      relayed.fromClient += chunk.toString("latin1");
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (relayed.silenced) return;
      relayed.fromServer += chunk.toString("latin1");
      downstream.write(chunk);
    });
    const endBoth = (): void => {
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on("close", endBoth);
    upstream.on("close", endBoth);
    downstream.on("error", () => {});
    upstream.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no port");
  t.after(async () => {
    for (const relayed of connections) {
      relayed.downstream.destroy();
      relayed.upstream.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
  });
  const at = (index: number): RelayedConnection => {
    const found = connections[index];
    if (found === undefined) throw new Error(`relay has no connection ${index}`);
    return found;
  };
  return {
    port: address.port,
    connections,
    kill: (index) => void at(index).downstream.resetAndDestroy(),
    silence: (index) => {
      at(index).silenced = true;
    },
    connectionCount: (count, withinMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = systemClock.setTimeout(() => {
          changed = () => {};
          reject(new Error(`relay saw ${connections.length} connections, not ${count}, within ${withinMs} ms`));
        }, withinMs);
        changed = () => {
          if (connections.length < count) return;
          systemClock.clearTimeout(timer);
          changed = () => {};
          resolve();
        };
        changed();
      }),
  };
}
