// Goal: the timeline reads a cluster's kept chunks back by time window, in time order, even where
// chunks written as the run went overlap; it answers at once from the few chunks it holds and
// reads a missing one in the background; a chunk that grew since it was read is read again.
// Method: fake-indexeddb under a real TraceKeep, hand-made events.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { chunkEventsTarget, TraceKeep } from '../../runtime/traceKeep';
import { cachedEventsMax, KeptChunks, readRetryMs } from './keptChunks';

const up = (at: number): TraceEvent => ({ type: 'nodeUp', at, node: nodeId('n1') });
const run = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => up(from + i * step));

/** A keep of `chunks` full chunks, event i of chunk c at c * 10 + i * 10 / chunkEventsTarget. */
async function keepOf(name: string, chunks: number): Promise<TraceKeep> {
  const keep = new TraceKeep(name);
  for (let c = 0; c < chunks; c++) {
    keep.append(run(c * 10, chunkEventsTarget, 10 / chunkEventsTarget));
    await keep.flush();
  }
  expect(keep.problem).toBeNull();
  return keep;
}

/** `ask()` asked again, as frames do, until it answers (each asking reads a missing chunk). */
async function until<T>(ask: () => T | null): Promise<T> {
  for (let i = 0; i < 2_000; i++) {
    const answer = ask();
    if (answer !== null) return answer;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('never answered');
}

describe('KeptChunks', () => {
  it('reads back the kept events of a window, in time order', async () => {
    const keep = new TraceKeep('kept-1');
    keep.append(run(0, 10));
    keep.append(run(10, 10));
    await keep.flush();
    const kept = new KeptChunks(keep);
    expect((await kept.range(8, 13)).map((e) => e.at)).toEqual([8, 9, 10, 11, 12]);
    expect(kept.firstAt()).toBe(0);
    expect([...kept.lanes()]).toEqual(['n1']);
    await keep.close();
  });

  it('answers a window at once from chunks already read, reading a missing one in the background', async () => {
    let loaded = 0;
    const keep = await keepOf('kept-2', 5);
    expect(keep.spans()).toHaveLength(5);
    const kept = new KeptChunks(keep, () => loaded++);
    expect(kept.newestNow(12, 12.05, 100)).toBeNull();
    await expect.poll(() => loaded).toBe(1);
    expect(kept.newestNow(12, 12.0035, 100)).toEqual({ events: [12, 12.001, 12.002, 12.003].map(up), more: false });
    // Reading every chunk in turn keeps only the most recently used within cachedEventsMax.
    for (let c = 0; c < 5; c++) await kept.range(c * 10, c * 10 + 0.001);
    const cachedChunks = Math.floor(cachedEventsMax / chunkEventsTarget);
    expect(kept.newestNow(0, 0.05, 100)).toEqual(cachedChunks >= 5 ? expect.anything() : null);
    expect(kept.newestNow(41, 41.0015, 100)?.events.map((e) => e.at)).toEqual([41, 41.001]);
    expect(kept.problem).toBeNull();
    await keep.close();
  });

  it('answers a window over more chunks than it used to hold, reading only those of its newest events', async () => {
    let loaded = 0;
    const chunks = 6;
    const keep = await keepOf('kept-wide', chunks);
    const kept = new KeptChunks(keep, () => loaded++);
    const limit = Math.floor(2.5 * chunkEventsTarget);
    const newest = await until(() => kept.newestNow(0, chunks * 10, limit));
    // The newest `limit` begin halfway through the third chunk from the end.
    expect(newest.more).toBe(true);
    expect(newest.events).toHaveLength(limit);
    expect(newest.events[0]?.at).toBeCloseTo(chunks * 10 - limit * (10 / chunkEventsTarget), 6);
    expect(newest.events[limit - 1]?.at).toBeCloseTo(chunks * 10 - 10 / chunkEventsTarget, 6);
    expect(loaded).toBe(3);
    // The whole window, once every chunk is read, stays answered frame after frame.
    const whole = await until(() => kept.newestNow(0, chunks * 10, chunks * chunkEventsTarget));
    expect(whole).toMatchObject({ more: false });
    expect(whole.events).toHaveLength(chunks * chunkEventsTarget);
    expect(loaded).toBe(chunks);
    expect(kept.newestNow(0, chunks * 10, chunks * chunkEventsTarget)).not.toBeNull();
    expect(loaded).toBe(chunks);
    expect((await kept.range(0, chunks * 10)).length).toBe(chunks * chunkEventsTarget);
    await keep.close();
  }, 30_000);

  it('with readMax, the newest events come with the earlier ones at the time the oldest of them is at, up to readMax', async () => {
    const keep = new TraceKeep('kept-ties');
    // Five events at each of 0, 1, 2 and 3 ms.
    keep.append(Array.from({ length: 20 }, (_, i) => up(Math.floor(i / 5))));
    await keep.flush();
    const kept = new KeptChunks(keep);
    const plain = await until(() => kept.newestNow(0, 10, 7));
    expect(plain.events.map((e) => e.at)).toEqual([2, 2, 3, 3, 3, 3, 3]);
    const at = (answer: { events: TraceEvent[] } | null) => answer?.events.map((e) => e.at);
    expect(kept.newestNow(0, 10, 7, 100)).toMatchObject({ more: true });
    expect(at(kept.newestNow(0, 10, 7, 100))).toEqual([2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    expect(at(kept.newestNow(0, 10, 7, 9))).toEqual([2, 2, 2, 2, 3, 3, 3, 3, 3]);
    // A window that fits is whole, whatever readMax.
    expect(kept.newestNow(2, 10, 10, 100)).toMatchObject({ more: false });
    expect(at(kept.newestNow(2, 10, 10, 100))).toEqual([2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    await keep.close();
  });

  it('reads a chunk again a while after a failed read, and the problem goes once it is read', async () => {
    const keep = await keepOf('kept-retry', 1);
    const read = vi.spyOn(keep, 'read').mockRejectedValueOnce(new Error('blocked'));
    let loaded = 0;
    const kept = new KeptChunks(keep, () => loaded++);
    expect(kept.newestNow(0, 10, 100)).toBeNull();
    await expect.poll(() => kept.problem).toMatch(/could not read its kept trace back from IndexedDB \(blocked\)/);
    // Not asked again every frame meanwhile.
    expect(kept.newestNow(0, 10, 100)).toBeNull();
    expect(read).toHaveBeenCalledTimes(1);
    // The view is told when to ask again.
    await expect.poll(() => loaded, { timeout: 4 * readRetryMs }).toBe(2);
    const answer = await until(() => kept.newestNow(0, 10, 100));
    expect(answer).toMatchObject({ more: true });
    expect(answer.events).toHaveLength(100);
    expect(kept.problem).toBeNull();
    expect(read).toHaveBeenCalledTimes(2);
    await keep.close();
  });

  it('puts in order what overlapping writes kept, drops included, and rereads a chunk that grew', async () => {
    const keep = new TraceKeep('kept-3');
    const drop: TraceEvent = { type: 'drop', at: 4, node: nodeId('n2'), msgId: msgId(2), to: nodeId('n3'), msg: 'replicaRead', reason: 'cut' };
    keep.append([up(3), up(5)]);
    await keep.flush();
    const kept = new KeptChunks(keep);
    expect((await kept.range(0, 10)).map((e) => e.at)).toEqual([3, 5]);
    // A batch that reached back lands in the next part, of the same chunk.
    keep.append([drop, up(6)]);
    await keep.flush();
    expect((await kept.range(0, 10)).map((e) => e.at)).toEqual([3, 4, 5, 6]);
    expect(kept.dropOf('n2', 2)).toEqual(drop);
    await keep.close();
  });
});
