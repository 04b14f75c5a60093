/**
 * A min-heap of items ordered by (simulated time, insertion order): items due at the same time
 * run in the order they were pushed, on every run. Pure; reads no clock. Both hosts keep their
 * agenda in it: the simulator's event queue and each worker's local agenda.
 *
 * Why typed arrays: the simulator pushes and pops several events per message, and a heap of
 * `{ at, seq, item }` objects made one allocation per push and one per pop, most of which lived
 * long enough to be copied by the young-generation collector. Here the keys live in the heap
 * order in parallel Float64Arrays, and the items in a side array indexed by a slot that is
 * reused once its item is popped; nothing is allocated per item once the arrays have grown.
 */

/**
 * Names one pushed item, to remove it before it is due. A handle is unique while its item
 * waits and is not reused for 2^29 later pushes into the same slot.
 */
export type QueueHandle = number;

const slotLimit = 2 ** 24;
const generationLimit = 2 ** 29;

export class TimedQueue<E> {
  // The heap, in heap order: time, push order and slot of each waiting item.
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private slotAt = new Int32Array(64);
  private length = 0;
  // Per slot: its item, its position in the heap, and its generation (for handles).
  private items: (E | undefined)[] = [];
  private positions = new Int32Array(64);
  private generations = new Uint32Array(64);
  private freeSlots: number[] = [];
  private seq = 0;

  get size(): number {
    return this.length;
  }

  /** Adds `item` due at `at`; returns a handle that `remove` accepts until the item is popped. */
  push(at: number, item: E): QueueHandle {
    const slot = this.takeSlot();
    this.items[slot] = item;
    if (this.length === this.times.length) this.growHeap();
    this.siftUp(this.length++, at, this.seq++, slot);
    return (this.generations[slot] as number) * slotLimit + slot;
  }

  /** The time of the next item, or Infinity when empty. */
  peekTime(): number {
    return this.length === 0 ? Infinity : (this.times[0] as number);
  }

  /** Removes and returns the next item (read its time with peekTime first); undefined when empty. */
  popItem(): E | undefined {
    if (this.length === 0) return undefined;
    return this.removeAt(0);
  }

  pop(): { at: number; item: E } | undefined {
    if (this.length === 0) return undefined;
    const at = this.times[0] as number;
    return { at, item: this.removeAt(0) };
  }

  /** Takes out a waiting item by its handle; false if it was already popped or removed. */
  remove(handle: QueueHandle): boolean {
    const slot = handle % slotLimit;
    // A popped or removed item's slot moved on to the next generation: its handle no longer matches.
    if (slot >= this.items.length || this.generations[slot] !== Math.floor(handle / slotLimit)) return false;
    this.removeAt(this.positions[slot] as number);
    return true;
  }

  /** Removes and returns every item, in no particular order. */
  drain(): E[] {
    const out: E[] = [];
    for (let i = 0; i < this.length; i++) {
      const slot = this.slotAt[i] as number;
      out.push(this.items[slot] as E);
      this.release(slot);
    }
    this.length = 0;
    return out;
  }

  private removeAt(i: number): E {
    const slot = this.slotAt[i] as number;
    const item = this.items[slot] as E;
    this.release(slot);
    const last = --this.length;
    if (i < last) {
      const at = this.times[last] as number;
      const seq = this.seqs[last] as number;
      const moved = this.slotAt[last] as number;
      // The last item fills the hole: it may belong above it (a removal mid-heap) or below.
      if (i > 0 && before(at, seq, this.times[(i - 1) >> 1] as number, this.seqs[(i - 1) >> 1] as number)) this.siftUp(i, at, seq, moved);
      else this.siftDown(i, at, seq, moved);
    }
    return item;
  }

  /** Places (at, seq, slot) at hole `i` or above it. */
  private siftUp(i: number, at: number, seq: number, slot: number): void {
    const { times, seqs, slotAt } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (!(at < pt || (at === pt && seq < (seqs[parent] as number)))) break;
      this.place(i, pt, seqs[parent] as number, slotAt[parent] as number);
      i = parent;
    }
    this.place(i, at, seq, slot);
  }

  /** Places (at, seq, slot) at hole `i` or below it. */
  private siftDown(i: number, at: number, seq: number, slot: number): void {
    const { times, seqs, slotAt } = this;
    const n = this.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child] as number;
      let cs = seqs[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = times[right] as number;
        const rs = seqs[right] as number;
        if (rt < ct || (rt === ct && rs < cs)) {
          child = right;
          ct = rt;
          cs = rs;
        }
      }
      if (!(ct < at || (ct === at && cs < seq))) break;
      this.place(i, ct, cs, slotAt[child] as number);
      i = child;
    }
    this.place(i, at, seq, slot);
  }

  private place(i: number, at: number, seq: number, slot: number): void {
    this.times[i] = at;
    this.seqs[i] = seq;
    this.slotAt[i] = slot;
    this.positions[slot] = i;
  }

  private takeSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.items.length;
    if (slot >= slotLimit) throw new Error(`more than ${slotLimit} items wait in one queue`);
    this.items.push(undefined);
    if (slot === this.positions.length) {
      this.positions = grown(this.positions, new Int32Array(slot * 2));
      this.generations = grown(this.generations, new Uint32Array(slot * 2));
    }
    return slot;
  }

  private release(slot: number): void {
    this.items[slot] = undefined;
    this.generations[slot] = ((this.generations[slot] as number) + 1) % generationLimit;
    this.freeSlots.push(slot);
  }

  private growHeap(): void {
    const size = this.times.length * 2;
    this.times = grown(this.times, new Float64Array(size));
    this.seqs = grown(this.seqs, new Float64Array(size));
    this.slotAt = grown(this.slotAt, new Int32Array(size));
  }
}

function before(at: number, seq: number, bt: number, bs: number): boolean {
  return at < bt || (at === bt && seq < bs);
}

function grown<T extends Float64Array | Int32Array | Uint32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
