/**
 * Goal: anti-entropy restores a wiped node, moving about as many keys as it lost rather than
 * the whole dataset, and never brings a deleted key back. Method: a 5-node cluster with read
 * repair and hinted handoff out of the way; the wiped node's keys are counted before the wipe
 * and compared with what its Merkle exchanges received.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../src/core/ids';
import { makeSim } from './simHarness';

const ids = ['a', 'b', 'c', 'd', 'e'];

describe('anti-entropy', () => {
  it('a wiped and restarted node gets its data back through Merkle exchanges, about key for key', () => {
    const { cluster, clients } = makeSim(ids, { readRepair: false, antiEntropyIntervalMs: 2000 });
    for (let i = 0; i < 300; i++) clients.call(`c${i % 20}`, { op: 'put', key: `key-${i}`, value: i });
    cluster.runUntil(10_000);
    const lost = cluster.replicaState().filter((r) => r.node === 'c').length;
    expect(lost).toBeGreaterThan(100);
    cluster.wipe(nodeId('c'));
    cluster.restart(nodeId('c'));
    cluster.runUntil(60_000);
    const back = cluster.replicaState().filter((r) => r.node === 'c');
    expect(back).toHaveLength(lost);
    const received = cluster.nodeStats().c?.antiEntropyKeysReceived ?? 0;
    expect(received).toBeGreaterThanOrEqual(lost);
    // Each key is replicated on two other nodes, so at worst both send it: far from 300 × 3.
    expect(received).toBeLessThanOrEqual(2 * lost);
    const exchanges = cluster.traceEvents().filter((e) => e.type === 'antiEntropy' && e.node === 'c');
    expect(exchanges.length).toBeGreaterThan(0);
  });

  it('a deleted key stays deleted: its tombstone wins the exchange', () => {
    const { cluster, clients } = makeSim(ids, { readRepair: false, antiEntropyIntervalMs: 1000 });
    const [first, second] = cluster.replicasFor('k').map((x) => x as string);
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(1000);
    cluster.cut(nodeId(first as string), nodeId(second as string), true);
    clients.call('c1', { op: 'delete', key: 'k', via: first });
    cluster.runUntil(1500);
    cluster.healAll();
    cluster.runUntil(30_000);
    for (const r of cluster.replicaState().filter((x) => x.key === 'k')) {
      expect(r.versions.every((v) => v.deleted), `${r.node} holds ${JSON.stringify(r.versions)}`).toBe(true);
    }
  });
});
