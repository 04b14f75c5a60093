// The timeline's reader of a cluster's kept trace (runtime/traceKeep.ts): the windows older than
// what the page holds in memory are drawn from it. The chunks' time spans are in memory, so a
// window's chunks are found without reading the others; a window needs only the chunks of its
// newest events (a dense one draws those). The chunks read stay in memory, the least recently
// used going first past cachedEventsMax, so scrolling through them draws from memory, frame after
// frame, and only crossing into a new chunk reads the disk, once, in the background.
import type { ChunkSpan } from '../../runtime/traceDisk';
import { isSorted } from '../../runtime/traceDisk';
import type { KeptSource } from '../../runtime/traceKeep';
import { chunkEventsTarget } from '../../runtime/traceKeep';
import type { TraceEvent } from '../../core/trace';
import { lowerBound, messageKey } from './timelineIndex';
import { sceneReadMax } from './timelineScene';

/**
 * Events of the chunks kept in memory once read back: the chunks of a window's newest
 * sceneReadMax events (plus the two chunks it cuts through at its ends) and a few neighbours. A
 * count of chunks was no bound: a window needing more chunks than were kept evicted one it needed
 * at each read, and was never answered. Chunks are of about chunkEventsTarget events, or fewer.
 */
export const cachedEventsMax = sceneReadMax + 4 * chunkEventsTarget;

/** How long after a failed read of a chunk it is read again. */
export const readRetryMs = 1_000;

type DropEvent = Extract<TraceEvent, { type: 'drop' }>;

interface CachedChunk {
  /** Parts the chunk had when read: one written since makes the copy stale. */
  readonly parts: number;
  readonly events: readonly TraceEvent[];
  /** This chunk's drops by sender and msgId (messageKey), built when the chunk is read. */
  readonly drops: ReadonlyMap<string, DropEvent>;
}

export class KeptChunks {
  /** Chunks read back, most recently used last; at most cachedEventsMax events (or one chunk). */
  private readonly cache = new Map<number, CachedChunk>();
  private cachedEvents = 0;
  private loading: number | null = null;
  private readProblem: string | null = null;
  /** After a failed read, no chunk is read before this (performance.now()). */
  private retryAtMs = -Infinity;
  /** lanes() of a list of spans: asked for every frame, it changes at most once per write. */
  private lanesOf: { readonly spans: readonly ChunkSpan[]; readonly lanes: ReadonlySet<string> } | null = null;

  constructor(
    private readonly source: KeptSource,
    /** Called when a chunk asked for by newestNow has been read, so the view redraws. */
    private readonly onLoaded: () => void = () => undefined,
  ) {}

  /** Why older events cannot be shown, in words the page shows; null while all is well. */
  get problem(): string | null {
    return this.source.problem ?? this.readProblem;
  }

  /** The earliest time kept, or null when nothing is. */
  firstAt(): number | null {
    let first: number | null = null;
    for (const s of this.source.spans()) if (first === null || s.firstAt < first) first = s.firstAt;
    return first;
  }

  /** Every lane with kept events: a lane seen only before a reload still gets its row. */
  lanes(): ReadonlySet<string> {
    const spans = this.source.spans();
    if (this.lanesOf?.spans !== spans) {
      const lanes = new Set<string>();
      for (const s of spans) for (const l of s.lanes) lanes.add(l);
      this.lanesOf = { spans, lanes };
    }
    return this.lanesOf.lanes;
  }

  /** Every kept event with fromMs ≤ at < toMs, in time order, read chunk by chunk (tests, share). */
  async range(fromMs: number, toMs: number): Promise<TraceEvent[]> {
    const out: TraceEvent[] = [];
    // Gathered as each chunk is read, not from the cache: a long window has more chunks than it holds.
    for (const s of this.spansOf(fromMs, toMs)) {
      await this.load(s);
      const chunk = this.cache.get(s.seq);
      if (chunk !== undefined) inWindow(chunk.events, fromMs, toMs, out);
    }
    return isSorted(out) ? out : out.sort((a, b) => a.at - b.at);
  }

  /**
   * The newest `limit` kept events with fromMs ≤ at < toMs, in time order, at once, and whether
   * the window holds more (`more`: it is too dense to draw whole). Only the chunks holding those
   * events are needed, newest first; while one of them is not in memory, null, and it is read in
   * the background (one read at a time), then onLoaded is called. With `readMax` above `limit`,
   * the events before those at the time the oldest of them is at come too, up to `readMax` in
   * all: a dense window's scene reads from that time on, so one call answers both its questions.
   */
  newestNow(fromMs: number, toMs: number, limit: number, readMax = limit): { events: TraceEvent[]; more: boolean } | null {
    const spans = this.spansOf(fromMs, toMs);
    /** Each chunk's events in the window, newest chunk first. */
    const parts: TraceEvent[][] = [];
    let count = 0;
    let cutAt = -Infinity;
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i];
      if (s === undefined) break;
      // Enough already, and no older chunk reaches into the newest part (chunks overlap a little).
      if (count > limit && s.lastAt < cutAt) break;
      const chunk = this.cache.get(s.seq);
      if (chunk === undefined || chunk.parts < s.parts) {
        if (this.loading === null && performance.now() >= this.retryAtMs) void this.load(s).then(this.onLoaded);
        return null;
      }
      // Most recently used last, so the oldest use is evicted first.
      this.cache.delete(s.seq);
      this.cache.set(s.seq, chunk);
      const part: TraceEvent[] = [];
      inWindow(chunk.events, fromMs, toMs, part);
      parts.push(part);
      count += part.length;
      if (count > limit) cutAt = nthNewestAt(parts, limit);
    }
    const out = parts.reverse().flat();
    if (!isSorted(out)) out.sort((a, b) => a.at - b.at);
    const more = out.length > limit;
    if (!more) return { events: out, more };
    const oldestAt = out[out.length - limit]?.at ?? -Infinity;
    return { events: out.slice(Math.max(out.length - Math.max(limit, readMax), lowerBound(out, oldestAt))), more };
  }

  /** A drop among the chunks in memory. */
  dropOf(from: string, msgId: number): DropEvent | undefined {
    let key: string | null = null;
    for (const c of this.cache.values()) {
      if (c.drops.size === 0) continue;
      key ??= messageKey(from, msgId);
      const d = c.drops.get(key);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  private uncache(seq: number): void {
    this.cachedEvents -= this.cache.get(seq)?.events.length ?? 0;
    this.cache.delete(seq);
  }

  private spansOf(fromMs: number, toMs: number): ChunkSpan[] {
    return this.source.spans().filter((s) => s.lastAt >= fromMs && s.firstAt < toMs);
  }

  private async load(span: ChunkSpan): Promise<void> {
    const cached = this.cache.get(span.seq);
    if (cached !== undefined && cached.parts >= span.parts) return;
    this.loading = span.seq;
    let events: TraceEvent[];
    try {
      events = await this.source.read(span.seq);
    } catch (e) {
      // Not remembered as empty (a disk busy for a moment would hide the chunk for good): asked
      // again after a while, not every frame, and the view is told then so that it asks.
      this.readProblem = `The timeline could not read its kept trace back from IndexedDB (${e instanceof Error ? e.message : String(e)}): scrolling back reaches only what is in memory.`;
      this.retryAtMs = performance.now() + readRetryMs;
      setTimeout(this.onLoaded, readRetryMs);
      return;
    } finally {
      this.loading = null;
    }
    this.readProblem = null;
    const drops = new Map<string, DropEvent>();
    for (const e of events) if (e.type === 'drop') drops.set(messageKey(e.node, e.msgId), e);
    this.uncache(span.seq);
    this.cache.set(span.seq, { parts: span.parts, events, drops });
    this.cachedEvents += events.length;
    // The least recently used go first; never the chunk just read.
    for (const old of this.cache.keys()) if (this.cachedEvents > cachedEventsMax && old !== span.seq) this.uncache(old);
  }
}

/** Pushes the events of a time-sorted chunk with fromMs ≤ at < toMs onto `out`. */
function inWindow(events: readonly TraceEvent[], fromMs: number, toMs: number, out: TraceEvent[]): void {
  for (let i = lowerBound(events, fromMs); i < events.length; i++) {
    const e = events[i];
    if (e === undefined || e.at >= toMs) break;
    out.push(e);
  }
}

/** The time of the `n`th newest event of chunks' events given newest chunk first. */
function nthNewestAt(parts: readonly (readonly TraceEvent[])[], n: number): number {
  if (n <= 0) return Infinity;
  let left = n;
  for (const p of parts) {
    if (p.length >= left) return p[p.length - left]?.at ?? -Infinity;
    left -= p.length;
  }
  return -Infinity;
}
