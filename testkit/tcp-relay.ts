/**
 * A TCP relay on loopback between a registrant and its registrar, so that a test can break one of
 * the connections it carries (D37): `kill` resets it, as a NAT or a crashed peer would; `silence`
 * keeps it open but stops carrying its bytes either way, so that only a keep-alive can notice;
 * `silenceAfterNextReply` does so right after the registrar's next bytes (a pong), the worst
 * moment for a keep-alive, and says when they went. TLS passes through untouched (the relay only
 * copies bytes). Times are `systemClock.now()`. Closed when the test ends.
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
  /** When the registrant's side closed, or null while it is open. */
  clientClosedAtMs: number | null;
}

/** Bytes the registrar sent and when the relay passed them on. */
export interface RelayedReply {
  readonly bytes: string;
  readonly atMs: number;
}

export interface TcpRelay {
  readonly port: number;
  readonly connections: readonly RelayedConnection[];
  /** Resets connection `index` (0-based) on the registrant's side. */
  kill(index: number): void;
  /** Stops carrying connection `index`'s bytes in both directions, leaving it open. */
  silence(index: number): void;
  /**
   * Carries the registrar's next bytes on connection `index`, then silences it; resolves with
   * those bytes and when they were passed on, or rejects after `withinMs`.
   */
  silenceAfterNextReply(index: number, withinMs: number): Promise<RelayedReply>;
  /** Resolves with the time the registrant's side of connection `index` closed, or rejects after `withinMs`. */
  clientClosed(index: number, withinMs: number): Promise<number>;
  /** Resolves once `count` connections have been accepted, or rejects after `withinMs`. */
  connectionCount(count: number, withinMs: number): Promise<void>;
}

/**
 * Resolves with what `ready()` gives once it gives something, looked at now and on each change
 * (`watchers`); rejects with `what()` after `withinMs`.
 */
function waitFor<T>(watchers: Set<() => void>, withinMs: number, what: () => string, ready: () => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = systemClock.setTimeout(() => {
      watchers.delete(look);
      reject(new Error(what()));
    }, withinMs);
    function look(): void {
      const value = ready();
      if (value === undefined) return;
      watchers.delete(look);
      systemClock.clearTimeout(timer);
      resolve(value);
    }
    watchers.add(look);
    look();
  });
}

export async function startTcpRelay(t: TestContext, to: { host: string; port: number }): Promise<TcpRelay> {
  const connections: RelayedConnection[] = [];
  /** Called on every change a wait may be waiting for: a connection, a reply, a close. */
  const watchers = new Set<() => void>();
  const changed = (): void => {
    for (const look of [...watchers]) look();
  };
  /** Connections whose next reply silences them, and the reply once it went. */
  const silenceAfterReply = new Map<RelayedConnection, RelayedReply | null>();
  const server = createServer((downstream) => {
    const upstream = connect({ host: to.host, port: to.port });
    const relayed: RelayedConnection = { downstream, upstream, fromClient: "", fromServer: "", silenced: false, clientClosedAtMs: null };
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
      if (silenceAfterReply.get(relayed) === null) {
        relayed.silenced = true;
        silenceAfterReply.set(relayed, { bytes: chunk.toString("latin1"), atMs: systemClock.now() });
        changed();
      }
    });
    downstream.on("close", () => {
      relayed.clientClosedAtMs = systemClock.now();
      changed();
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
    silenceAfterNextReply: (index, withinMs) => {
      const relayed = at(index);
      silenceAfterReply.set(relayed, null);
      return waitFor(watchers, withinMs, () => `no reply on relayed connection ${index} within ${withinMs} ms`, () => silenceAfterReply.get(relayed) ?? undefined);
    },
    clientClosed: (index, withinMs) =>
      waitFor(watchers, withinMs, () => `relayed connection ${index} still open after ${withinMs} ms`, () => at(index).clientClosedAtMs ?? undefined),
    connectionCount: async (count, withinMs) => {
      await waitFor(watchers, withinMs, () => `relay saw ${connections.length} connections, not ${count}, within ${withinMs} ms`, () => (connections.length >= count ? true : undefined));
    },
  };
}
