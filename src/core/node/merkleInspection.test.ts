// The inspector's view of Merkle trees: the root and leaves match the tree anti-entropy builds,
// and the leaves that differed are listed (first) even where this side's leaf is empty.
import { describe, expect, it } from 'vitest';
import { buildMerkleTree, leafOf } from '../antiEntropy/merkleTree';
import { nodeId } from '../ids';
import type { Version } from '../versions/version';
import { inspectMerkleTrees, maxLeavesShown } from './merkleInspection';

const v = (counter: number): Version => ({ value: 'x', deleted: false, dot: { node: 'A', counter }, context: {}, timestampMs: 0 });
const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
const B = nodeId('B');

describe('Merkle inspection', () => {
  it('shows the root and leaves of the tree over the shared keys, marking the leaves that last differed', () => {
    const emptyLeaf = [...Array(4096).keys()].find((l) => !keys.some((k) => leafOf(k) === l)) ?? 0;
    const differed = [leafOf('k3'), emptyLeaf];
    const [view] = inspectMerkleTrees({ peers: [B], sharedKeys: () => keys, versionsOf: () => [v(1)], lastDiffered: () => ({ atMs: 5, leaves: differed }) });
    const tree = buildMerkleTree(keys, () => [v(1)]);
    expect(view?.root).toBe(tree.levels[0]?.[0]);
    expect(view?.keys).toBe(40);
    expect(view?.leavesNonEmpty).toBe(new Set(keys.map(leafOf)).size);
    expect(view?.leaves.slice(0, 2).map((l) => [l.index, l.differed])).toEqual(differed.map((l) => [l, true]));
    expect(view?.leaves.find((l) => l.index === emptyLeaf)).toMatchObject({ keys: 0, hash: 0 });
    expect(view?.leaves.filter((l) => l.differed)).toHaveLength(2);
    expect(view?.lastDiffered).toEqual({ atMs: 5, leaves: 2 });
  });

  it('bounds the leaves listed and says nothing differed before any exchange', () => {
    const many = Array.from({ length: 500 }, (_, i) => `key-${i}`);
    const [view] = inspectMerkleTrees({ peers: [B], sharedKeys: () => many, versionsOf: () => [v(1)], lastDiffered: () => undefined });
    expect(view?.leaves).toHaveLength(maxLeavesShown);
    expect(view?.leavesNonEmpty).toBeGreaterThan(maxLeavesShown);
    expect(view?.lastDiffered).toBeNull();
    expect(view?.leaves.every((l) => !l.differed && l.keys > 0)).toBe(true);
  });
});
