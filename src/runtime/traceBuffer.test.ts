// Goal: the main thread's trace stays bounded, keeps the newest events in order and counts
// everything it was given. Method: overflow a small buffer and read it back.
import { describe, expect, it } from 'vitest';
import { msgId, nodeId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import { TraceBuffer } from './traceBuffer';

const drop = (i: number): TraceEvent => ({ type: 'drop', msgId: msgId(i), to: nodeId('B'), msg: 'ping', reason: 'cut', at: i, node: nodeId('A') });
const up = (i: number): TraceEvent => ({ type: 'nodeUp', at: i, node: nodeId('A') });

describe('TraceBuffer', () => {
  it('keeps only the newest events, oldest first, and counts all of them', () => {
    const buffer = new TraceBuffer(3);
    buffer.append([up(1), drop(2), up(3)]);
    buffer.append([drop(4), up(5)], 7);
    expect(buffer.events().map((e) => e.at)).toEqual([3, 4, 5]);
    expect(buffer.total).toBe(5);
    expect(buffer.drops).toBe(2);
    expect(buffer.lostInWorkers).toBe(7);
  });

  it("takes the page's own events of one task in together, in order, before anything appended or read after them", async () => {
    const buffer = new TraceBuffer(10);
    const seen: number[][] = [];
    buffer.subscribe((batch) => seen.push(batch.map((e) => e.at)));
    buffer.hold(up(1));
    buffer.hold(up(2));
    buffer.append([up(3)]);
    buffer.hold(up(4));
    expect(buffer.events().map((e) => e.at)).toEqual([1, 2, 3, 4]);
    buffer.hold(up(5));
    buffer.hold(up(6));
    expect(buffer.total).toBe(4);
    await Promise.resolve();
    expect(buffer.total).toBe(6);
    expect(seen).toEqual([[1, 2], [3], [4], [5, 6]]);
  });

  it('tells subscribers of each batch until they unsubscribe', () => {
    const buffer = new TraceBuffer(10);
    const seen: number[] = [];
    const off = buffer.subscribe((batch) => seen.push(batch.length));
    buffer.append([up(1), up(2)]);
    off();
    buffer.append([up(3)]);
    expect(seen).toEqual([2]);
  });
});
