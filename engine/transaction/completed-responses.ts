/**
 * The Completed state of UDP server transactions (RFC 3261 §17.2.2), kept compactly: for each
 * transaction key, only what answering a retransmission needs (the final response's bytes, the
 * transport and the address it went to) until Timer J. A registrar answering a few thousand
 * requests a second holds a few hundred thousand of these for 32 s; as transaction objects (the
 * state machine, its route, the response as a Buffer) each was several hundred bytes on V8's heap,
 * copied twice out of the young generation and marked again and again in the old one. Here the
 * bytes sit in shared chunks outside the heap, and what stays on it per transaction is its key.
 *
 * Entries are grouped in buckets by when they were added (`batchMs` wide); a bucket goes as a
 * whole once its newest entry is `timerJMs` old, so an entry is kept from `timerJMs` to
 * `timerJMs + batchMs`: late by at most the batch, never early, as the shared Timer J queue does.
 */
import type { Clock, TimerHandle } from "../clock.js";
import type { SocketAddress, Transport } from "../transport/index.js";

/**
 * Response bytes are copied into chunks: a bucket's first is small, so that a trickle of requests
 * (one per batch) holds little, and each next one twice the size, up to a size that serves a
 * hundred or more responses.
 */
const FIRST_CHUNK_BYTES = 4 * 1024;
const CHUNK_BYTES = 64 * 1024;

class Bucket {
  readonly keys: string[] = [];
  readonly transports: Transport[] = [];
  readonly hosts: string[] = [];
  readonly ports: number[] = [];
  /** Per entry: its chunk, offset in it and length. */
  readonly chunkOf: number[] = [];
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  readonly chunks: Buffer[] = [];
  readonly seq: number;
  /** Entries are added until this time, and all go `timerJMs` after it. */
  readonly endMs: number;
  #chunkUsed = 0;

  constructor(seq: number, endMs: number) {
    this.seq = seq;
    this.endMs = endMs;
  }

  get full(): boolean {
    return this.keys.length >= SLOTS;
  }

  add(key: string, bytes: Uint8Array, transport: Transport, destination: SocketAddress): number {
    const length = bytes.length;
    const current = this.chunks.at(-1);
    if (current === undefined || this.#chunkUsed + length > current.length) {
      const size = Math.min(CHUNK_BYTES, FIRST_CHUNK_BYTES * 2 ** this.chunks.length);
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(size, length)));
      this.#chunkUsed = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk]!.set(bytes, this.#chunkUsed);
    const slot = this.keys.length;
    this.keys.push(key);
    this.transports.push(transport);
    this.hosts.push(destination.host);
    this.ports.push(destination.port);
    this.chunkOf.push(chunk);
    this.offsets.push(this.#chunkUsed);
    this.lengths.push(length);
    this.#chunkUsed += length;
    return slot;
  }

  bytes(slot: number): Uint8Array {
    const offset = this.offsets[slot]!;
    return this.chunks[this.chunkOf[slot]!]!.subarray(offset, offset + this.lengths[slot]!);
  }
}

/** Where an entry lives: its bucket's sequence number and its slot in that bucket. */
interface Place {
  readonly bucket: Bucket;
  readonly slot: number;
}

export class CompletedResponses {
  readonly #clock: Clock;
  readonly #timerJMs: number;
  readonly #batchMs: number;
  /** Key to (bucket sequence mod RING) * SLOTS + slot: a small integer, so the index holds no object per entry. */
  readonly #index = new Map<string, number>();
  /** Oldest first. */
  #buckets: Bucket[] = [];
  #nextSeq = 0;
  #timer: TimerHandle | null = null;

  constructor(clock: Clock, timerJMs: number, batchMs: number) {
    this.#clock = clock;
    this.#timerJMs = timerJMs;
    // Never more buckets alive than the index codes can tell apart.
    this.#batchMs = Math.max(1, batchMs, Math.ceil(timerJMs / (RING / 2)));
  }

  /** Transactions held in Completed. */
  get size(): number {
    return this.#index.size;
  }

  has(key: string): boolean {
    return this.#index.has(key);
  }

  /** Keeps a transaction that has just sent its final response `bytes` to `destination`. */
  add(key: string, bytes: Uint8Array, transport: Transport, destination: SocketAddress): void {
    const nowMs = this.#clock.now();
    let bucket = this.#buckets.at(-1);
    if (bucket === undefined || nowMs >= bucket.endMs || bucket.full) {
      bucket = new Bucket(this.#nextSeq++, nowMs + this.#batchMs);
      this.#buckets.push(bucket);
    }
    const slot = bucket.add(key, bytes, transport, destination);
    this.#index.set(key, (bucket.seq % RING) * SLOTS + slot);
    if (this.#timer === null) this.#arm();
  }

  /** Forgets one transaction (its response could not be sent: RFC 3261 §17.2.4). */
  delete(key: string): void {
    this.#index.delete(key);
    if (this.#index.size === 0) this.clear();
  }

  /**
   * A retransmission of a completed transaction's request: the final response goes out again
   * (RFC 3261 §17.2.2). False when `key` is not held. A transport error forgets the transaction.
   */
  resend(key: string): boolean {
    const place = this.#place(key);
    if (place === null) return false;
    const { bucket, slot } = place;
    const transport = bucket.transports[slot]!;
    const destination = { host: bucket.hosts[slot]!, port: bucket.ports[slot]! };
    // A view: chunks are only ever appended to, so the bytes stay as they were sent.
    const bytes = bucket.bytes(slot);
    if (transport.sendUnconfirmed !== undefined) {
      if (transport.sendUnconfirmed(destination, bytes) !== null) this.delete(key);
    } else {
      transport.send(destination, bytes).catch(() => this.delete(key));
    }
    return true;
  }

  /** Forgets everything and stops the clock timer. */
  clear(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#index.clear();
    this.#buckets = [];
  }

  #place(key: string): Place | null {
    const code = this.#index.get(key);
    if (code === undefined) return null;
    const first = this.#buckets[0];
    if (first === undefined) return null;
    const bucket = this.#buckets[(Math.floor(code / SLOTS) - (first.seq % RING) + RING) % RING];
    return bucket === undefined ? null : { bucket, slot: code % SLOTS };
  }

  #arm(): void {
    const oldest = this.#buckets[0];
    if (oldest === undefined) return;
    const waitMs = Math.max(0, oldest.endMs + this.#timerJMs - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => this.#expire(), waitMs);
  }

  #expire(): void {
    this.#timer = null;
    const nowMs = this.#clock.now();
    while (this.#buckets.length > 0 && this.#buckets[0]!.endMs + this.#timerJMs <= nowMs) {
      const bucket = this.#buckets.shift()!;
      const base = (bucket.seq % RING) * SLOTS;
      bucket.keys.forEach((key, slot) => {
        // A key added again later (a new transaction after this one ended) points elsewhere.
        if (this.#index.get(key) === base + slot) this.#index.delete(key);
      });
    }
    if (this.#index.size === 0) this.#buckets = [];
    if (this.#buckets.length > 0) this.#arm();
  }
}

/**
 * Index codes are (bucket sequence mod RING) * SLOTS + slot, below 2^30 so that V8 stores them as
 * small integers in the index, not as a heap number each. A bucket takes at most SLOTS entries
 * (a million in one batch), and fewer than RING buckets are alive at once (see the batch width).
 */
const RING = 512;
const SLOTS = 2 ** 21;
