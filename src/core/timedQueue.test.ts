/**
 * Goal: the agenda pops items in time order, and items due at the same time in push order, so
 * a host's runs are reproducible. Method: fast-check pushes random times (with many ties) and
 * compares the pop order with a stable sort.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../tests/fcSeed';
import { TimedQueue } from './timedQueue';

describe('timed queue', () => {
  it('pops by time, and by push order among equal times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new TimedQueue<number>();
        times.forEach((t, i) => q.push(t, i));
        const popped: number[] = [];
        for (let next = q.pop(); next !== undefined; next = q.pop()) popped.push(next.item);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
        expect(popped).toEqual(expected);
      }),
      fcParams(200),
    );
  });

  it('reports the next time, Infinity when empty, and drains everything', () => {
    const q = new TimedQueue<string>();
    expect(q.peekTime()).toBe(Infinity);
    q.push(5, 'b');
    q.push(2, 'a');
    expect(q.peekTime()).toBe(2);
    expect(q.drain().sort()).toEqual(['a', 'b']);
    expect(q.size).toBe(0);
  });
});
