/**
 * Goal: two Merkle trees agree exactly where the key sets agree, so a root-first descent finds
 * exactly the differing leaves. Method: fast-check builds two stores that share most keys and
 * differ in a few; descending level by level must end at the leaves of the differing keys.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../../tests/fcSeed';
import type { Version } from '../versions/version';
import { buildMerkleTree, childrenOf, differing, hashesAt, leafOf, merkleDepth } from './merkleTree';

const version = (node: string, counter: number): Version => ({ value: counter, deleted: false, dot: { node, counter }, context: {}, timestampMs: 0 });

function descend(a: ReturnType<typeof buildMerkleTree>, b: ReturnType<typeof buildMerkleTree>): number[] {
  let indices = [0];
  for (let level = 0; level <= merkleDepth; level++) {
    const diff = differing(a, level, hashesAt(b, level, indices));
    if (level === merkleDepth || diff.length === 0) return diff;
    indices = childrenOf(diff);
  }
  return [];
}

describe('Merkle trees', () => {
  it('identical stores have identical roots, whatever the insertion order', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const t1 = buildMerkleTree(keys, (k) => [version(k, 1)]);
    const t2 = buildMerkleTree([...keys].reverse(), (k) => [version(k, 1)]);
    expect(t1.levels[0]).toEqual(t2.levels[0]);
  });

  it('a key hashes its sibling set, not the order its siblings come in; a tombstone differs from the value of its dot', () => {
    const siblings = [version('n1', 3), version('n2', 5), version('n3', 1)];
    const root = (vs: readonly Version[]) => buildMerkleTree(['k'], () => vs).levels[0]?.[0];
    expect(root([...siblings].reverse())).toBe(root(siblings));
    expect(root(siblings.slice(1))).not.toBe(root(siblings));
    expect(root([{ ...version('n1', 3), deleted: true }])).not.toBe(root([version('n1', 3)]));
    expect(root([version('n1', 4)])).not.toBe(root([version('n1', 3)]));
    expect(root([version('n2', 3)])).not.toBe(root([version('n1', 3)]));
  });

  it('a descent finds exactly the leaves of the keys that differ', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 200 }), fc.nat(), (keys, pick) => {
        const changed = keys.filter((_, i) => (i + pick) % 17 === 0);
        const a = buildMerkleTree(keys, (k) => [version('n1', 1)].concat(k === '' ? [] : []));
        const b = buildMerkleTree(keys, (k) => [version('n1', changed.includes(k) ? 2 : 1)]);
        expect(new Set(descend(a, b))).toEqual(new Set(changed.map(leafOf)));
      }),
      fcParams(100),
    );
  });

  it('a missing key makes its leaf differ; nothing else does', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `key-${i}`);
    const a = buildMerkleTree(keys, () => [version('n1', 1)]);
    const b = buildMerkleTree(keys.slice(1), () => [version('n1', 1)]);
    expect(descend(a, b)).toEqual([leafOf('key-0')]);
  });
});
