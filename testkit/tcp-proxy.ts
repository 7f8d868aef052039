/**
 * A TCP proxy on loopback that a test puts between one process and a server (a cluster node and
 * its database) and controls:
 * - `stall()`: bytes stop flowing both ways and new connections are held unanswered, as in a
 *   network partition where packets vanish: nothing fails at once, the client only stops hearing;
 * - `cut()`: every connection is reset and new ones are refused at once, as a server gone away;
 * - `restore()`: traffic flows again (held connections go through);
 * - `strand()`: the connections open now go silent for good, their bytes dropped both ways, while
 *   new ones flow: a database fail-over behind a virtual IP, or a NAT or firewall that forgot its
 *   state, where the client only learns from a timeout of its own that it must reconnect.
 * Bytes sent during a stall are held in order and delivered on restore, as TCP retransmission
 * would deliver them after a short partition.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export type ProxyMode = "open" | "stalled" | "cut";

export interface TcpProxy {
  /** The loopback port to give the client instead of the server's. */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Client connections accepted so far. */
  readonly accepted: number;
  stall(): void;
  cut(): void;
  strand(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream: Socket | null;
  /** Bytes each way waiting for a restore. */
  readonly toServer: Buffer[];
  readonly toClient: Buffer[];
  /** Stranded: nothing flows any more, either way, and nothing is held. */
  stranded: boolean;
}

export async function startTcpProxy(target: { readonly host: string; readonly port: number }, listenHost = "127.0.0.1"): Promise<TcpProxy> {
  let mode: ProxyMode = "open";
  let accepted = 0;
  const pairs = new Set<Pair>();

  const link = (pair: Pair): void => {
    const upstream = connect({ host: target.host, port: target.port });
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on("data", (chunk: Buffer) => {
      if (pair.stranded) return;
      if (mode === "open") pair.client.write(chunk);
      else pair.toClient.push(chunk);
    });
    upstream.on("error", () => pair.client.destroy());
    upstream.on("close", () => pair.client.destroy());
    pair.client.resume();
  };
  const flush = (pair: Pair): void => {
    for (const chunk of pair.toServer.splice(0)) pair.upstream?.write(chunk);
    for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
  };
  const drop = (pair: Pair): void => {
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
    pairs.delete(pair);
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    accepted++;
    if (mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const pair: Pair = { client, upstream: null, toServer: [], toClient: [], stranded: false };
    pairs.add(pair);
    client.on("data", (chunk: Buffer) => {
      if (pair.stranded) return;
      if (mode === "open" && pair.upstream !== null) pair.upstream.write(chunk);
      else pair.toServer.push(chunk);
    });
    client.on("error", () => pair.upstream?.destroy());
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    // A connection made during a stall is held (paused, not linked to the server) until restore.
    if (mode === "open") link(pair);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, listenHost, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the TCP proxy has no port");

  return {
    port: address.port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    stall() {
      mode = "stalled";
    },
    cut() {
      mode = "cut";
      for (const pair of [...pairs]) drop(pair);
    },
    strand() {
      for (const pair of pairs) {
        pair.stranded = true;
        pair.toServer.length = 0;
        pair.toClient.length = 0;
      }
    },
    restore() {
      mode = "open";
      for (const pair of pairs) {
        if (pair.upstream === null) link(pair);
        flush(pair);
      }
    },
    close() {
      for (const pair of [...pairs]) drop(pair);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
