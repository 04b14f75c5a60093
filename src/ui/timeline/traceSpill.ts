// Older timeline chunks, written to IndexedDB when the in-memory index evicts them, so that
// scrolling back through a long run still works while memory stays bounded. One database per
// tab (deleted when the tab goes), a bounded number of chunks, and an in-memory table of each
// chunk's time span so a window's chunks are found without reading the others. The last few
// chunks read stay in memory (bounded), so scrolling through them draws from memory, frame
// after frame, and only crossing into a new chunk reads the disk, once, in the background.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import type { TraceEvent } from '../../core/trace';
import { lowerBound, messageKey } from './timelineIndex';

/** Chunks kept on disk: at 10k events each, two million events of history. */
export const spillChunksMax = 200;
/** Chunks kept in memory once read back: a window and its neighbours on either side. */
export const cachedChunksMax = 3;
/**
 * Events serialised per task. A 10k-event chunk handed to IndexedDB as objects was one task of
 * 25–75 ms (its structured clone) on the page's main thread, a dropped frame or more each time
 * at full speed. As JSON, slice by slice between frames, then one Blob, no task takes long and
 * the whole costs less; IndexedDB stores the Blob without another copy on this thread.
 */
export const spillSliceEvents = 1_000;
/** Chunks waiting to be written, beyond which a chunk is serialised in one go to catch up. */
const writesBehindMax = 2;
const storeName = 'chunks';

type DropEvent = Extract<TraceEvent, { type: 'drop' }>;

interface CachedChunk {
  readonly events: readonly TraceEvent[];
  /** This chunk's drops by sender and msgId (messageKey), built when the chunk is read. */
  readonly drops: ReadonlyMap<string, DropEvent>;
}

interface ChunkSpan {
  readonly seq: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

export class TraceSpill {
  private db: Promise<IDBPDatabase | null>;
  private spans: ChunkSpan[] = [];
  private nextSeq = 0;
  /** Writes chain one after another, so a read after them sees them. */
  private writes: Promise<void> = Promise.resolve();
  /** Chunks read back, most recently used last; at most cachedChunksMax. */
  private readonly cache = new Map<number, CachedChunk>();
  private loading: number | null = null;
  private writesPending = 0;

  constructor(
    readonly dbName: string,
    /** Called when a chunk asked for by rangeNow has been read, so the view redraws. */
    private readonly onLoaded: () => void = () => undefined,
  ) {
    // IndexedDB can be missing (private modes) or blocked: the timeline then keeps its bounded
    // memory window only, and says nothing is on disk rather than failing.
    this.db = openDB(dbName, 1, { upgrade: (db) => void db.createObjectStore(storeName) }).catch((e: unknown) => this.fail('open', e) ?? null);
  }

  /** Why older events are not on disk, in words the page shows; null while all is well. */
  problem: string | null = null;

  private fail(what: 'open' | 'read' | 'write', e: unknown): undefined {
    const why = e instanceof Error ? e.message : String(e);
    this.problem = `The timeline could not ${what} its IndexedDB store of older events (${why}): scrolling back reaches only what is still in memory.`;
    this.onLoaded();
    return undefined;
  }

  /** The earliest time still available on disk, or null when nothing was spilled. */
  firstAt(): number | null {
    return this.spans[0]?.firstAt ?? null;
  }

  put(chunk: readonly TraceEvent[]): void {
    const first = chunk[0];
    const last = chunk[chunk.length - 1];
    if (first === undefined || last === undefined) return;
    const span = { seq: this.nextSeq++, firstAt: first.at, lastAt: last.at };
    this.spans.push(span);
    const evicted = this.spans.length > spillChunksMax ? this.spans.shift() : undefined;
    if (evicted !== undefined) this.cache.delete(evicted.seq);
    const copy = [...chunk];
    this.writesPending++;
    this.writes = this.writes
      .then(async () => {
        const db = await this.db;
        if (db === null) return;
        const blob = await this.serialise(copy);
        const tx = db.transaction(storeName, 'readwrite');
        await tx.store.put(blob, span.seq);
        if (evicted !== undefined) await tx.store.delete(evicted.seq);
        await tx.done;
      })
      .catch((e: unknown) => void this.fail('write', e))
      .finally(() => this.writesPending--);
  }

  /** The chunk as a JSON array of slices, one slice per task unless writes are behind. */
  private async serialise(events: readonly TraceEvent[]): Promise<Blob> {
    const parts: string[] = ['['];
    for (let i = 0; i < events.length; i += spillSliceEvents) {
      if (i > 0) {
        parts.push(',');
        if (this.writesPending <= writesBehindMax) await new Promise((r) => setTimeout(r, 0));
      }
      parts.push(JSON.stringify(events.slice(i, i + spillSliceEvents)));
    }
    parts.push(']');
    return new Blob(parts, { type: 'application/json' });
  }

  /** Every spilled event with fromMs ≤ at < toMs, in time order. */
  async range(fromMs: number, toMs: number): Promise<TraceEvent[]> {
    for (const s of this.spansOf(fromMs, toMs)) await this.load(s.seq);
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
      if (chunk === undefined) {
        if (this.loading === null) void this.load(s.seq).then(this.onLoaded);
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
    return out;
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
    return this.spans.filter((s) => s.lastAt >= fromMs && s.firstAt < toMs);
  }

  private async load(seq: number): Promise<void> {
    if (this.cache.has(seq)) return;
    this.loading = seq;
    try {
      await this.writes;
      const db = await this.db;
      // A chunk that cannot be read is remembered as empty, so it is not asked for every frame.
      const stored: unknown = await db?.get(storeName, seq).catch((e: unknown) => this.fail('read', e));
      const events = stored instanceof Blob ? await parseChunk(stored).catch((e: unknown) => this.fail('read', e) ?? []) : [];
      const drops = new Map<string, DropEvent>();
      for (const e of events) if (e.type === 'drop') drops.set(messageKey(e.node, e.msgId), e);
      this.cache.set(seq, { events, drops });
      for (const old of this.cache.keys()) if (this.cache.size > cachedChunksMax) this.cache.delete(old);
    } finally {
      this.loading = null;
    }
  }

  async clear(): Promise<void> {
    this.spans = [];
    this.cache.clear();
    await this.writes;
    const db = await this.db;
    await db?.clear(storeName);
  }

  /** Deletes the database; the tab is going. */
  async destroy(): Promise<void> {
    const db = await this.db;
    db?.close();
    indexedDB.deleteDatabase(this.dbName);
  }
}

/** A chunk written by serialise: a JSON array of slices, each an array of trace events. */
async function parseChunk(blob: Blob): Promise<TraceEvent[]> {
  const slices = JSON.parse(await blob.text()) as TraceEvent[][];
  return slices.flat();
}
