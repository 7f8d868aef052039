/**
 * Interleaves a burst of REGISTER transmissions with the reading of their replies. A bucket visit
 * makes every due record send at once (1,250 of them in the first wave of 10,000 records with
 * hash_size 3); sent in one go, they would all start their Timer E together, and the replies,
 * read one by one only after the last send, would keep the last records waiting for more than
 * T1 (500 ms) on a busy machine: a wave of retransmissions, while the kernel drops the replies it
 * has no room for. Here at most `chunk` sends go out per turn of the event loop; the rest wait,
 * in order, for the sockets to be read (Clock `afterIo`). When a record is due does not change:
 * its state machine has stepped already; only the transmission waits, a few milliseconds at most.
 */
export class SendInterleave {
  readonly #afterIo: (fn: () => void) => void;
  readonly #chunk: number;
  /** Sends from `#head` on wait for a later turn (no O(n) shift). */
  #waiting: Array<() => void> = [];
  #head = 0;
  #sentThisTurn = 0;
  #turnScheduled = false;

  constructor(afterIo: (fn: () => void) => void, chunk: number) {
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be a whole number from 1, got ${chunk}`);
    this.#afterIo = afterIo;
    this.#chunk = chunk;
  }

  /** Sends waiting for a later turn. */
  get waiting(): number {
    return this.#waiting.length - this.#head;
  }

  /** Runs `send` now if this turn has room and nothing waits before it, else in a later turn. */
  run(send: () => void): void {
    this.#scheduleTurn();
    if (this.#sentThisTurn < this.#chunk && this.waiting === 0) {
      this.#sentThisTurn += 1;
      send();
      return;
    }
    this.#waiting.push(send);
  }

  /** The next turn starts a fresh count; one is scheduled whenever this turn sent or queued anything. */
  #scheduleTurn(): void {
    if (this.#turnScheduled) return;
    this.#turnScheduled = true;
    this.#afterIo(() => this.#turn());
  }

  #turn(): void {
    this.#turnScheduled = false;
    this.#sentThisTurn = 0;
    if (this.waiting === 0) return;
    this.#scheduleTurn();
    while (this.#sentThisTurn < this.#chunk && this.waiting > 0) {
      const send = this.#waiting[this.#head] as () => void;
      this.#head += 1;
      this.#sentThisTurn += 1;
      send();
    }
    if (this.waiting === 0) {
      this.#waiting = [];
      this.#head = 0;
    }
  }
}
