// The saved membership read back: which nodes are on the ring now and before a change under
// way, so a reload re-runs an unfinished join or leave from the ring it started on.
import { describe, expect, it } from 'vitest';
import type { LiveClusterConfig } from './clusterConfig';
import { defaultClusterConfig, presentNodes, previousMembersOf, ringMembersOf } from './clusterConfig';

const base = defaultClusterConfig('t', 1);
const ids = (members: readonly { id: string }[]) => members.map((m) => m.id);

describe('saved membership', () => {
  it('a joining node is on the newest ring but not on the ring before it, with its zone and weight', () => {
    const c: LiveClusterConfig = { ...base, nodes: [...base.nodes, { id: 'S6', incarnation: 0, down: false, zone: 'z2', weight: 2 }], ringEpoch: 1, pendingChange: { kind: 'join', id: 'S6' } };
    expect(ids(ringMembersOf(c))).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(ringMembersOf(c).find((m) => m.id === 'S6')).toEqual({ id: 'S6', zone: 'z2', weight: 2 });
    expect(ids(previousMembersOf(c))).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
  });

  it('a leaving node is off the newest ring, on the one before, and still present until it has gone', () => {
    const c: LiveClusterConfig = { ...base, ringEpoch: 2, pendingChange: { kind: 'leave', id: 'S2' } };
    expect(ids(ringMembersOf(c))).toEqual(['S1', 'S3', 'S4', 'S5']);
    expect(ids(previousMembersOf(c))).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(presentNodes(c).map((n) => n.id)).toContain('S2');
  });

  it('a node that left is on no ring and not present', () => {
    const c: LiveClusterConfig = { ...base, nodes: base.nodes.map((n) => (n.id === 'S3' ? { ...n, left: true, down: true, incarnation: 1 } : n)) };
    expect(ids(ringMembersOf(c))).toEqual(['S1', 'S2', 'S4', 'S5']);
    expect(ids(previousMembersOf(c))).toEqual(ids(ringMembersOf(c)));
    expect(presentNodes(c).map((n) => n.id)).not.toContain('S3');
  });
});
