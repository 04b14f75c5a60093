/**
 * Goal: a put whose context names more actors than a clock may keep is pruned by the
 * coordinator (Dynamo §4.4), dropping the actors that wrote here least recently, and a context
 * within the bound is kept whole. Method: a 3-node cluster (bound 64, so 63 entries besides the
 * new dot); puts through one coordinator carry explicit contexts of 71 actors (70 strangers and
 * the coordinator's own) and of 5.
 */
import { describe, expect, it } from 'vitest';
import { makeSim } from './simHarness';

describe('clock pruning at the coordinator', () => {
  it('keeps the actors that wrote the key here, drops the rest past the bound, and leaves a small context alone', () => {
    const { cluster, clients } = makeSim(['a', 'b', 'c']);
    const [first] = cluster.replicasFor('k');
    clients.call('c1', { op: 'put', key: 'k', value: 'v1', via: first });
    cluster.runUntil(1000);
    const minted = clients.history()[0]?.versions[0]?.dot.node as string;
    expect(minted).toBeDefined();
    // Seventy strangers whose names sort before the coordinator's actor: by name alone it would go.
    const strangers = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`A${String(i).padStart(2, '0')}`, 1]));
    clients.call('c1', { op: 'put', key: 'k', value: 'v2', via: first, context: { ...strangers, [minted]: 1 } });
    clients.call('c2', { op: 'put', key: 'j', value: 'w', via: first, context: { A00: 1, A01: 2, A02: 3, A03: 4, A04: 5 } });
    cluster.runUntil(2000);
    const [, big, small] = clients.history();
    const kept = Object.keys(big?.versions[0]?.context ?? {});
    expect(kept.length).toBe(63);
    expect(kept).toContain(minted);
    expect(kept.filter((a) => a.startsWith('A')).sort()).toEqual(Object.keys(strangers).sort().slice(0, 62));
    expect(small?.versions[0]?.context).toEqual({ A00: 1, A01: 2, A02: 3, A03: 4, A04: 5 });
  });
});
