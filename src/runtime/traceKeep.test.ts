// Goal: a cluster's trace is kept on disk as it lands and read back by a later keep of the same
// cluster (a reload), chunk by chunk and in time order; it stays under keptEventsMax, forgetting
// the oldest chunks first; clusters never see each other's trace; a fresh start forgets it; a
// failing disk (a write refused at once, or a transaction that fails as it commits) says so and
// keeps nothing more, without throwing; workers' batches are stored as the bytes they came in. Method: fake-indexeddb, hand-made events; each test
// uses clusters of its own names.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { msgId, nodeId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import { chunkEventsTarget, keepTraceAs, keptEventsMax, partEventsMax, pendingEventsMax, sweepKeptTraces, TraceKeep } from './traceKeep';
import { clusterLockName } from './clusterLock';
import { loadSpans, traceDb } from './traceDisk';
import { encodeEvents } from './traceCodec';

const up = (at: number, node = 'S1'): TraceEvent => ({ type: 'nodeUp', at, node: nodeId(node) });
const run = (from: number, n: number, node?: string) => Array.from({ length: n }, (_, i) => up(from + i, node));

/** Every kept event of a keep, chunk by chunk. */
async function all(keep: TraceKeep): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  for (const s of keep.spans()) out.push(...(await keep.read(s.seq)));
  return out;
}

/** A keep of `name` opened again, as after a reload, once its spans are read. */
async function reopened(name: string): Promise<TraceKeep> {
  const keep = new TraceKeep(name);
  await keep.read(-1);
  return keep;
}

describe('TraceKeep', () => {
  it('keeps what lands, sorted within each write, and a reopened keep reads it back', async () => {
    const keep = new TraceKeep('reload');
    keep.append([up(5), up(3)]);
    keep.append([up(4), { type: 'send', at: 6, node: nodeId('S2'), msgId: msgId(1), to: nodeId('S3'), msg: 'replicaWrite', key: 'k<"x">', deliverAt: 7.5 }]);
    await keep.close();
    const again = await reopened('reload');
    expect((await all(again)).map((e) => e.at)).toEqual([3, 4, 5, 6]);
    expect((await all(again))[3]).toMatchObject({ key: 'k<"x">', deliverAt: 7.5 });
    expect(again.spans()[0]?.lanes).toEqual(expect.arrayContaining(['S1', 'S2']));
    expect(again.firstAt()).toBe(3);
    // New events after the reload go on in the last chunk, short of chunkEventsTarget.
    again.append([up(10)]);
    await again.close();
    const third = await reopened('reload');
    expect(third.spans().map((s) => [s.seq, s.parts, s.events])).toEqual([[0, 2, 5]]);
    expect((await all(third)).map((e) => e.at)).toEqual([3, 4, 5, 6, 10]);
  });

  it('stores workers’ batches as their bytes, beside the page’s own events, and reads every event back in time order', async () => {
    const keep = new TraceKeep('bytes');
    const worker = (from: number, n: number, lane: string) => {
      const batch = run(from, n, lane).map((e) => ({ ...e, at: e.at + 0.5 }));
      return [batch, encodeEvents(batch)] as const;
    };
    const [a, aBytes] = worker(10, 3, 'S2');
    const [b, bBytes] = worker(0, 4, 'S3');
    // Larger than a part: encoded again, event by event.
    const [big, bigBytes] = worker(100, partEventsMax + 1, 'S4');
    keep.append(a, aBytes);
    keep.append([up(11), up(2)]);
    keep.append(b, bBytes);
    keep.append(big, bigBytes);
    await keep.close();
    const again = await reopened('bytes');
    const expected = [...a, up(11), up(2), ...b, ...big].sort((x, y) => x.at - y.at);
    expect(await all(again)).toEqual(expected);
    // The large batch's events fill more than one part, so more than one chunk at a part per chunk.
    const spans = again.spans();
    expect(Math.min(...spans.map((s) => s.firstAt))).toBe(0.5);
    expect(Math.max(...spans.map((s) => s.lastAt))).toBe(100.5 + partEventsMax);
    expect(spans.reduce((n, s) => n + s.events, 0)).toBe(expected.length);
    expect(spans.flatMap((s) => s.lanes)).toEqual(expect.arrayContaining(['S1', 'S2', 'S3', 'S4']));
    await again.close();
  });

  it('tells its readers when a chunk begins, reaches further back or gains a lane, not at every part', async () => {
    const keep = new TraceKeep('told');
    await keep.read(-1);
    let told = 0;
    keep.subscribe(() => told++);
    keep.append(run(10, 2));
    await keep.flush();
    expect(keep.spans()).toHaveLength(1);
    expect(told).toBe(1);
    keep.append(run(12, 2));
    await keep.flush();
    expect(told).toBe(1);
    keep.append([up(5)]);
    await keep.flush();
    expect(keep.firstAt()).toBe(5);
    expect(told).toBe(2);
    keep.append([up(20, 'S7')]);
    await keep.flush();
    expect(told).toBe(3);
    await keep.close();
  });

  it('a keep opened again while the last one still writes numbers its chunks after that one', async () => {
    const first = new TraceKeep('switched');
    first.append(run(0, 3));
    void first.close();
    const second = new TraceKeep('switched');
    second.append(run(10, 2));
    await second.close();
    const third = await reopened('switched');
    expect(third.spans().map((s) => [s.seq, s.parts])).toEqual([[0, 2]]);
    expect((await all(third)).map((e) => e.at)).toEqual([0, 1, 2, 10, 11]);
  });

  it('a reopened keep goes on with its last chunk while it is short, and begins a new one after a full one', async () => {
    const keep = new TraceKeep('reopen-chunks');
    keep.append(run(0, chunkEventsTarget - 1));
    await keep.close();
    for (let i = 0; i < 3; i++) {
      const again = await reopened('reopen-chunks');
      again.append(run(chunkEventsTarget - 1 + i, 1));
      await again.close();
    }
    const last = await reopened('reopen-chunks');
    expect(last.spans().map((s) => [s.seq, s.events])).toEqual([
      [0, chunkEventsTarget],
      [1, 2],
    ]);
    expect((await all(last)).map((e) => e.at)).toEqual(Array.from({ length: chunkEventsTarget + 2 }, (_, i) => i));
    await last.close();
  });

  it('writes a part as soon as partEventsMax events wait, and a chunk takes parts until chunkEventsTarget', async () => {
    const keep = new TraceKeep('parts');
    const n = chunkEventsTarget + partEventsMax;
    for (let i = 0; i < n; i += 500) keep.append(run(i, 500));
    await keep.flush();
    const spans = await loadSpans('parts');
    expect(spans.map((s) => s.events)).toEqual([chunkEventsTarget, partEventsMax]);
    expect(spans[0]?.parts).toBe(chunkEventsTarget / partEventsMax);
    expect((await keep.read(0)).map((e) => e.at)).toEqual(Array.from({ length: chunkEventsTarget }, (_, i) => i));
    await keep.close();
  });

  it('stays under keptEventsMax by forgetting the oldest chunks, on disk too', async () => {
    const keep = new TraceKeep('capped');
    const total = keptEventsMax + 2 * chunkEventsTarget;
    for (let i = 0; i < total; i += partEventsMax) {
      keep.append(run(i, partEventsMax));
      if (i % chunkEventsTarget === 0) await keep.flush();
    }
    await keep.close();
    expect(keep.problem).toBeNull();
    expect(keep.keptEvents()).toBeLessThanOrEqual(keptEventsMax);
    expect(keep.keptEvents()).toBeGreaterThan(keptEventsMax - chunkEventsTarget);
    const again = await reopened('capped');
    expect(again.spans().reduce((n, s) => n + s.events, 0)).toBe(keep.keptEvents());
    // What is left is the newest part of the run, from its first kept time to its end.
    const first = again.firstAt() ?? -1;
    expect(first).toBe(total - keep.keptEvents());
    expect((await again.read(again.spans()[0]?.seq ?? -1))[0]?.at).toBe(first);
  }, 60_000);

  it('keeps each cluster apart, and a fresh start forgets only its own', async () => {
    const a = new TraceKeep('alpha');
    const b = new TraceKeep('alpha-2');
    a.append(run(0, 3, 'S1'));
    b.append(run(100, 2, 'S9'));
    await Promise.all([a.flush(), b.flush()]);
    expect((await all(a)).map((e) => e.node)).toEqual(['S1', 'S1', 'S1']);
    expect((await all(b)).map((e) => e.at)).toEqual([100, 101]);
    await a.forget();
    expect(a.spans()).toEqual([]);
    expect(await loadSpans('alpha')).toEqual([]);
    expect(await loadSpans('alpha-2')).toHaveLength(1);
    a.append(run(50, 1));
    await a.close();
    expect((await all(await reopened('alpha'))).map((e) => e.at)).toEqual([50]);
    await b.close();
  });

  it('a fresh start while parts are being written forgets them too, and keeps what follows', async () => {
    const keep = new TraceKeep('fresh-midway');
    await keep.read(-1);
    keep.append(run(0, partEventsMax));
    keep.append(run(partEventsMax, 5));
    void keep.flush();
    const forgotten = keep.forget();
    keep.append(run(100_000, 2));
    await forgotten;
    await keep.close();
    expect(keep.spans().map((s) => s.events)).toEqual([2]);
    const again = await reopened('fresh-midway');
    expect((await all(again)).map((e) => e.at)).toEqual([100_000, 100_001]);
    expect(again.spans().map((s) => s.seq)).toEqual([0]);
  });

  it('starts a loaded cluster with a replayed trace in place of anything kept under its name', async () => {
    const old = new TraceKeep('shared-x');
    old.append(run(0, 5, 'S4'));
    await old.close();
    await keepTraceAs('shared-x', run(0, partEventsMax * 3 + 1, 'S2'));
    const keep = await reopened('shared-x');
    const events = await all(keep);
    expect(events).toHaveLength(partEventsMax * 3 + 1);
    expect(new Set(events.map((e) => e.node))).toEqual(new Set(['S2']));
  });

  it('stops keeping, and says so, when more than pendingEventsMax events wait for the disk', async () => {
    const keep = new TraceKeep('behind');
    for (let i = 0; i <= pendingEventsMax; i += partEventsMax) keep.append(run(i, partEventsMax));
    expect(keep.problem).toMatch(/were waiting for the disk/);
    await keep.close();
  });

  it('as the page goes, writes what waits at once, and tells the present first', async () => {
    const page = new EventTarget();
    vi.stubGlobal('window', page);
    const told: number[] = [];
    try {
      const keep = new TraceKeep('page-hide', { beforeWrite: (at) => told.push(at) });
      keep.append([up(4), up(9)]);
      page.dispatchEvent(new Event('pagehide'));
      // Nothing waits for the flush timer: the write is already queued.
      await keep.read(-1);
      expect(told).toEqual([9]);
      expect((await loadSpans('page-hide')).map((s) => s.events)).toEqual([2]);
      const parts: unknown[] = await (await traceDb()).getAll('parts', IDBKeyRange.bound(['page-hide'], ['page-hide', []]));
      expect(parts).toEqual([expect.objectContaining({ codec: 'trace-lz77-v1' })]);
      // With nothing waiting, the present is still told, so the clock resumes where it stood.
      page.dispatchEvent(new Event('pagehide'));
      expect(told).toEqual([9, -Infinity]);
      await keep.close();
      page.dispatchEvent(new Event('pagehide'));
      expect(told).toHaveLength(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('tells the time of the events it is about to write, before writing them', async () => {
    const told: number[] = [];
    const keep = new TraceKeep('present', { beforeWrite: (at) => told.push(at) });
    keep.append([up(7), up(2)]);
    await keep.flush();
    expect(told).toEqual([7]);
    await keep.close();
  });

  it('a replayed trace the disk cannot keep resolves with why, in the words the page shows', async () => {
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    });
    try {
      expect(await keepTraceAs('shared-full', run(0, 10, 'S2'))).toMatch(/could not be kept in IndexedDB \(quota exceeded\)/);
    } finally {
      put.mockRestore();
    }
    expect(await keepTraceAs('shared-room', run(0, 10, 'S2'))).toBeNull();
  });

  it('a disk that fails says so, keeps nothing more and throws nothing', async () => {
    const keep = new TraceKeep('failing');
    await keep.read(-1);
    let told = 0;
    keep.subscribe(() => told++);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    });
    try {
      keep.append(run(0, 3));
      await keep.flush();
    } finally {
      put.mockRestore();
    }
    expect(keep.problem).toMatch(/could not be kept in IndexedDB \(quota exceeded\)/);
    expect(keep.problem).toMatch(/the timeline shows what this page holds in memory/);
    expect(told).toBeGreaterThan(0);
    keep.append(run(3, 3));
    await keep.close();
    expect(await loadSpans('failing')).toEqual([]);
  });

  /** Failures that come only as the write's transaction commits, after every request was made. */
  const commitFailures = {
    'the transaction aborts as it commits': () =>
      vi.spyOn(IDBTransaction.prototype, 'commit').mockImplementation(function (this: IDBTransaction) {
        // As a full disk fails a commit: nothing throws at once, the transaction aborts later.
        this.abort();
      }),
    'a put fails after it was accepted': () => {
      const add = Reflect.get<IDBObjectStore, 'add'>(IDBObjectStore.prototype, 'add');
      const put = Reflect.get<IDBObjectStore, 'put'>(IDBObjectStore.prototype, 'put');
      return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (this.name !== 'parts') return put.call(this, value, key);
        // The second add of one key is refused when it runs (ConstraintError), and that aborts the transaction.
        add.call(this, value, key);
        return add.call(this, value, key);
      });
    },
  };

  for (const [i, [failure, mock]] of Object.entries(commitFailures).entries()) {
    it(`a write whose transaction fails as it commits (${failure}) says so, keeps nothing more and throws nothing`, async () => {
      const name = `failing-commit-${i}`;
      const keep = new TraceKeep(name);
      await keep.read(-1);
      let told = 0;
      keep.subscribe(() => told++);
      const failing = mock();
      try {
        keep.append(run(0, 3));
        await keep.flush();
      } finally {
        failing.mockRestore();
      }
      expect(keep.problem).toMatch(/^The trace could not be kept in IndexedDB \(.+\): the timeline shows what this page holds in memory/);
      expect(told).toBeGreaterThan(0);
      // Nothing of the failed write landed, and nothing more is written.
      expect(await loadSpans(name)).toEqual([]);
      keep.append(run(3, 3));
      await keep.close();
      expect(keep.spans()).toEqual([]);
      expect(await loadSpans(name)).toEqual([]);
    });
  }

  it('sweeps the kept traces of clusters no longer known, unless a tab holds the cluster', async () => {
    for (const name of ['forgotten', 'open-elsewhere', 'still-known']) {
      const keep = new TraceKeep(name);
      keep.append(run(0, 1));
      await keep.close();
    }
    const held = [{ name: clusterLockName('open-elsewhere') }];
    vi.stubGlobal('navigator', { locks: { query: () => Promise.resolve({ held, pending: [] }) } });
    try {
      // Other tests' clusters count as known: only this test's unknown ones may go.
      const gone = await sweepKeptTraces((name) => name !== 'forgotten' && name !== 'open-elsewhere');
      expect(gone).toEqual(['forgotten']);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await loadSpans('forgotten')).toEqual([]);
    expect(await loadSpans('open-elsewhere')).toHaveLength(1);
    expect(await loadSpans('still-known')).toHaveLength(1);
  });
});
