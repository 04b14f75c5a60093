// Goal: a ring is a pure function of its member set, with every token where the spec puts it.
// Method: fast-check over shuffled member lists and example rings, including two real 32-bit
// position collisions found offline (n9#4917 = n5#7265 and n9#3328 = n9#51023).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import { nodeId } from '../ids';
import { ringPosition } from './hash';
import type { RingMember } from './ring';
import { buildRing, memberIndexOf, tokensOf } from './ring';

const memberArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }).map(nodeId),
  zone: fc.option(fc.constantFrom('us-east', 'us-west', 'eu'), { nil: undefined }),
  weight: fc.option(fc.constantFrom(0.5, 1, 2, 3), { nil: undefined }),
});
const membersArb = fc.uniqueArray(memberArb, { minLength: 1, maxLength: 10, selector: (m) => m.id });

const members = (...ids: string[]): RingMember[] => ids.map((id) => ({ id: nodeId(id) }));

describe('buildRing', () => {
  it('gives an identical ring for the same members in any order', () => {
    fc.assert(
      fc.property(
        membersArb.chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length }))),
        fc.integer({ min: 1, max: 16 }),
        ([original, shuffled], vnodes) => {
          expect(buildRing(shuffled, vnodes)).toEqual(buildRing(original, vnodes));
        },
      ),
      fcParams(100),
    );
  });

  it('gives each member vnodesPerWeight × weight tokens at ringPosition(`id#i`)', () => {
    const ring = buildRing([{ id: nodeId('b'), weight: 2 }, { id: nodeId('a') }, { id: nodeId('c'), weight: 0.5 }], 8);
    expect(ring.positions.length).toBe(16 + 8 + 4);
    for (const member of ring.members) {
      const count = 8 * (member.weight ?? 1);
      const expected = Array.from({ length: count }, (_, i) => ringPosition(`${member.id}#${i}`));
      expect(tokensOf(ring, member.id)).toEqual(expected.sort((x, y) => x - y));
    }
    ring.vnodeIndexes.forEach((vnode, t) => {
      const id = ring.members[ring.owners[t] ?? -1]?.id;
      expect(ring.positions[t]).toBe(ringPosition(`${id}#${vnode}`));
    });
  });

  it('sorts tokens by position and breaks position ties by owner id, then vnode index', () => {
    const ring = buildRing(members('n9', 'n5'), 51_024);
    const ties: string[] = [];
    const misordered: number[] = [];
    for (let t = 1; t < ring.positions.length; t++) {
      const [p0, p1] = [ring.positions[t - 1] ?? 0, ring.positions[t] ?? 0];
      if (p0 > p1) misordered.push(t);
      if (p0 !== p1) continue;
      const [o0, o1] = [ring.owners[t - 1] ?? 0, ring.owners[t] ?? 0];
      if (!(o0 < o1 || (o0 === o1 && (ring.vnodeIndexes[t - 1] ?? 0) < (ring.vnodeIndexes[t] ?? 0)))) misordered.push(t);
      ties.push(`${ring.members[o0]?.id}#${ring.vnodeIndexes[t - 1]}=${ring.members[o1]?.id}#${ring.vnodeIndexes[t]}`);
    }
    expect(misordered).toEqual([]);
    expect(ties).toContain('n5#7265=n9#4917');
    expect(ties).toContain('n9#3328=n9#51023');
  });

  it('sorts members by id in code-unit order, not by locale', () => {
    const ring = buildRing(members('b', 'a', 'B', 'ä'), 1);
    expect(ring.members.map((m) => m.id)).toEqual(['B', 'a', 'b', 'ä']);
    expect(memberIndexOf(ring, nodeId('b'))).toBe(2);
    expect(memberIndexOf(ring, nodeId('z'))).toBe(-1);
  });

  it('counts each declared zone once and each zoneless member as a zone of its own', () => {
    const ring = buildRing(
      [
        { id: nodeId('a'), zone: 'x' },
        { id: nodeId('b'), zone: 'x' },
        { id: nodeId('c'), zone: 'y' },
        { id: nodeId('x') },
        { id: nodeId('y') },
      ],
      4,
    );
    expect(ring.zoneCount).toBe(4);
    expect(ring.zoneIndexes[0]).toBe(ring.zoneIndexes[1]);
    expect(new Set(ring.zoneIndexes).size).toBe(4);
    expect(buildRing(members('a', 'b', 'c'), 4).zoneCount).toBe(3);
  });

  it('builds an empty ring from no members', () => {
    const ring = buildRing([], 64);
    expect(ring.positions.length).toBe(0);
    expect(ring.zoneCount).toBe(0);
    expect(tokensOf(ring, nodeId('a'))).toEqual([]);
  });

  it('rejects duplicate ids, non-integer vnode counts and weights that give no tokens', () => {
    expect(() => buildRing(members('a', 'a'), 4)).toThrow(RangeError);
    expect(() => buildRing(members('a'), 0)).toThrow(RangeError);
    expect(() => buildRing(members('a'), 1.5)).toThrow(RangeError);
    expect(() => buildRing([{ id: nodeId('a'), weight: 0 }], 4)).toThrow(RangeError);
    expect(() => buildRing([{ id: nodeId('a'), weight: 0.1 }], 4)).toThrow(RangeError);
    expect(() => buildRing([{ id: nodeId('a'), weight: Number.NaN }], 4)).toThrow(RangeError);
  });
});
