// The kept trace of every cluster, in one IndexedDB database: per cluster, chunks of trace events
// in time order, each written as several parts as the run goes (a part is trace bytes, compressed
// with the in-house LZ77; see StoredPart; its workers' batches as they came, so not always in time
// order: a chunk is sorted as it is read). A chunk's span (its first and last times,
// event count, lanes and part count) is stored apart from its parts, so opening a cluster reads
// only spans.
// No policy here: traceKeep.ts decides what to write and what to forget.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import { lz77Compress, lz77Decompress } from '../core/storage';
import { assertNever } from '../core/assertNever';
import type { TraceEvent } from '../core/trace';
import { transformBytes } from './storage/streamCompressor';
import { encodeEvents, joinBatches } from './traceCodec';
import { decodeEvents } from './traceDecoder';

/** What a chunk holds, without its events. */
export interface ChunkSpan {
  readonly seq: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly events: number;
  /** Parts written so far: a reader holding fewer reads the chunk again. */
  readonly parts: number;
  /** Lanes (nodes, clients, the cluster's own) with events in the chunk. */
  readonly lanes: readonly string[];
}

export const traceDbName = 'ringlab-traces';
const spanStore = 'spans';
const partStore = 'parts';

let opened: Promise<IDBPDatabase> | null = null;

/** The database, opened once per page; a failed open is tried again at the next call. */
export function traceDb(): Promise<IDBPDatabase> {
  opened ??= openDB(traceDbName, 1, {
    upgrade(db) {
      db.createObjectStore(spanStore);
      db.createObjectStore(partStore);
    },
  }).catch((e: unknown) => {
    opened = null;
    throw e;
  });
  return opened;
}

/** Every key of `cluster` sorts between these: [cluster] and [cluster, []] (arrays sort after numbers). */
const clusterRange = (cluster: string) => IDBKeyRange.bound([cluster], [cluster, []]);

/** `cluster`'s chunk spans, oldest chunk first. */
export async function loadSpans(cluster: string): Promise<ChunkSpan[]> {
  const db = await traceDb();
  return (await db.getAll(spanStore, clusterRange(cluster))) as ChunkSpan[];
}

/**
 * Writes one part of chunk `span.seq` with its updated span, and forgets the chunks `forget`, in
 * one transaction. Committed at once: a write made as the page goes must not wait for a task of
 * a page being torn down.
 */
export async function writePart(cluster: string, span: ChunkSpan, part: StoredPart, forget: readonly number[]): Promise<void> {
  const db = await traceDb();
  const tx = db.transaction([spanStore, partStore], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    writes.push(tx.objectStore(spanStore).put(span, [cluster, span.seq]));
    writes.push(tx.objectStore(partStore).put(part, [cluster, span.seq, span.parts - 1]));
    for (const seq of forget) {
      writes.push(tx.objectStore(spanStore).delete([cluster, seq]));
      writes.push(tx.objectStore(partStore).delete(IDBKeyRange.bound([cluster, seq], [cluster, seq, []])));
    }
  } catch (e) {
    // A request refused at once (a value that cannot be cloned, a closing database): none of the
    // others may land, or a span would name a part that is not there.
    tx.abort();
    writes.forEach((w) => void w.catch(() => undefined));
    void tx.done.catch(() => undefined);
    throw e;
  }
  tx.commit();
  await Promise.all([...writes, tx.done]);
}

/** The events of chunk `seq`, in time order. */
export async function readChunk(cluster: string, seq: number): Promise<TraceEvent[]> {
  const db = await traceDb();
  const parts = (await db.getAll(partStore, IDBKeyRange.bound([cluster, seq], [cluster, seq, []]))) as StoredPart[];
  const events = (await Promise.all(parts.map(decodePart))).flat();
  // Workers' batches interleave in time, within a part and across parts: put in order here.
  return isSorted(events) ? events : events.sort((a, b) => a.at - b.at);
}

/** Forgets everything kept of `cluster`. */
export async function deleteTrace(cluster: string): Promise<void> {
  const db = await traceDb();
  const tx = db.transaction([spanStore, partStore], 'readwrite');
  await Promise.all([tx.objectStore(spanStore).delete(clusterRange(cluster)), tx.objectStore(partStore).delete(clusterRange(cluster)), tx.done]);
}

/** The clusters with a kept trace. */
export async function tracedClusters(): Promise<string[]> {
  const db = await traceDb();
  const names = new Set<string>();
  // Chunk 0 of each cluster first, then skip past the cluster: one step per cluster, not per chunk.
  let cursor = await db.transaction(spanStore).store.openKeyCursor();
  while (cursor !== null) {
    const key = cursor.key as [string, number];
    names.add(key[0]);
    cursor = await cursor.continue([key[0], []]);
  }
  return [...names];
}

/**
 * A part as stored. Written now: the events as trace bytes (traceCodec.ts, the form a node worker
 * posts its batches in) compressed with the simulator's LZ77 (`trace-lz77-v1`), at once, in the
 * task that hands the part over. Read too, from earlier versions: JSON compressed with the LZ77
 * (`lz77-v1`), deflated JSON bytes (CompressionStream), and plain JSON text (a part written as
 * the page went).
 *
 * Why not JSON: measured in Node on a simulated get workload, JSON and LZ77 cost about 1 µs per
 * event on the page's main thread, and a get at full speed traces about 17; trace bytes and LZ77
 * about 0.4 µs, the LZ77 having a quarter of the bytes to go through, and the part is smaller
 * (about 14 bytes an event against 20 there; more for both with a live run's fractional times).
 * Why not the platform's deflate: about 2.3 µs per event in Chromium. None is a Blob: building
 * one copied every part once more.
 */
export type StoredPart = CompressedPart | Uint8Array | string;

export interface CompressedPart {
  /** `trace-lz77-v1`: trace bytes; `lz77-v1`: JSON text (written by earlier versions). */
  readonly codec: 'trace-lz77-v1' | 'lz77-v1';
  readonly bytes: Uint8Array;
}

/**
 * Events as a part to store: `events`, then the batches of `encoded` (trace bytes as a node
 * worker sent them, stored as they are: the page does not write its workers' events again).
 * Synchronous, so a part made as the page goes is written at once.
 */
export function encodePart(events: readonly TraceEvent[], encoded: readonly Uint8Array[] = []): StoredPart {
  const bytes = encoded.length === 0 ? encodeEvents(events) : joinBatches(events.length === 0 ? encoded : [encodeEvents(events), ...encoded]);
  return { codec: 'trace-lz77-v1', bytes: lz77Compress(bytes) };
}

export async function decodePart(part: StoredPart): Promise<TraceEvent[]> {
  if (typeof part === 'string') return JSON.parse(part) as TraceEvent[];
  if (part instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(await transformBytes(part, new DecompressionStream('deflate-raw')))) as TraceEvent[];
  const raw = lz77Decompress(part.bytes);
  if (!raw.ok) throw new Error(raw.message);
  switch (part.codec) {
    case 'trace-lz77-v1':
      return decodeEvents<TraceEvent>(raw.value);
    case 'lz77-v1':
      return JSON.parse(new TextDecoder().decode(raw.value)) as TraceEvent[];
    default:
      return assertNever(part.codec, 'kept trace part codec');
  }
}

/** True when the events are in time order (most batches are: their sort is skipped). */
export function isSorted(events: readonly TraceEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if ((events[i]?.at ?? 0) < (events[i - 1]?.at ?? 0)) return false;
  return true;
}
