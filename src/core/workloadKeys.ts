/**
 * What a steady workload asks for, shared by the simulator's and the live page's generators so
 * that both draw keys and values the same way: keys uniformly or by Zipf (s = 1), and written
 * values unique per client, so the checker can tell writes apart by value. Pure: randomness is
 * the caller's seeded Random.
 */
import type { Random } from './prng';

export type KeyDistribution = 'uniform' | 'zipf';

/** Builds a sampler of key indices in [0, keys). */
export function keySampler(keys: number, distribution: KeyDistribution, random: Random): () => number {
  if (distribution === 'uniform') return () => Math.floor(random() * keys);
  const cdf = new Float64Array(keys);
  let total = 0;
  for (let i = 0; i < keys; i++) {
    total += 1 / (i + 1);
    cdf[i] = total;
  }
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = keys - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The `seq`-th value a workload client writes: its tag, padded to `valueBytes`. */
export function workloadValue(client: string, seq: number, valueBytes: number): string {
  const tag = `${client}-${seq}`;
  return tag.length >= valueBytes ? tag : tag + '.'.repeat(valueBytes - tag.length);
}

/** Simulated ms to the next arrival of a Poisson process at `ratePerSec`. */
export function poissonGapMs(ratePerSec: number, random: Random): number {
  return (-1000 / ratePerSec) * Math.log(1 - random());
}
