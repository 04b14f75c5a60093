// Goal: the timeline reads a cluster's kept chunks back by time window, in time order, even where
// chunks written as the run went overlap; it answers at once from the few chunks it holds and
// reads a missing one in the background; a chunk that grew since it was read is read again.
// Method: fake-indexeddb under a real TraceKeep, hand-made events.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { chunkEventsTarget, TraceKeep } from '../../runtime/traceKeep';
import { cachedChunksMax, KeptChunks } from './keptChunks';

const up = (at: number): TraceEvent => ({ type: 'nodeUp', at, node: nodeId('n1') });
const run = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => up(from + i * step));

/** A keep of `chunks` full chunks, event i of chunk c at c * 10 + i * 10 / chunkEventsTarget. */
async function keepOf(name: string, chunks: number): Promise<TraceKeep> {
  const keep = new TraceKeep(name);
  for (let c = 0; c < chunks; c++) keep.append(run(c * 10, chunkEventsTarget, 10 / chunkEventsTarget));
  await keep.flush();
  return keep;
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
    const keep = await keepOf('kept-2', cachedChunksMax + 2);
    expect(keep.spans()).toHaveLength(cachedChunksMax + 2);
    const kept = new KeptChunks(keep, () => loaded++);
    expect(kept.rangeNow(12, 12.05)).toBeNull();
    await expect.poll(() => loaded).toBe(1);
    expect(kept.rangeNow(12, 12.0035)?.map((e) => e.at)).toEqual([12, 12.001, 12.002, 12.003]);
    // Reading every chunk in turn keeps only the last cachedChunksMax in memory.
    for (let i = 0; i < cachedChunksMax + 2; i++) await kept.range(i * 10, i * 10 + 0.001);
    expect(kept.rangeNow(12, 12.05)).toBeNull();
    expect(kept.rangeNow(41, 41.0015)?.map((e) => e.at)).toEqual([41, 41.001]);
    expect(kept.problem).toBeNull();
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
