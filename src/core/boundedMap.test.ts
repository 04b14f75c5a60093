// Goal: a Map bounded oldest-first never grows past its bound, forgets only its oldest entries,
// and keeps at least nine tenths of the bound. Method: insert, re-insert (which makes a key the
// newest) and check what is left.
import { describe, expect, it } from 'vitest';
import { boundOldestFirst } from './boundedMap';

describe('boundOldestFirst', () => {
  it('leaves a map within its bound alone', () => {
    const m = new Map([[1, 'a'], [2, 'b']]);
    boundOldestFirst(m, 2);
    expect([...m.keys()]).toEqual([1, 2]);
  });

  it('forgets the oldest entries, in insertion order, down to nine tenths of the bound', () => {
    const m = new Map<number, number>();
    for (let i = 0; i < 100; i++) {
      m.set(i, i);
      boundOldestFirst(m, 20);
      expect(m.size).toBeLessThanOrEqual(20);
    }
    expect(m.size).toBeGreaterThanOrEqual(18);
    expect([...m.keys()]).toEqual(Array.from({ length: m.size }, (_, i) => 100 - m.size + i));
  });

  it('counts a key deleted and set again as new: it outlives keys set after it first was', () => {
    const m = new Map<number, number>(Array.from({ length: 10 }, (_, i) => [i, i]));
    m.delete(0);
    m.set(0, 0);
    m.set(10, 10);
    boundOldestFirst(m, 10);
    expect(m.has(0)).toBe(true);
    expect(m.has(1)).toBe(false);
    expect([...m.keys()].at(-1)).toBe(10);
  });
});
