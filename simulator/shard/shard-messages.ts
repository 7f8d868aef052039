/** What the main thread and a shard worker say to each other (structured clone over the worker's port). */
import type { SocketName } from "../../engine/transport/index.js";
import type { AorMatching } from "../aor.js";
import type { BindingView } from "../registrar.js";
import type { CompiledScript } from "../script/model.js";
import type { PendingStep } from "../script/script-runner.js";
import type { HandledRequest } from "../registrar-options.js";
import type { UserEntry } from "../users.js";

/** A worker's registrar: the plain-data part of SimulatorOptions that a shard can honour. */
export interface ShardSettings {
  readonly shard: number;
  readonly realm: string;
  /** Null: no authentication. Secrets cross to the worker only; they are never printed. */
  readonly users: readonly UserEntry[] | null;
  readonly defaultExpiresSec: number | null;
  readonly minExpiresSec: number | null;
  readonly maxExpiresSec: number | null;
  readonly aorMatching: AorMatching | null;
  /** A script without carrier habits (plain data: it crosses as a structured clone); each worker plays it for its own AORs. */
  readonly script: CompiledScript | null;
  readonly warmUpRegistrations: number;
  /** The listening sockets, by index as `ToShard.socket` names them. */
  readonly sockets: readonly SocketName[];
  /** Tell the main thread how each request was handled (for printed lines, the transcript file, the HTTP view). */
  readonly tell: boolean;
}

/** One datagram for a shard: the index of the socket it came in on, its source and bytes. */
export interface Datagram {
  readonly socket: number;
  readonly source: SocketName;
  readonly data: Uint8Array;
}

export type ToShard =
  /** Datagrams received in one turn of the main thread's event loop, in order. */
  | { readonly kind: "datagrams"; readonly items: ReadonlyArray<Datagram> }
  | { readonly kind: "gather"; readonly id: number };

export type FromShard =
  | { readonly kind: "ready" }
  /** Datagrams to send, in order: socket index, destination and bytes each. */
  | { readonly kind: "send"; readonly out: ReadonlyArray<{ readonly socket: number; readonly host: string; readonly port: number; readonly data: Uint8Array }> }
  | { readonly kind: "handled"; readonly handled: HandledRequest }
  | { readonly kind: "gathered"; readonly id: number; readonly bindings: BindingView[]; readonly tally: Array<[string, number]>; readonly pending: PendingStep[] };
