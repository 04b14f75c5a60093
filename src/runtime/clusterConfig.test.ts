// The saved membership read back: which nodes are on the ring now and before a change under
// way, so a reload re-runs an unfinished join or leave from the ring it started on; and each
// node's colour slot, so a reload keeps its colour.
import { describe, expect, it, vi } from 'vitest';
import type { LiveClusterConfig } from './clusterConfig';
import { chooseClusterName, defaultClusterConfig, knownClusterNames, listClusterName, loadClusterConfig, presentNodes, previousMembersOf, rememberClusterName, ringMembersOf, saveClusterConfig, withColourSlots, withNetwork } from './clusterConfig';
import { nodeStatusOf } from './clusterSnapshot';

/** localStorage and sessionStorage as a page has them, in memory. */
function fakeStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

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

  it('a node changing zone is in its new zone on the newest ring and in its old one (or none) on the ring before', () => {
    const moved = (zone: string | undefined, fromZone: string | undefined): LiveClusterConfig => ({
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'S2' ? { ...n, weight: 3, ...(zone !== undefined ? { zone } : {}) } : n)),
      ringEpoch: 1,
      pendingChange: { kind: 'zone', id: 'S2', ...(fromZone !== undefined ? { fromZone } : {}) },
    });
    const intoEast = moved('east', undefined);
    expect(ringMembersOf(intoEast).find((m) => m.id === 'S2')).toEqual({ id: 'S2', zone: 'east', weight: 3 });
    expect(previousMembersOf(intoEast).find((m) => m.id === 'S2')).toEqual({ id: 'S2', weight: 3 });
    const eastToWest = moved('west', 'east');
    expect(previousMembersOf(eastToWest).find((m) => m.id === 'S2')).toEqual({ id: 'S2', zone: 'east', weight: 3 });
    expect(ids(previousMembersOf(eastToWest))).toEqual(ids(ringMembersOf(eastToWest)));
  });
});

describe('saved network', () => {
  it('sets the delay between zones and takes it away again, keeps loss below 1', () => {
    const inter = { kind: 'fixed', ms: 40 } as const;
    const withDelay = withNetwork(base, { latency: base.latency, lossProbability: 1.5, interZoneLatency: inter });
    expect(withDelay.interZoneLatency).toEqual(inter);
    expect(withDelay.lossProbability).toBeLessThan(1);
    const without = withNetwork(withDelay, { latency: base.latency, lossProbability: 0 });
    expect('interZoneLatency' in without).toBe(false);
    expect(without.lossProbability).toBe(0);
  });
});

describe('saved colour slots', () => {
  it('sets the slots of present nodes that changed, leaves a node that left as it was, and changes nothing when all are saved', () => {
    const left: LiveClusterConfig = { ...base, nodes: base.nodes.map((n) => (n.id === 'S5' ? { ...n, left: true } : n)) };
    const slots = new Map([['S1', 0], ['S2', 3], ['S5', 4], ['S9', 6]]);
    const saved = withColourSlots(left, slots);
    expect(saved?.nodes.map((n) => n.colourSlot)).toEqual([0, 3, undefined, undefined, undefined]);
    expect(saved === null ? null : withColourSlots(saved, slots)).toBeNull();
    expect(saved === null ? null : withColourSlots(saved, new Map([['S2', 1]]))?.nodes.map((n) => n.colourSlot)).toEqual([0, 1, undefined, undefined, undefined]);
  });

  it("a saved slot comes back with the configuration, and in the node's status", () => {
    vi.stubGlobal('localStorage', fakeStorage());
    try {
      saveClusterConfig(withColourSlots(defaultClusterConfig('painted', 1), new Map([['S3', 5]])) ?? base);
      const loaded = loadClusterConfig('painted');
      const s3 = loaded?.nodes.find((n) => n.id === 'S3');
      expect(s3?.colourSlot).toBe(5);
      expect(s3 === undefined ? null : nodeStatusOf(s3, undefined, undefined).colourSlot).toBe(5);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

// A loaded cluster's replay is written before the cluster opens: it must be listed by then (the
// sweep of any tab forgets the traces of clusters no list names), without becoming the tab's.
describe('the list of known clusters', () => {
  it('a cluster listed before it opens is known to every tab, and the tab still opens its own', () => {
    vi.stubGlobal('localStorage', fakeStorage());
    vi.stubGlobal('sessionStorage', fakeStorage());
    try {
      saveClusterConfig(defaultClusterConfig('home', 1));
      rememberClusterName('home');
      saveClusterConfig(defaultClusterConfig('shared-1', 2));
      listClusterName('shared-1');
      expect(knownClusterNames()).toEqual(['shared-1', 'home']);
      expect(chooseClusterName()).toBe('home');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a full storage makes remembering a cluster say why instead of throwing, and the tab still chooses it', () => {
    const full = fakeStorage();
    vi.stubGlobal('localStorage', { ...full, setItem: () => { throw new DOMException('quota exceeded', 'QuotaExceededError'); } });
    vi.stubGlobal('sessionStorage', fakeStorage());
    try {
      const problem = rememberClusterName('home');
      expect(problem).toMatch(/quota exceeded/);
      expect(problem).toMatch(/reload may open another cluster/);
      // The tab's own choice was written before the browser's refused one.
      expect(chooseClusterName()).toBe('home');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
