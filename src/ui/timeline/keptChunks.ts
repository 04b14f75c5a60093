// The timeline's reader of a cluster's kept trace (runtime/traceKeep.ts): the windows older than
// what the page holds in memory are drawn from it. The chunks' time spans are in memory, so a
// window's chunks are found without reading the others. The last few chunks read stay in memory
// (bounded), so scrolling through them draws from memory, frame after frame, and only crossing
// into a new chunk reads the disk, once, in the background.
import type { ChunkSpan } from '../../runtime/traceDisk';
import { isSorted } from '../../runtime/traceDisk';
import type { KeptSource } from '../../runtime/traceKeep';
import type { TraceEvent } from '../../core/trace';
import { lowerBound, messageKey } from './timelineIndex';

/** Chunks kept in memory once read back: a window and its neighbours on either side. */
export const cachedChunksMax = 3;

type DropEvent = Extract<TraceEvent, { type: 'drop' }>;

interface CachedChunk {
  /** Parts the chunk had when read: one written since makes the copy stale. */
  readonly parts: number;
  readonly events: readonly TraceEvent[];
  /** This chunk's drops by sender and msgId (messageKey), built when the chunk is read. */
  readonly drops: ReadonlyMap<string, DropEvent>;
}

export class KeptChunks {
  /** Chunks read back, most recently used last; at most cachedChunksMax. */
  private readonly cache = new Map<number, CachedChunk>();
  private loading: number | null = null;
  private readProblem: string | null = null;
  /** lanes() of a list of spans: asked for every frame, it changes at most once per write. */
  private lanesOf: { readonly spans: readonly ChunkSpan[]; readonly lanes: ReadonlySet<string> } | null = null;

  constructor(
    private readonly source: KeptSource,
    /** Called when a chunk asked for by rangeNow has been read, so the view redraws. */
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

  /** Every kept event with fromMs ≤ at < toMs, in time order. */
  async range(fromMs: number, toMs: number): Promise<TraceEvent[]> {
    for (const s of this.spansOf(fromMs, toMs)) await this.load(s);
    return this.rangeNow(fromMs, toMs) ?? [];
  }

  /**
   * The same, at once, when every chunk it needs is in memory; otherwise null, and the first
   * missing chunk is read in the background (one read at a time), then onLoaded is called.
   */
  rangeNow(fromMs: number, toMs: number): TraceEvent[] | null {
    const out: TraceEvent[] = [];
    for (const s of this.spansOf(fromMs, toMs)) {
      const chunk = this.cache.get(s.seq);
      if (chunk === undefined || chunk.parts < s.parts) {
        if (this.loading === null) void this.load(s).then(this.onLoaded);
        return null;
      }
      // Most recently used last, so the oldest use is evicted first.
      this.cache.delete(s.seq);
      this.cache.set(s.seq, chunk);
      const events = chunk.events;
      for (let i = lowerBound(events, fromMs); i < events.length; i++) {
        const e = events[i];
        if (e === undefined || e.at >= toMs) break;
        out.push(e);
      }
    }
    // Chunks written as the run went may overlap a little (a batch can reach back).
    return isSorted(out) ? out : out.sort((a, b) => a.at - b.at);
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

  private spansOf(fromMs: number, toMs: number): ChunkSpan[] {
    return this.source.spans().filter((s) => s.lastAt >= fromMs && s.firstAt < toMs);
  }

  private async load(span: ChunkSpan): Promise<void> {
    const cached = this.cache.get(span.seq);
    if (cached !== undefined && cached.parts >= span.parts) return;
    this.loading = span.seq;
    try {
      // A chunk that cannot be read is remembered as empty, so it is not asked for every frame.
      const events = await this.source.read(span.seq).catch((e: unknown) => {
        this.readProblem = `The timeline could not read its kept trace back from IndexedDB (${e instanceof Error ? e.message : String(e)}): scrolling back reaches only what is in memory.`;
        return [];
      });
      const drops = new Map<string, DropEvent>();
      for (const e of events) if (e.type === 'drop') drops.set(messageKey(e.node, e.msgId), e);
      this.cache.delete(span.seq);
      this.cache.set(span.seq, { parts: span.parts, events, drops });
      for (const old of this.cache.keys()) if (this.cache.size > cachedChunksMax) this.cache.delete(old);
    } finally {
      this.loading = null;
    }
  }
}
