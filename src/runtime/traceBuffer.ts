// The main thread's record of the live trace: the last `capacity` events in a ring buffer,
// running totals, and subscribers told of each batch as it lands. Bounded by construction.
import type { TraceEvent } from '../core/trace';

/** About 50k events: minutes of a busy cluster, a few tens of MB at most. */
export const traceBufferCapacity = 50_000;

/** Told each batch, with its trace bytes when a worker sent it (the kept trace stores those as they are). */
export type TraceListener = (batch: readonly TraceEvent[], bytes?: Uint8Array) => void;

export class TraceBuffer {
  private readonly ring: (TraceEvent | undefined)[];
  private next = 0;
  /** Every event ever received, kept or not. */
  total = 0;
  drops = 0;
  /** Events the workers could not even send (their own bounded batches overflowed). */
  lostInWorkers = 0;
  private readonly listeners = new Set<TraceListener>();
  /** Events the page's own lanes traced in the running task, not appended yet (see hold). */
  private held: TraceEvent[] = [];

  constructor(readonly capacity = traceBufferCapacity) {
    this.ring = new Array<TraceEvent | undefined>(capacity);
  }

  /**
   * Appends one event the page itself traced (a client's request or reply, a control), together
   * with the others of the same task, once its code has run. With 64 requests in flight a reply
   * packet ends and starts dozens of requests in one task: appended one by one, each event went
   * through every subscriber on its own, about a tenth of the page's time per get. Each event
   * keeps the time it was stamped with; anything that reads or appends first takes them in.
   */
  hold(e: TraceEvent): void {
    if (this.held.length === 0) queueMicrotask(() => this.release());
    this.held.push(e);
  }

  private release(): void {
    if (this.held.length === 0) return;
    const batch = this.held;
    this.held = [];
    this.appendNow(batch, 0);
  }

  /** Appends a worker's batch (`bytes`: as it sent it) after what the page held. */
  append(batch: readonly TraceEvent[], lostInWorker = 0, bytes?: Uint8Array): void {
    this.release();
    this.appendNow(batch, lostInWorker, bytes);
  }

  private appendNow(batch: readonly TraceEvent[], lostInWorker: number, bytes?: Uint8Array): void {
    this.lostInWorkers += lostInWorker;
    for (const e of batch) {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.capacity;
      this.total++;
      if (e.type === 'drop') this.drops++;
    }
    if (batch.length > 0) for (const listener of this.listeners) listener(batch, bytes);
  }

  /** The kept events, oldest first. */
  events(): TraceEvent[] {
    this.release();
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
    this.held = [];
    this.ring.fill(undefined);
    this.next = 0;
    this.total = 0;
    this.drops = 0;
    this.lostInWorkers = 0;
  }
}
