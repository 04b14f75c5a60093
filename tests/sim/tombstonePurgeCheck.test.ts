/**
 * Goal: the checker does not report what a correct store does with tombstones. Once a delete's
 * grace period is over, compaction purges its tombstone; a later get finds nothing, and the
 * final replicas hold nothing of the key. That is the delete's effect, not a stale read nor a
 * lost write. Method: a 3-node simulated cluster with a short grace and a small memtable (simHarness's
 * purgedTombstoneSim): put, delete, filler writes until every replica purged the tombstone, then
 * a get; the whole history is checked.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../src/check';
import { versionRecord } from '../../src/sim/historyRecord';
import { purgedTombstoneSim } from './simHarness';

describe('a purged tombstone', () => {
  it('leaves no stale read and no lost write behind', () => {
    const { cluster, clients } = purgedTombstoneSim(5);
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
