/**
 * A steady workload for one client: Poisson arrivals at `ratePerSec` for `durationMs`, keys
 * drawn uniformly or by Zipf (s = 1) from `keys` names, reads with probability `readFraction`.
 * Every written value is unique, so the checker can tell writes apart by value.
 */
import type { Random } from '../core/prng';
import type { SimCluster } from './simCluster';
import type { SimClients } from './simClients';

export interface WorkloadSpec {
  readonly client: string;
  readonly durationMs: number;
  readonly ratePerSec: number;
  readonly keys: number;
  readonly readFraction: number;
  readonly distribution: 'uniform' | 'zipf';
  readonly via?: string | undefined;
  readonly valueBytes: number;
  readonly keyPrefix: string;
}

/** Builds a sampler of key indices in [0, keys). */
export function keySampler(keys: number, distribution: 'uniform' | 'zipf', random: Random): () => number {
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

/** Schedules the workload's calls from now on. */
export function startWorkload(spec: WorkloadSpec, cluster: SimCluster, clients: SimClients, random: Random): void {
  if (spec.ratePerSec <= 0 || spec.durationMs <= 0) return;
  const endAt = cluster.now + spec.durationMs;
  const nextKey = keySampler(Math.max(1, spec.keys), spec.distribution, random);
  const meanGapMs = 1000 / spec.ratePerSec;
  let seq = 0;
  const tick = (): void => {
    if (cluster.now > endAt) return;
    const key = `${spec.keyPrefix}${nextKey()}`;
    if (random() < spec.readFraction) {
      clients.call(spec.client, { op: 'get', key, via: spec.via });
    } else {
      seq++;
      const tag = `${spec.client}-${seq}`;
      const value = tag.length >= spec.valueBytes ? tag : tag + '.'.repeat(spec.valueBytes - tag.length);
      clients.call(spec.client, { op: 'put', key, value, via: spec.via });
    }
    cluster.schedule(-meanGapMs * Math.log(1 - random()), tick);
  };
  cluster.schedule(-meanGapMs * Math.log(1 - random()), tick);
}
