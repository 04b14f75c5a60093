/**
 * A steady workload for one client: Poisson arrivals at `ratePerSec` for `durationMs`, keys
 * drawn uniformly or by Zipf (s = 1) from `keys` names, reads with probability `readFraction`.
 * Every written value is unique, so the checker can tell writes apart by value. With
 * `readBeforeWrite`, each write is the chapter's read-modify-write: a get of the key, then the
 * put, which carries the context that get returned (SimClients sends a key's last context).
 */
import type { Random } from '../core/prng';
import { keySampler, poissonGapMs, workloadValue } from '../core/workloadKeys';
import type { KeyDistribution } from '../core/workloadKeys';
import type { SimCluster } from './simCluster';
import type { SimClients } from './simClients';
import { keyName } from './keyNames';

export interface WorkloadSpec {
  readonly client: string;
  readonly durationMs: number;
  readonly ratePerSec: number;
  readonly keys: number;
  readonly readFraction: number;
  readonly distribution: KeyDistribution;
  readonly via?: string | undefined;
  readonly valueBytes: number;
  readonly keyPrefix: string;
  /**
   * Each put follows a get of its key by the same client, so it supersedes every sibling the
   * client saw. Absent, a put carries whatever context the client last got for the key, often
   * none (many clients, many keys), and concurrent siblings pile up toward maxSiblings.
   */
  readonly readBeforeWrite?: boolean | undefined;
}

/** Schedules the workload's calls from now on. */
export function startWorkload(spec: WorkloadSpec, cluster: SimCluster, clients: SimClients, random: Random): void {
  if (spec.ratePerSec <= 0 || spec.durationMs <= 0) return;
  const endAt = cluster.now + spec.durationMs;
  const keys = Math.max(1, spec.keys);
  const nextKey = keySampler(keys, spec.distribution, random);
  const names = clients.keyNames.tableFor(spec.keyPrefix, keys);
  let seq = 0;
  const tick = (): void => {
    if (cluster.now > endAt) return;
    const key = keyName(names, spec.keyPrefix, nextKey());
    if (random() < spec.readFraction) {
      clients.call(spec.client, { op: 'get', key, via: spec.via });
    } else {
      seq++;
      if (spec.readBeforeWrite === true) clients.call(spec.client, { op: 'get', key, via: spec.via });
      clients.call(spec.client, { op: 'put', key, value: workloadValue(spec.client, seq, spec.valueBytes), via: spec.via });
    }
    cluster.schedule(poissonGapMs(spec.ratePerSec, random), tick);
  };
  cluster.schedule(poissonGapMs(spec.ratePerSec, random), tick);
}
