// Goal: preference lists follow Dynamo §4.3 (clockwise walk, distinct nodes, zones first) and
// stay total for any N. Method: fast-check over random zoned, weighted clusters, checked
// against invariants and against a brute-force walk that rebuilds the tokens from the spec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import type { NodeId } from '../ids';
import { nodeId } from '../ids';
import { ringPosition } from './hash';
import { firstTokenAt, preferenceList, preferenceListAt, replicasAt, replicasFor } from './preferenceList';
import type { Ring, RingMember } from './ring';
import { buildRing } from './ring';

const memberArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 5 }).map(nodeId),
  zone: fc.option(fc.constantFrom('z1', 'z2', 'z3', 'z4'), { nil: undefined, freq: 3 }),
  weight: fc.option(fc.constantFrom(0.5, 1, 2), { nil: undefined }),
});
const clusterArb = fc.record({
  members: fc.uniqueArray(memberArb, { minLength: 1, maxLength: 9, selector: (m) => m.id }),
  vnodes: fc.integer({ min: 1, max: 12 }),
  n: fc.integer({ min: 0, max: 11 }),
  keys: fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 20 }),
});

/** The failure domain a member counts as: its zone, or a name no zone can share. */
const domainOf = (member: RingMember): string => (member.zone === undefined ? `\u0000${member.id}` : `zone:${member.zone}`);

/** The spec, written plainly: rebuild every token, sort, walk, then apply the zone rule. */
function referenceList(members: readonly RingMember[], vnodes: number, position: number, n: number) {
  const tokens = members.flatMap((m) =>
    Array.from({ length: Math.round(vnodes * (m.weight ?? 1)) }, (_, i) => ({ position: ringPosition(`${m.id}#${i}`), m, i })),
  );
  tokens.sort((a, b) => a.position - b.position || (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : a.i - b.i));
  const start = Math.max(0, tokens.findIndex((t) => t.position >= position));
  const walk: RingMember[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const m = tokens[(start + k) % tokens.length]?.m;
    if (m !== undefined && !walk.includes(m)) walk.push(m);
  }
  const want = Math.min(Math.max(n, 0), walk.length);
  const allDomains = new Set(walk.map(domainOf));
  const chosen = new Set<RingMember>();
  const domains = new Set<string>();
  for (const m of walk) {
    if (chosen.size === want || domains.size === allDomains.size) break;
    if (domains.has(domainOf(m))) continue;
    chosen.add(m);
    domains.add(domainOf(m));
  }
  for (const m of walk) if (chosen.size < want) chosen.add(m);
  return { replicas: [...chosen].map((m) => m.id), fallbacks: walk.filter((m) => !chosen.has(m)).map((m) => m.id) };
}

const domainsOf = (ring: Ring, ids: readonly NodeId[]): Set<string> =>
  new Set(ids.map((id) => domainOf(ring.members.find((m) => m.id === id) ?? { id })));

describe('preferenceList', () => {
  it('has exactly min(N, members) distinct replicas, and replicas plus fallbacks are a permutation of the members', () => {
    fc.assert(
      fc.property(clusterArb, ({ members, vnodes, n, keys }) => {
        const ring = buildRing(members, vnodes);
        for (const key of keys) {
          const { replicas, fallbacks } = preferenceList(ring, key, n);
          expect(new Set(replicas).size).toBe(Math.min(n, members.length));
          expect([...replicas, ...fallbacks].sort()).toEqual(members.map((m) => m.id).sort());
        }
      }),
      fcParams(200),
    );
  });

  it('spreads replicas over min(N, zoneCount) distinct zones', () => {
    fc.assert(
      fc.property(clusterArb, ({ members, vnodes, n, keys }) => {
        const ring = buildRing(members, vnodes);
        expect(ring.zoneCount).toBe(new Set(members.map(domainOf)).size);
        for (const key of keys) {
          expect(domainsOf(ring, preferenceList(ring, key, n).replicas).size).toBe(Math.min(n, ring.zoneCount));
        }
      }),
      fcParams(200),
    );
  });

  it('matches a brute-force clockwise walk over every token, wrap-around included', () => {
    fc.assert(
      fc.property(clusterArb, fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 10 }), (cluster, extra) => {
        const { members, vnodes, n, keys } = cluster;
        const ring = buildRing(members, vnodes);
        const tokenNeighbours = [...ring.positions].flatMap((p) => [p, (p + 1) >>> 0, (p - 1) >>> 0]).slice(0, 30);
        const positions = [...keys.map(ringPosition), ...extra, ...tokenNeighbours, 0, 0xffffffff];
        for (const position of positions) {
          expect(preferenceListAt(ring, position, n)).toEqual(referenceList(members, vnodes, position, n));
        }
      }),
      fcParams(200),
    );
  });

  it('returns from replicasFor exactly the replicas of the full preference list', () => {
    fc.assert(
      fc.property(clusterArb, ({ members, vnodes, n, keys }) => {
        const ring = buildRing(members, vnodes);
        for (const key of keys) expect(replicasFor(ring, key, n)).toEqual(preferenceList(ring, key, n).replicas);
      }),
      fcParams(200),
    );
  });

  it('gives a key at exactly a token position to that token, and wraps past the last token', () => {
    const ring = buildRing(['a', 'b', 'c'].map((id) => ({ id: nodeId(id) })), 4);
    const last = ring.positions.length - 1;
    for (let t = 0; t <= last; t++) {
      const position = ring.positions[t] ?? 0;
      expect(firstTokenAt(ring, position)).toBe(t);
      expect(replicasAt(ring, position, 1)).toEqual([ring.members[ring.owners[t] ?? 0]?.id]);
    }
    // Past the last token (this ring's last token is below 0xffffffff) the walk wraps to token 0.
    const afterLast = (ring.positions[last] ?? 0) + 1;
    expect(afterLast).toBeLessThanOrEqual(0xffffffff);
    expect(firstTokenAt(ring, afterLast)).toBe(0);
    expect(replicasAt(ring, 0xffffffff, 1)).toEqual([ring.members[ring.owners[0] ?? 0]?.id]);
  });

  it('makes every member a replica when N exceeds the member count, and none when N is 0', () => {
    const ring = buildRing(['a', 'b', 'c'].map((id) => ({ id: nodeId(id) })), 8);
    expect([...preferenceList(ring, 'k', 5).replicas].sort()).toEqual(['a', 'b', 'c']);
    expect(preferenceList(ring, 'k', 5).fallbacks).toEqual([]);
    expect(preferenceList(ring, 'k', 0).replicas).toEqual([]);
    expect([...preferenceList(ring, 'k', 0).fallbacks].sort()).toEqual(['a', 'b', 'c']);
  });

  it('gives empty lists on an empty ring', () => {
    expect(preferenceList(buildRing([], 8), 'k', 3)).toEqual({ replicas: [], fallbacks: [] });
  });
});
