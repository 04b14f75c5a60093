// The main thread's record of the live trace: the last `capacity` events in a ring buffer,
// running totals, and subscribers told of each batch as it lands. Bounded by construction.
import type { TraceEvent } from '../core/trace';

/** About 50k events: minutes of a busy cluster, a few tens of MB at most. */
export const traceBufferCapacity = 50_000;

export type TraceListener = (batch: readonly TraceEvent[]) => void;

export class TraceBuffer {
  private readonly ring: (TraceEvent | undefined)[];
  private next = 0;
  /** Every event ever received, kept or not. */
  total = 0;
  drops = 0;
  /** Events the workers could not even send (their own bounded batches overflowed). */
  lostInWorkers = 0;
  private readonly listeners = new Set<TraceListener>();

  constructor(readonly capacity = traceBufferCapacity) {
    this.ring = new Array<TraceEvent | undefined>(capacity);
  }

  append(batch: readonly TraceEvent[], lostInWorker = 0): void {
    this.lostInWorkers += lostInWorker;
    for (const e of batch) {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.capacity;
      this.total++;
      if (e.type === 'drop') this.drops++;
    }
    if (batch.length > 0) for (const listener of this.listeners) listener(batch);
  }

  /** The kept events, oldest first. */
  events(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.total = 0;
    this.drops = 0;
    this.lostInWorkers = 0;
  }
}
