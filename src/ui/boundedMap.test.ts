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

  it('counts a key set again as new', () => {
    const m = new Map<string, number>([['old', 0], ['kept', 1]]);
    m.delete('old');
    m.set('old', 2);
    m.set('new', 3);
    boundOldestFirst(m, 2);
    expect([...m.keys()]).toEqual(['new']);
  });
});
