// The timeline's events, kept sorted by simulated time so that drawing a window costs a binary
// search plus the events inside it, never a pass over the whole run. Bounded: past `capacity`
// the oldest chunk is evicted (handed to `onEvict`, which may spill it to IndexedDB).
import type { TraceEvent } from '../../core/trace';

/** Events held in memory; 100k is the smoothness target of the issue, and a few tens of MB. */
export const timelineCapacity = 100_000;
/** Evicting one chunk at a time keeps eviction rare and cheap on average. */
export const evictChunk = 10_000;

type DropEvent = Extract<TraceEvent, { type: 'drop' }>;

/** A message's identity across its send, deliver and drop events: sender lane and msgId. */
export const messageKey = (from: string, msgId: number) => `${from}#${msgId}`;

export class TimelineIndex {
  private events: TraceEvent[] = [];
  private readonly drops = new Map<string, DropEvent>();
  private readonly laneSet = new Set<string>();
  /** Bumped on every change, so views know when to redraw. */
  version = 0;
  evicted = 0;

  constructor(
    readonly capacity = timelineCapacity,
    private readonly onEvict: (chunk: readonly TraceEvent[]) => void = () => undefined,
  ) {}

  get size(): number {
    return this.events.length;
  }

  /** Inserts a batch; batches from different workers interleave, so each event finds its slot. */
  append(batch: readonly TraceEvent[]): void {
    for (const e of batch) {
      let i = this.events.length;
      while (i > 0 && (this.events[i - 1]?.at ?? 0) > e.at) i--;
      if (i === this.events.length) this.events.push(e);
      else this.events.splice(i, 0, e);
      if (e.type === 'drop') this.drops.set(messageKey(e.node, e.msgId), e);
      this.laneSet.add(e.node);
    }
    if (this.events.length > this.capacity) this.evict(Math.max(this.events.length - this.capacity, Math.min(evictChunk, Math.ceil(this.capacity / 10))));
    this.version++;
  }

  private evict(count: number): void {
    const chunk = this.events.splice(0, count);
    for (const e of chunk) if (e.type === 'drop') this.drops.delete(messageKey(e.node, e.msgId));
    this.evicted += chunk.length;
    this.onEvict(chunk);
  }

  clear(): void {
    this.events = [];
    this.drops.clear();
    this.laneSet.clear();
    this.evicted = 0;
    this.version++;
  }

  /** Index of the first event at or after `atMs`. */
  lowerBound(atMs: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid]?.at ?? 0) < atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events with fromMs ≤ at < toMs, in time order, at most `limit` of them. */
  range(fromMs: number, toMs: number, limit = Infinity): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (let i = this.lowerBound(fromMs); i < this.events.length && out.length < limit; i++) {
      const e = this.events[i];
      if (e === undefined || e.at >= toMs) break;
      out.push(e);
    }
    return out;
  }

  dropOf(from: string, msgId: number): DropEvent | undefined {
    return this.drops.get(messageKey(from, msgId));
  }

  lanes(): string[] {
    return [...this.laneSet];
  }

  firstAt(): number {
    return this.events[0]?.at ?? 0;
  }

  lastAt(): number {
    return this.events[this.events.length - 1]?.at ?? 0;
  }

  /** The earliest delivery still due after `atMs`: where "step to next message" stops. */
  nextDeliveryAfter(atMs: number, lookBackMs: number): number | null {
    let best: number | null = null;
    for (let i = this.lowerBound(atMs - lookBackMs); i < this.events.length; i++) {
      const e = this.events[i];
      if (e?.type === 'send' && e.deliverAt > atMs && (best === null || e.deliverAt < best)) best = e.deliverAt;
    }
    return best;
  }
}
