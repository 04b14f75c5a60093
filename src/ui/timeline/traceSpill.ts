// Older timeline chunks, written to IndexedDB when the in-memory index evicts them, so that
// scrolling back through a long run still works while memory stays bounded. One database per
// tab (deleted when the tab goes), a bounded number of chunks, and an in-memory table of each
// chunk's time span so a window's chunks are found without reading the others.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import type { TraceEvent } from '../../core/trace';

/** Chunks kept on disk: at 10k events each, two million events of history. */
export const spillChunksMax = 200;
const storeName = 'chunks';

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

  constructor(readonly dbName: string) {
    // IndexedDB can be missing (private modes) or blocked: the timeline then keeps its bounded
    // memory window only, and says nothing is on disk rather than failing.
    this.db = openDB(dbName, 1, { upgrade: (db) => void db.createObjectStore(storeName) }).catch(() => null);
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
    const copy = [...chunk];
    this.writes = this.writes.then(async () => {
      const db = await this.db;
      if (db === null) return;
      const tx = db.transaction(storeName, 'readwrite');
      await tx.store.put(copy, span.seq);
      if (evicted !== undefined) await tx.store.delete(evicted.seq);
      await tx.done;
    }).catch(() => undefined);
  }

  /** Every spilled event with fromMs ≤ at < toMs, in time order. */
  async range(fromMs: number, toMs: number): Promise<TraceEvent[]> {
    await this.writes;
    const db = await this.db;
    if (db === null) return [];
    const out: TraceEvent[] = [];
    for (const s of this.spans) {
      if (s.lastAt < fromMs || s.firstAt >= toMs) continue;
      const chunk = (await db.get(storeName, s.seq)) as TraceEvent[] | undefined;
      for (const e of chunk ?? []) if (e.at >= fromMs && e.at < toMs) out.push(e);
    }
    return out;
  }

  async clear(): Promise<void> {
    this.spans = [];
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
