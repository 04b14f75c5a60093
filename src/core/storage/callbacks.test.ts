/**
 * Goal: the callback helpers and the LRU cache behave, including when every step completes
 * synchronously (the simulator's devices do). Method: direct calls with counters.
 */
import { describe, expect, it } from 'vitest';
import { eachSeries, mapParallel } from './callbacks';
import { LruCache } from './lruCache';
import { deviceOk } from './storageDevice';

describe('eachSeries', () => {
  it('runs a hundred thousand synchronous steps without growing the stack', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    let sum = 0;
    let result: boolean | undefined;
    eachSeries(items, (x, _i, next) => ((sum += x), next(deviceOk)), (r) => (result = r.ok));
    expect(result).toBe(true);
    expect(sum).toBe((100_000 * 99_999) / 2);
  });

  it('stops at the first failure', () => {
    const seen: number[] = [];
    let message = '';
    eachSeries([1, 2, 3], (x, _i, next) => (seen.push(x), next(x === 2 ? { ok: false, message: 'two' } : deviceOk)), (r) => {
      if (!r.ok) message = r.message;
    });
    expect(seen).toEqual([1, 2]);
    expect(message).toBe('two');
  });

  it('continues after a step that calls back later', () => {
    const later: (() => void)[] = [];
    const seen: number[] = [];
    let finished = false;
    eachSeries([1, 2, 3], (x, _i, next) => (seen.push(x), later.push(() => next(deviceOk))), () => (finished = true));
    while (later.length > 0) later.shift()?.();
    expect(seen).toEqual([1, 2, 3]);
    expect(finished).toBe(true);
  });
});

describe('mapParallel', () => {
  it('answers in item order whatever the completion order', () => {
    const later: (() => void)[] = [];
    let out: number[] = [];
    mapParallel<number, number>([1, 2, 3], (x, done) => later.push(() => done({ ok: true, value: x * 10 })), (r) => {
      if (r.ok) out = r.value;
    });
    later.reverse().forEach((f) => f());
    expect(out).toEqual([10, 20, 30]);
  });
});

describe('LRU cache', () => {
  it('evicts the least recently used entry past its bound', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    c.set('c', 3);
    expect(c.has('a')).toBe(true);
    expect(c.has('b')).toBe(false);
    expect(c.size).toBe(2);
  });

  it('stores nothing when its bound is zero', () => {
    const c = new LruCache<string, number>(0);
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
  });
});
