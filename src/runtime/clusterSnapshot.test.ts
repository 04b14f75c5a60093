// Goal: a new snapshot keeps the previous one's objects for every part that did not change, so
// the page's views of those parts skip their render, and hands out new objects for what did.
// Method: two snapshots built from fresh objects, one node's key count apart.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../core/ids';
import { defaultNodeSettings } from '../core/node/settings';
import { defaultLiveLatency, defaultLiveStorage } from './clusterConfig';
import type { ClusterSnapshot } from './clusterSnapshot';
import { shareUnchanged } from './clusterSnapshot';

const build = (keysOfS2: number): ClusterSnapshot => ({
  name: 'main',
  nodes: ['S1', 'S2', 'S3'].map((id) => ({ id: nodeId(id), state: 'up' as const, keys: id === 'S2' ? keysOfS2 : 10, incarnation: 0, unreachablePeers: [] })),
  clock: { simTime: 5, realTime: 7, speed: 0.2, paused: false },
  settings: { ...defaultNodeSettings },
  network: { latency: { ...defaultLiveLatency }, lossProbability: 0 },
  clockSkewMs: { S1: 0, S2: 0, S3: 0 },
  cutLinks: [{ from: nodeId('S1'), to: nodeId('S2') }],
  ringChange: null,
  storage: { ...defaultLiveStorage },
  problems: [],
});

describe('shareUnchanged', () => {
  it('keeps the unchanged parts and nodes of the previous snapshot, and takes the changed node', () => {
    const prev = build(10);
    const next = shareUnchanged(prev, build(11));
    expect(next).not.toBe(prev);
    expect(next.nodes).not.toBe(prev.nodes);
    expect(next.nodes[1]?.keys).toBe(11);
    expect(next.nodes[0]).toBe(prev.nodes[0]);
    expect(next.nodes[2]).toBe(prev.nodes[2]);
    for (const part of ['clock', 'settings', 'network', 'clockSkewMs', 'cutLinks', 'storage', 'problems'] as const) expect(next[part]).toBe(prev[part]);
  });

  it('hands back the previous snapshot itself when nothing changed', () => {
    const prev = build(10);
    expect(shareUnchanged(prev, build(10))).toBe(prev);
  });

  it('takes a changed part whole, such as a new cut link', () => {
    const prev = build(10);
    const changed = { ...build(10), cutLinks: [...prev.cutLinks, { from: nodeId('S2'), to: nodeId('S1') }] };
    const next = shareUnchanged(prev, changed);
    expect(next.cutLinks).toHaveLength(2);
    expect(next.nodes).toBe(prev.nodes);
  });
});
