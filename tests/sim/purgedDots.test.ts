/**
 * Goal: a coordinator never mints a dot twice for a key, even after its storage engine purged
 * the key's tombstone (and with it the dots the key index held) and the node restarted. Reusing
 * a dot would make a new write look like the old one to a replica still holding the tombstone.
 * Method: a 3-node simulated cluster with a short tombstone grace and a small memtable; `a`
 * writes and deletes a key, filler writes make flushes and compactions purge the tombstone, `a`
 * restarts, then a blind put through `a` must get a counter above the purged ones.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../src/core/ids';
import { purgedTombstoneSim } from './simHarness';

describe('purged tombstones', () => {
  it('keep their dots: after a purge and a restart, the coordinator mints a higher counter', () => {
    const { cluster, clients } = purgedTombstoneSim(11);
    const deleted = clients.history().find((h) => h.op === 'delete');
    expect(deleted?.ok).toBe(true);
    const purgedCounter = deleted?.versions[0]?.clock.a ?? 0;
    expect(purgedCounter).toBe(2);
    const a = nodeId('a');
    expect(cluster.nodeStats().a?.storage?.tombstonesDropped ?? 0, 'the scenario must purge the tombstone on a').toBeGreaterThan(0);
    expect(cluster.replicaState().some((r) => r.node === a && r.key === 'k'), 'k is gone from a').toBe(false);

    cluster.kill(a);
    cluster.runUntil(50_000);
    cluster.restart(a);
    cluster.runUntil(52_000);
    clients.call('bob', { op: 'put', key: 'k', value: 'again', via: 'a', blind: true });
    cluster.runUntil(54_000);
    const again = clients.history().find((h) => h.client === 'bob');
    expect(again?.ok).toBe(true);
    expect(again?.versions[0]?.clock.a ?? 0).toBeGreaterThan(purgedCounter);
  });
});
