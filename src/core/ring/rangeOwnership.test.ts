// Goal: membership changes move as few keys as consistent hashing promises, and
// ownershipChanges reports exactly the ranges whose replica sets change. Method: fast-check
// over random clusters; statistical bounds are derived in comments with their false-failure
// odds; exact claims are checked against brute-force per-key preference lists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import type { NodeId } from '../ids';
import { nodeId } from '../ids';
import { ringPosition, ringPositionCount } from './hash';
import { preferenceList, preferenceListAt } from './preferenceList';
import type { RangeMove } from './rangeOwnership';
import { arcContains, arcLength, ownedFraction, ownershipChanges, replicatedFraction } from './rangeOwnership';
import type { RingMember } from './ring';
import { buildRing } from './ring';

const namesArb = fc.string({ minLength: 1, maxLength: 6 });
const cluster = (prefix: string, count: number): RingMember[] =>
  Array.from({ length: count }, (_, i) => ({ id: nodeId(`${prefix}-${i}`) }));
const sortedIds = (ids: readonly NodeId[]): NodeId[] => [...ids].sort();
const setMinus = (a: readonly NodeId[], b: readonly NodeId[]): NodeId[] => sortedIds(a.filter((x) => !b.includes(x)));
/** Generous per-test limit for the heavy properties: a full parallel suite can starve them. */
const heavyTimeoutMs = 30_000;
const moveAt = (moves: readonly RangeMove[], position: number): RangeMove[] =>
  moves.filter((m) => arcContains(m.startExclusive, m.endInclusive, position));

describe('adding a node', () => {
  // With V = 64 tokens per node, the joining node's share S of the ring is the sum of 64 of the
  // 64(n+1) spacings between uniform points: S ~ Beta(64, 64n), mean 1/(n+1), relative standard
  // deviation sqrt((1 - 1/(n+1)) / 64) ≤ 1/8. Measuring over K = 4,000 keys adds binomial noise
  // (relative sd ≤ 5.5% at n = 12). The bound 1.75/(n+1) is then about 5.7 sd out; the exact
  // Beta-binomial tail, summed over n = 2..12, is 1.9e-6 per run (computed offline with scipy),
  // so a correct ring fails this test about once in 50,000 suite runs of 10 cases.
  const keyCount = 4_000;
  const boundFactor = 1.75;

  it('moves at most 1.75/(n+1) of the keys for n = 2..12 nodes at 64 vnodes, and only to the new node', () => {
    fc.assert(
      fc.property(namesArb, namesArb, (prefix, keyPrefix) => {
        const keys = Array.from({ length: keyCount }, (_, i) => `${keyPrefix}:${i}`);
        for (let n = 2; n <= 12; n++) {
          const before = buildRing(cluster(prefix, n), 64);
          const joiner = nodeId(`${prefix}-new`);
          const after = buildRing([...before.members, { id: joiner }], 64);
          const movedTo: NodeId[] = [];
          for (const key of keys) {
            const [was] = preferenceList(before, key, 1).replicas;
            const [now] = preferenceList(after, key, 1).replicas;
            if (was !== now && now !== undefined) movedTo.push(now);
          }
          expect(movedTo.filter((id) => id !== joiner)).toEqual([]);
          expect(movedTo.length / keyCount).toBeLessThanOrEqual(boundFactor / (n + 1));
        }
      }),
      fcParams(10),
    );
  }, heavyTimeoutMs);

  it('with N=3, changes a preference list only by adding the new node and dropping one old replica', () => {
    fc.assert(
      fc.property(namesArb, fc.integer({ min: 3, max: 10 }), (prefix, n) => {
        const before = buildRing(cluster(prefix, n), 16);
        const joiner = nodeId(`${prefix}-new`);
        const after = buildRing([...before.members, { id: joiner }], 16);
        const changes: { gained: NodeId[]; lostCount: number }[] = [];
        for (let i = 0; i < 500; i++) {
          const was = preferenceList(before, `k${i}`, 3).replicas;
          const now = preferenceList(after, `k${i}`, 3).replicas;
          changes.push({ gained: setMinus(now, was), lostCount: setMinus(was, now).length });
        }
        for (const move of ownershipChanges(before, after, 3)) {
          changes.push({ gained: move.gained, lostCount: move.lost.length });
        }
        const unchanged = (c: { gained: NodeId[]; lostCount: number }): boolean => c.gained.length === 0 && c.lostCount === 0;
        const joinedOnly = (c: { gained: NodeId[]; lostCount: number }): boolean =>
          c.gained.length === 1 && c.gained[0] === joiner && c.lostCount === 1;
        expect(changes.filter((c) => !unchanged(c) && !joinedOnly(c))).toEqual([]);
      }),
      fcParams(50),
    );
  }, heavyTimeoutMs);

  it('moves exactly the new node’s owned fraction of the ring when N=1', () => {
    const before = buildRing(cluster('node', 5), 64);
    const after = buildRing([...before.members, { id: nodeId('node-new') }], 64);
    const movedLength = ownershipChanges(before, after, 1).reduce((sum, m) => sum + arcLength(m.startExclusive, m.endInclusive), 0);
    expect(movedLength / ringPositionCount).toBeCloseTo(ownedFraction(after).get(nodeId('node-new')) ?? -1, 12);
  });
});

describe('ownershipChanges', () => {
  const memberArb = fc.record({
    id: fc.constantFrom(...'abcdefghij').map(nodeId),
    zone: fc.option(fc.constantFrom('z1', 'z2', 'z3'), { nil: undefined }),
    weight: fc.option(fc.constantFrom(0.5, 1, 2), { nil: undefined }),
  });
  const membersArb = fc.uniqueArray(memberArb, { maxLength: 8, selector: (m) => m.id });

  it('agrees with brute-force comparison of preference lists at sampled keys and range bounds', () => {
    fc.assert(
      fc.property(membersArb, membersArb, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 5 }), (was, now, vnodes, n) => {
        const before = buildRing(was, vnodes);
        const after = buildRing(now, vnodes);
        const moves = ownershipChanges(before, after, n);
        const bounds = [...before.positions, ...after.positions];
        const positions = [
          ...Array.from({ length: 300 }, (_, i) => ringPosition(`key-${i}`)),
          ...bounds.flatMap((p) => [p, (p + 1) >>> 0, (p - 1) >>> 0]),
          0,
          0xffffffff,
        ];
        const disagreements: string[] = [];
        for (const position of positions) {
          const wasReplicas = preferenceListAt(before, position, n).replicas;
          const nowReplicas = preferenceListAt(after, position, n).replicas;
          const expected = { gained: setMinus(nowReplicas, wasReplicas), lost: setMinus(wasReplicas, nowReplicas) };
          const unchanged = expected.gained.length === 0 && expected.lost.length === 0;
          const reported = moveAt(moves, position).map((m) => ({ gained: sortedIds(m.gained), lost: sortedIds(m.lost) }));
          const agrees = unchanged ? reported.length === 0 : JSON.stringify(reported) === JSON.stringify([expected]);
          if (!agrees) disagreements.push(`at ${position}: expected ${JSON.stringify(expected)}, reported ${JSON.stringify(reported)}`);
        }
        expect(disagreements).toEqual([]);
      }),
      fcParams(100),
    );
  }, heavyTimeoutMs);

  it('reports nothing between identical rings and the whole ring from an empty one', () => {
    const ring = buildRing(cluster('n', 4), 8);
    expect(ownershipChanges(ring, buildRing([...ring.members].reverse(), 8), 3)).toEqual([]);
    const fromEmpty = ownershipChanges(buildRing([], 8), ring, 2);
    expect(fromEmpty.reduce((sum, m) => sum + arcLength(m.startExclusive, m.endInclusive), 0)).toBe(ringPositionCount);
    expect(fromEmpty.every((m) => m.gained.length === 2 && m.lost.length === 0)).toBe(true);
  });
});

describe('ring shares', () => {
  // Ten nodes at V = 256 tokens per unit weight, one of weight 2: that node's share S is
  // Beta(512, 2304) (its 512 of 2,816 spacings), and its share relative to the average weight-1
  // node is R = 9S / (1 - S), ideally 2, with relative sd ≈ 4.9%. Accepting R in [1.4, 2.6]
  // (±30%, about 6 sd) gives an exact false-failure chance of 1.6e-8 per run.
  it('gives a node of weight 2 about twice the share of an average weight-1 node', () => {
    fc.assert(
      fc.property(namesArb, (prefix) => {
        const members = cluster(prefix, 10).map((m, i) => (i === 0 ? { ...m, weight: 2 } : m));
        const shares = ownedFraction(buildRing(members, 256));
        const heavy = shares.get(nodeId(`${prefix}-0`)) ?? 0;
        const ratio = heavy / ((1 - heavy) / 9);
        expect(ratio).toBeGreaterThanOrEqual(1.4);
        expect(ratio).toBeLessThanOrEqual(2.6);
      }),
      fcParams(20),
    );
  });

  it('has owned fractions summing to 1 and replicated fractions summing to min(N, members)', () => {
    fc.assert(
      fc.property(namesArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), (prefix, count, n) => {
        const ring = buildRing(cluster(prefix, count), 8);
        const sum = (m: Map<NodeId, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
        expect(sum(ownedFraction(ring))).toBeCloseTo(1, 9);
        expect(sum(replicatedFraction(ring, n))).toBeCloseTo(Math.min(n, count), 9);
        expect(ownedFraction(ring).size).toBe(count);
      }),
      fcParams(100),
    );
  });

  it('matches the owned fraction to the share of sampled keys a node coordinates', () => {
    const ring = buildRing(cluster('node', 4), 16);
    const counts = new Map<NodeId, number>();
    const keyCount = 20_000;
    for (let i = 0; i < keyCount; i++) {
      const [first] = preferenceList(ring, `key-${i}`, 1).replicas;
      if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    // Binomial sd of a share near 1/4 over 20,000 keys is 0.3%; allow 1.5% (5 sd).
    for (const [id, fraction] of ownedFraction(ring)) expect(Math.abs((counts.get(id) ?? 0) / keyCount - fraction)).toBeLessThan(0.015);
  });
});

describe('arcs', () => {
  it('read (start, end] clockwise, wrapping past the top, with equal bounds meaning the whole ring', () => {
    expect(arcContains(10, 20, 10)).toBe(false);
    expect(arcContains(10, 20, 20)).toBe(true);
    expect(arcContains(0xfffffff0, 5, 0)).toBe(true);
    expect(arcContains(0xfffffff0, 5, 6)).toBe(false);
    expect(arcContains(7, 7, 7)).toBe(true);
    expect(arcContains(7, 7, 123)).toBe(true);
    expect(arcLength(0xfffffff0, 5)).toBe(21);
    expect(arcLength(7, 7)).toBe(ringPositionCount);
  });
});
