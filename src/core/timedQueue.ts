/**
 * A binary min-heap of items ordered by (simulated time, insertion order): items due at the
 * same time run in the order they were pushed, on every run. Pure; reads no clock. Both hosts
 * keep their agenda in it: the simulator's event queue and each worker's local agenda.
 */

interface Entry<E> {
  readonly at: number;
  readonly seq: number;
  readonly item: E;
}

/** A host's agenda: messages held until their delivery time, timers, completions. */
export class TimedQueue<E> {
  private heap: Entry<E>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: E): void {
    const entry = { at, seq: this.seq++, item };
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Entry<E>;
      if (!before(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  /** The time of the next item, or Infinity when empty. */
  peekTime(): number {
    return this.heap[0]?.at ?? Infinity;
  }

  /** Removes and returns every item, in no particular order. */
  drain(): E[] {
    const items = this.heap.map((e) => e.item);
    this.heap = [];
    return items;
  }

  pop(): { at: number; item: E } | undefined {
    const h = this.heap;
    const top = h[0];
    if (top === undefined) return undefined;
    const last = h.pop() as Entry<E>;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let child = l;
        if (r < n && before(h[r] as Entry<E>, h[l] as Entry<E>)) child = r;
        const c = h[child] as Entry<E>;
        if (!before(c, last)) break;
        h[i] = c;
        i = child;
      }
      h[i] = last;
    }
    return { at: top.at, item: top.item };
  }
}

function before<E>(a: Entry<E>, b: Entry<E>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
