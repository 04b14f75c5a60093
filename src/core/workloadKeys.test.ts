// Goal: a workload draws keys and arrival gaps as its spec says: uniform keys in range, Zipf
// (s = 1) keys with the i-th about 1/i as likely as the first, exponential gaps with mean
// 1000 / rate ms, and values unique per client and padded to size. Method: many draws from a
// seeded generator, compared with the distributions' own figures.
import { describe, expect, it } from 'vitest';
import { createRandom } from './prng';
import { keySampler, poissonGapMs, workloadValue } from './workloadKeys';

const counts = (draw: () => number, keys: number, n: number) => {
  const c = new Array<number>(keys).fill(0);
  for (let i = 0; i < n; i++) {
    const k = draw();
    expect(Number.isInteger(k) && k >= 0 && k < keys).toBe(true);
    c[k]! += 1;
  }
  return c;
};

describe('workload keys', () => {
  it('uniform keys are equally likely', () => {
    const c = counts(keySampler(20, 'uniform', createRandom(1)), 20, 100_000);
    for (const x of c) expect(Math.abs(x - 5000)).toBeLessThan(400);
  });

  it('zipf keys: the i-th about 1/i as likely as the first', () => {
    const keys = 50;
    const c = counts(keySampler(keys, 'zipf', createRandom(2)), keys, 200_000);
    const harmonic = Array.from({ length: keys }, (_, i) => 1 / (i + 1)).reduce((s, x) => s + x, 0);
    for (const i of [0, 1, 4, 9, 49]) {
      const expected = 200_000 / (i + 1) / harmonic;
      expect(Math.abs((c[i] ?? 0) - expected) / expected).toBeLessThan(0.1);
    }
  });

  it('arrival gaps are exponential with mean 1000 / rate ms', () => {
    const r = createRandom(3);
    const gaps = Array.from({ length: 50_000 }, () => poissonGapMs(40, r));
    const mean = gaps.reduce((s, x) => s + x, 0) / gaps.length;
    expect(Math.abs(mean - 25) / 25).toBeLessThan(0.03);
    // An exponential's median is ln 2 × its mean.
    const median = [...gaps].sort((a, b) => a - b)[gaps.length >> 1] ?? 0;
    expect(Math.abs(median - 25 * Math.LN2) / (25 * Math.LN2)).toBeLessThan(0.05);
    expect(gaps.every((g) => g >= 0)).toBe(true);
  });

  it('values are unique per client and sequence, and padded to the size asked', () => {
    const values = new Set<string>();
    for (const client of ['w1', 'w2']) for (let seq = 1; seq <= 100; seq++) values.add(workloadValue(client, seq, 100));
    expect(values.size).toBe(200);
    for (const v of values) expect(v.length).toBe(100);
    expect(workloadValue('a-very-long-client-name', 12345, 4)).toBe('a-very-long-client-name-12345');
  });
});
