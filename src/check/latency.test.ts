// Goal: latency quantiles are nearest-rank over ok operations, per kind. Method: exact
// values on lists whose ranks are easy to count by hand.
import { describe, expect, it } from 'vitest';
import { latencyByKind, latencyStats, nearestRank } from './latency';
import { failedPut, okGet } from './testHistory';

describe('latency', () => {
  it('nearest-rank quantiles of 1..1000 ms are 500, 990 and 999', () => {
    const ms = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(latencyStats(ms)).toEqual({ p50: 500, p99: 990, p999: 999, count: 1000 });
  });

  it('a single latency is every quantile', () => {
    expect(latencyStats([7])).toEqual({ p50: 7, p99: 7, p999: 7, count: 1 });
    expect(nearestRank([3, 9], 0.5)).toBe(3);
  });

  it('only ok operations count, and a kind with none reports nulls', () => {
    const history = [okGet({ id: 1, at: [10, 14] }, []), failedPut({ id: 2, at: [0, 1000] }, 'x', 'timeout')];
    expect(latencyByKind(history)).toEqual({
      get: { p50: 4, p99: 4, p999: 4, count: 1 },
      put: { p50: null, p99: null, p999: null, count: 0 },
      delete: { p50: null, p99: null, p999: null, count: 0 },
    });
  });
});
