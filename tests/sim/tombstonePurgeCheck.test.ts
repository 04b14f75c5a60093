/**
 * Goal: the checker does not report what a correct store does with tombstones. Once a delete's
 * grace period is over, compaction purges its tombstone; a later get finds nothing, and the
 * final replicas hold nothing of the key. That is the delete's effect, not a stale read nor a
 * lost write. Method: a 3-node simulated cluster with a short grace and a small memtable (as in
 * purgedDots.test.ts): put, delete, filler writes until every replica purged the tombstone, then
 * a get; the whole history is checked.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/check';
import { createRandom } from '../../src/core/prng';
import { SimClients, SimCluster } from '../../src/sim';
import { versionRecord } from '../../src/sim/historyRecord';
import { clusterConfig } from './simHarness';

describe('a purged tombstone', () => {
  it('leaves no stale read and no lost write behind', () => {
    const cluster = new SimCluster({
      seed: 5,
      cluster: clusterConfig(['a', 'b', 'c'], { readRepair: false, antiEntropyIntervalMs: 600_000 }),
      network: { latency: { kind: 'fixed', ms: 5 }, loss: 0 },
      traceLimit: 0,
      storage: { memtableBytesMax: 1024, blockBytesTarget: 256, tombstoneGraceMs: 1_000, compactionTablesMin: 2 },
    });
    const clients = new SimClients(cluster, createRandom(5));
    clients.call('alice', { op: 'put', key: 'k', value: 'first', via: 'a' });
    cluster.runUntil(1_000);
    clients.call('alice', { op: 'delete', key: 'k', via: 'a' });
    cluster.runUntil(2_000);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 40; i++) clients.call(`f${i % 4}`, { op: 'put', key: `filler-${round}-${i}`, value: 'x'.repeat(40) });
      cluster.runUntil(10_000 + round * 6_000);
    }
    expect(cluster.replicaState().some((r) => r.key === 'k' && r.versions.length > 0), 'every replica purged k').toBe(false);
    clients.call('bob', { op: 'get', key: 'k' });
    cluster.runUntil(50_000);

    const history = clients.history();
    const get = history.find((h) => h.client === 'bob');
    expect(get?.ok).toBe(true);
    expect(get?.versions).toEqual([]);
    const final = { replicas: cluster.replicaState().map((r) => ({ node: r.node, key: r.key, versions: r.versions.map(versionRecord) })) };
    const report = checkHistory(history, final, 'vclock');
    expect(report.staleReads).toEqual([]);
    expect(report.lostWrites).toEqual([]);
    expect(report.readYourWritesViolations).toEqual([]);
  });
});
