// The trace of one live cluster, kept on disk as the run goes (traceDisk.ts), so that a reload, a
// switch to another cluster and back, or a long run still shows what the cluster did. Events are
// written in parts of at most partEventsMax, a second after they land at the latest (or at once
// when the page goes), and gathered into chunks of about chunkEventsTarget. Bounded: past
// keptEventsMax the oldest chunks are forgotten, and events waiting for the disk are capped. The
// cluster's Web Lock makes this the only writer of its cluster. A failing disk (quota, blocked)
// stops the keeping, says why in `problem`, and changes nothing else: the page keeps its memory.
import type { TraceEvent } from '../core/trace';
import { clusterLockName } from './clusterLock';
import type { ChunkSpan, StoredPart } from './traceDisk';
import { deleteTrace, encodePart, loadSpans, readChunk, tracedClusters, writePart } from './traceDisk';

/**
 * Events kept per cluster. A part is about 14 bytes an event (LZ77 over the trace codec's bytes,
 * traceCodec.ts; measured on a simulated workload with each part one batch, while a live part
 * joins workers' batches, each naming its strings again; see StoredPart), so a cluster keeps
 * about 4 MB; the page keeps the traces of the
 * clusters the switcher knows, 12 at most (see sweepKeptTraces).
 */
export const keptEventsMax = 300_000;
/** A chunk is closed once it holds this many: the unit a reader reads back and caches. */
export const chunkEventsTarget = 10_000;
/**
 * Events per part, at most: one IndexedDB transaction each. Parts of 2,000 made about 50
 * transactions a second at full speed, and each cost the page's main thread and the browser's
 * own threads far more than its bytes: parts of 10,000 (a chunk's worth) took about 30 µs of
 * CPU off a get (bench/browser/profile.ts, A/B). A part's encoding and LZ77 run on the page's
 * main thread, about 3 ms for a full one, only at full speed: slower runs write what a second
 * brought (flushIntervalMs).
 */
export const partEventsMax = 10_000;
/** How long a landed event waits for its part to be written: what a crash can lose. */
export const flushIntervalMs = 1_000;
/** Events waiting for the disk beyond which keeping stops and says so (the disk is far behind). */
export const pendingEventsMax = 50_000;

export interface KeepHooks {
  /** Told the latest time of the events about to be written, before they are (-Infinity as the page goes with none). */
  readonly beforeWrite?: (lastAtMs: number) => void;
}

/** What a reader of the kept trace needs (the timeline's KeptChunks). */
export interface KeptSource {
  spans(): readonly ChunkSpan[];
  read(seq: number): Promise<TraceEvent[]>;
  /** Why the trace is not (or no longer) kept, in words the page shows; null while all is well. */
  readonly problem: string | null;
  /**
   * `listener` when spans appear or go (read at open, a chunk begun, forgotten), a chunk reaches
   * further back or gains a lane, or a problem arises; not at every part.
   */
  subscribe(listener: () => void): () => void;
}

/** Clusters whose keep is open in this page: never swept. */
const openKeeps = new Map<string, number>();
/**
 * The last writes of each cluster's closed keep: a keep opened again for that cluster (the page
 * switched back to it) reads its spans only after them, or it would number its chunks anew over
 * the chunk still being written.
 */
const closing = new Map<string, Promise<void>>();
/** The sweep waits this long after a page opens a cluster: nothing of a first visit waits on it. */
const sweepDelayMs = 10_000;
let sweepScheduled = false;

export class TraceKeep implements KeptSource {
  private spanList: ChunkSpan[] = [];
  /** The chunk this keep writes into: the last kept one, while it is short of chunkEventsTarget. */
  private current: ChunkSpan | null = null;
  /** Batches waiting for the disk, as they landed, with their trace bytes when a worker sent them. */
  private pending: Landed[] = [];
  private pendingEvents = 0;
  /** Events handed to writes not yet done. */
  private queued = 0;
  /** Writes and reads chain one after another, so a read after a write sees it. */
  private writes: Promise<void>;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Bumped by forget(): spans read before it must not come back. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  problem: string | null = null;

  constructor(
    readonly clusterName: string,
    private readonly hooks: KeepHooks = {},
  ) {
    openKeeps.set(clusterName, (openKeeps.get(clusterName) ?? 0) + 1);
    // What landed in the last second is written as the page goes (best effort: see flush).
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onPageHide);
    this.writes = (closing.get(clusterName) ?? Promise.resolve()).then(() => loadSpans(clusterName)).then(
      (spans) => {
        if (this.generation > 0) return;
        this.spanList = [...spans, ...this.spanList];
        // A reopened cluster (a reload, a switch back) goes on with its last chunk while it is
        // short: a new chunk at every opening made many small ones, each a read for the timeline.
        const last = spans[spans.length - 1];
        if (last !== undefined && last.events < chunkEventsTarget) this.current ??= last;
        this.told();
      },
      (e: unknown) => this.fail('read', e),
    );
  }

  private readonly onPageHide = () => {
    if (this.pendingEvents === 0) this.hooks.beforeWrite?.(-Infinity);
    void this.flush();
  };

  spans(): readonly ChunkSpan[] {
    return this.spanList;
  }

  /** The earliest time kept, or null when nothing is. */
  firstAt(): number | null {
    let first: number | null = null;
    for (const s of this.spanList) if (first === null || s.firstAt < first) first = s.firstAt;
    return first;
  }

  /** Events kept: on disk, being written, or waiting. */
  keptEvents(): number {
    let n = this.pendingEvents + this.queued;
    for (const s of this.spanList) n += s.events;
    return n;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Keeps `batch`. `bytes`, when given, are its events as trace bytes (a worker's batch as it was
   * posted): they are stored as they are, so the page does not write those events again.
   */
  append(batch: readonly TraceEvent[], bytes?: Uint8Array): void {
    if (this.closed || this.problem !== null || batch.length === 0) return;
    if (this.pendingEvents + this.queued + batch.length > pendingEventsMax) {
      this.fail('write', new Error(`${pendingEventsMax} events were waiting for the disk`));
      return;
    }
    this.pending.push({ events: batch, bytes: bytes ?? null });
    this.pendingEvents += batch.length;
    if (this.pendingEvents >= partEventsMax) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), flushIntervalMs);
  }

  /**
   * Writes every waiting event now, in parts, each encoded in this task: as the page goes, the
   * write is handed to IndexedDB at once (best effort: it still waits behind writes under way).
   */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const landed = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    if (landed.length > 0 && this.problem === null) {
      let lastAt = -Infinity;
      for (const b of landed) for (const e of b.events) if (e.at > lastAt) lastAt = e.at;
      this.hooks.beforeWrite?.(lastAt);
      for (const part of partsOf(landed)) {
        const stored = encodePart(part.loose.sort((a, b) => a.at - b.at), part.encoded);
        const generation = this.generation;
        const n = part.events.length;
        this.queued += n;
        this.writes = this.writes.then(() => this.write(part.events, stored, generation)).finally(() => (this.queued -= n));
      }
    }
    return this.writes;
  }

  /**
   * Writes one part (`events`, encoded as `stored`). A part of events from before a fresh start
   * (`generation` is past) is not written.
   */
  private async write(events: readonly TraceEvent[], stored: StoredPart, generation: number): Promise<void> {
    if (this.problem !== null || generation !== this.generation || events.length === 0) return;
    // A part's worker batches are stored as they came, not in time order.
    let firstAt = Infinity;
    let lastAt = -Infinity;
    const lanes = new Set<string>();
    for (const e of events) {
      lanes.add(e.node);
      firstAt = Math.min(firstAt, e.at);
      lastAt = Math.max(lastAt, e.at);
    }
    const cur = this.current;
    const span: ChunkSpan =
      cur === null || cur.events >= chunkEventsTarget
        ? { seq: (this.spanList[this.spanList.length - 1]?.seq ?? -1) + 1, firstAt, lastAt, events: events.length, parts: 1, lanes: [...lanes] }
        : { ...cur, firstAt: Math.min(cur.firstAt, firstAt), lastAt: Math.max(cur.lastAt, lastAt), events: cur.events + events.length, parts: cur.parts + 1, lanes: [...new Set([...cur.lanes, ...lanes])] };
    const spans = cur?.seq === span.seq ? this.spanList.map((s) => (s.seq === span.seq ? span : s)) : [...this.spanList, span];
    const forget: number[] = [];
    let kept = spans.reduce((n, s) => n + s.events, 0);
    while (kept > keptEventsMax && spans.length > 1) {
      const oldest = spans.shift();
      if (oldest === undefined) break;
      kept -= oldest.events;
      forget.push(oldest.seq);
    }
    try {
      await writePart(this.clusterName, span, stored, forget);
      // Forgotten meanwhile (a fresh start): the delete that follows removes this part too.
      if (generation !== this.generation) return;
      this.current = span;
      this.spanList = spans;
      // Readers show where kept history begins and a row per lane: told when either may change.
      if (cur?.seq !== span.seq || forget.length > 0 || span.firstAt !== cur.firstAt || span.lanes.length !== cur.lanes.length) this.told();
    } catch (e) {
      if (generation === this.generation) this.fail('write', e);
    }
  }

  /** The events of chunk `seq`, once the writes asked for before are done. */
  read(seq: number): Promise<TraceEvent[]> {
    const read = this.writes.then(() => readChunk(this.clusterName, seq));
    this.writes = read.then(
      () => undefined,
      () => undefined,
    );
    return read;
  }

  /** Forgets the whole kept trace (the cluster started fresh); keeping starts again. */
  forget(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.generation++;
    this.pending = [];
    this.pendingEvents = 0;
    this.current = null;
    this.spanList = [];
    this.problem = null;
    this.told();
    this.writes = this.writes.then(() => deleteTrace(this.clusterName)).catch((e: unknown) => this.fail('write', e));
    return this.writes;
  }

  /** Writes what waits and stops keeping (the cluster closes); resolves once written. */
  close(): Promise<void> {
    const done = this.flush();
    if (!this.closed) {
      closing.set(this.clusterName, done);
      void done.then(() => closing.get(this.clusterName) === done && closing.delete(this.clusterName));
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onPageHide);
      const open = (openKeeps.get(this.clusterName) ?? 1) - 1;
      if (open > 0) openKeeps.set(this.clusterName, open);
      else openKeeps.delete(this.clusterName);
    }
    this.closed = true;
    return done;
  }

  private fail(what: 'read' | 'write', e: unknown): void {
    this.stopWith(keepProblem(what, e));
  }

  /** Stops keeping and says why (`problem`, as the page shows it): also when the start of the trace, a shared run's replay, could not be kept. */
  stopWith(problem: string): void {
    this.problem = problem;
    this.pending = [];
    this.pendingEvents = 0;
    this.told();
  }

  private told(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A batch as it landed: its events, and the trace bytes a worker sent them as (null for the page's own). */
interface Landed {
  readonly events: readonly TraceEvent[];
  readonly bytes: Uint8Array | null;
}

/** What one part holds: every event (for its span), those to encode (`loose`), and batches already encoded. */
interface PartPlan {
  readonly events: TraceEvent[];
  readonly loose: TraceEvent[];
  readonly encoded: Uint8Array[];
}

/**
 * Landed batches cut into parts of at most partEventsMax events. A worker's batch stays whole in
 * one part (its bytes cannot be cut); one larger than a part is encoded again, event by event.
 */
function partsOf(landed: readonly Landed[]): PartPlan[] {
  const parts: PartPlan[] = [];
  let part: PartPlan = { events: [], loose: [], encoded: [] };
  const room = (n: number) => {
    if (part.events.length + n <= partEventsMax) return;
    if (part.events.length > 0) parts.push(part);
    part = { events: [], loose: [], encoded: [] };
  };
  for (const b of landed) {
    if (b.bytes !== null && b.events.length <= partEventsMax) {
      room(b.events.length);
      part.encoded.push(b.bytes);
      for (const e of b.events) part.events.push(e);
      continue;
    }
    for (const e of b.events) {
      room(1);
      part.loose.push(e);
      part.events.push(e);
    }
  }
  if (part.events.length > 0) parts.push(part);
  return parts;
}

/** Why the trace is not kept, in the words the page shows. */
function keepProblem(what: 'read' | 'write', e: unknown): string {
  const why = e instanceof Error ? e.message : String(e);
  return `The trace could not be ${what === 'read' ? 'read back from' : 'kept in'} IndexedDB (${why}): the timeline shows what this page holds in memory, and a reload will not bring ${what === 'read' ? 'the earlier run' : 'it'} back.`;
}

/**
 * Stores a trace as the beginning of a cluster's kept trace (a shared run's replay, for the
 * cluster loaded from it), in place of any trace kept under that name; before the cluster opens.
 * Resolves with why it could not (the problem the cluster's keep then shows), or null.
 */
export async function keepTraceAs(clusterName: string, events: readonly TraceEvent[]): Promise<string | null> {
  try {
    await deleteTrace(clusterName);
  } catch (e) {
    return keepProblem('write', e);
  }
  const keep = new TraceKeep(clusterName);
  const kept = events.slice(-keptEventsMax);
  // A chunk at a time, each written before the next: a long run must not pile up in memory.
  for (let i = 0; i < kept.length; i += chunkEventsTarget) {
    keep.append(kept.slice(i, i + chunkEventsTarget));
    await keep.flush();
  }
  await keep.close();
  return keep.problem;
}

/**
 * Forgets the kept traces of clusters `isKept` does not name, unless another tab has the cluster
 * open (its Web Lock is held). Without Web Locks it deletes nothing: another tab's trace must
 * never be lost.
 */
export async function sweepKeptTraces(isKept: (clusterName: string) => boolean): Promise<string[]> {
  if (typeof navigator === 'undefined' || navigator.locks === undefined) return [];
  const [names, locks] = await Promise.all([tracedClusters(), navigator.locks.query()]);
  const held = new Set([...(locks.held ?? []), ...(locks.pending ?? [])].map((l) => l.name));
  const gone = names.filter((n) => !isKept(n) && !openKeeps.has(n) && !held.has(clusterLockName(n)));
  await Promise.all(gone.map(deleteTrace));
  return gone;
}

/** sweepKeptTraces, once per page, a while after the page's first cluster opened. */
export function sweepKeptTracesSoon(isKept: (clusterName: string) => boolean): void {
  if (sweepScheduled) return;
  sweepScheduled = true;
  setTimeout(() => void sweepKeptTraces(isKept).catch(() => undefined), sweepDelayMs);
}
