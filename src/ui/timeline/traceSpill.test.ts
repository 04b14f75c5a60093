// Goal: evicted timeline chunks can be read back by time window from IndexedDB, and the number
// of chunks on disk stays bounded. Method: fake-indexeddb, hand-made events.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { cachedChunksMax, spillChunksMax, spillSliceEvents, TraceSpill } from './traceSpill';

const up = (at: number): TraceEvent => ({ type: 'nodeUp', at, node: nodeId('n1') });
const chunk = (from: number, n: number) => Array.from({ length: n }, (_, i) => up(from + i));

describe('TraceSpill', () => {
  it('reads back the spilled events of a window, in time order', async () => {
    const spill = new TraceSpill('spill-test-1');
    spill.put(chunk(0, 10));
    spill.put(chunk(10, 10));
    expect((await spill.range(8, 13)).map((e) => e.at)).toEqual([8, 9, 10, 11, 12]);
    expect(spill.firstAt()).toBe(0);
    await spill.destroy();
  });

  it('keeps at most spillChunksMax chunks, forgetting the oldest', async () => {
    const spill = new TraceSpill('spill-test-2');
    for (let i = 0; i <= spillChunksMax; i++) spill.put(chunk(i * 2, 2));
    expect(spill.firstAt()).toBe(2);
    expect(await spill.range(0, 2)).toEqual([]);
    expect((await spill.range(2, 4)).map((e) => e.at)).toEqual([2, 3]);
    await spill.destroy();
  });

  it('answers a window at once from chunks already read, reading a missing one in the background', async () => {
    let loaded = 0;
    const spill = new TraceSpill('spill-test-3', () => loaded++);
    for (let i = 0; i < cachedChunksMax + 2; i++) spill.put(chunk(i * 10, 10));
    expect(spill.rangeNow(12, 15)).toBeNull();
    await expect.poll(() => loaded).toBe(1);
    expect(spill.rangeNow(12, 15)?.map((e) => e.at)).toEqual([12, 13, 14]);
    // Reading every chunk in turn keeps only the last cachedChunksMax in memory.
    for (let i = 0; i < cachedChunksMax + 2; i++) await spill.range(i * 10, i * 10 + 1);
    expect(spill.rangeNow(12, 15)).toBeNull();
    expect(spill.rangeNow(41, 43)?.map((e) => e.at)).toEqual([41, 42]);
    expect(spill.problem).toBeNull();
    await spill.destroy();
  });

  it('reads back a chunk written in several slices exactly as it was, events of every shape', async () => {
    const spill = new TraceSpill('spill-test-4');
    const n = spillSliceEvents * 2 + 7;
    const events: TraceEvent[] = Array.from({ length: n }, (_, i) =>
      i % 3 === 0
        ? up(i)
        : i % 3 === 1
          ? { type: 'send', at: i, node: nodeId('n1'), msgId: msgId(i), to: nodeId('n2'), msg: 'replicaWrite', key: `k<${i}>"`, deliverAt: i + 0.5 }
          : { type: 'drop', at: i, node: nodeId('n2'), msgId: msgId(i), to: nodeId('n3'), msg: 'replicaRead', reason: 'cut' },
    );
    spill.put(events);
    spill.put(chunk(n, 1));
    expect(await spill.range(0, n)).toEqual(events);
    expect(spill.dropOf('n2', 2)).toEqual(events[2]);
    expect(spill.problem).toBeNull();
    await spill.destroy();
  });
});
