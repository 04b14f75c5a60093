/**
 * Merkle trees over a set of keys, for anti-entropy (Dynamo §4.7). Pure. The tree has a fixed
 * shape so two nodes' trees line up without negotiation: `fanout` children per node and
 * `depth` levels below the root; a key's leaf is the top bits of its ring position. A leaf's
 * hash covers the keys under it and the dots of their versions; an inner node's hash covers
 * its children. Comparing trees root first finds the differing leaves while exchanging only
 * the hashes of subtrees that differ.
 */
import { murmur3x86_32, ringPosition } from '../ring/hash';
import type { Version } from '../versions/version';

/** 16 children, 3 levels: 4,096 leaves, so a difference is found in 3 rounds of hashes. */
export const merkleFanout = 16;
export const merkleDepth = 3;
export const merkleLeafCount = merkleFanout ** merkleDepth;

export interface MerkleTree {
  /** levels[0] is the root (one hash); levels[depth] the leaves. Empty subtrees hash to 0. */
  readonly levels: readonly Uint32Array[];
}

/** The leaf a key falls under. */
export function leafOf(key: string): number {
  return Math.floor(ringPosition(key) / (0x1_0000_0000 / merkleLeafCount));
}

/** Builds the tree of these keys; `versionsOf` gives each key's versions. */
export function buildMerkleTree(keys: Iterable<string>, versionsOf: (key: string) => readonly Version[]): MerkleTree {
  const byLeaf = new Map<number, string[]>();
  for (const key of keys) {
    const leaf = leafOf(key);
    const list = byLeaf.get(leaf);
    if (list === undefined) byLeaf.set(leaf, [key]);
    else list.push(key);
  }
  const leaves = new Uint32Array(merkleLeafCount);
  for (const [leaf, list] of byLeaf) {
    list.sort();
    const text = list.map((k) => `${k}\u0000${versionsDigest(versionsOf(k))}`).join('\u0001');
    leaves[leaf] = murmur3x86_32(text, 1) || 1;
  }
  const levels: Uint32Array[] = [leaves];
  for (let size = merkleLeafCount / merkleFanout; size >= 1; size /= merkleFanout) {
    const below = levels[0] as Uint32Array;
    const level = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let empty = true;
      const parts: number[] = [];
      for (let c = 0; c < merkleFanout; c++) {
        const h = below[i * merkleFanout + c] ?? 0;
        if (h !== 0) empty = false;
        parts.push(h);
      }
      level[i] = empty ? 0 : murmur3x86_32(parts.join(','), 2) || 1;
    }
    levels.unshift(level);
  }
  return { levels };
}

/** The hashes at `level` for the given indices. */
export function hashesAt(tree: MerkleTree, level: number, indices: readonly number[]): [number, number][] {
  const row = tree.levels[level];
  return indices.map((i) => [i, row?.[i] ?? 0]);
}

/** The children, one level down, of the given nodes. */
export function childrenOf(indices: readonly number[]): number[] {
  return indices.flatMap((i) => Array.from({ length: merkleFanout }, (_, c) => i * merkleFanout + c));
}

/** The indices whose hash in `tree` differs from the peer's. */
export function differing(tree: MerkleTree, level: number, peer: readonly (readonly [number, number])[]): number[] {
  const row = tree.levels[level];
  return peer.filter(([i, h]) => (row?.[i] ?? 0) !== h).map(([i]) => i);
}

/** An order-free digest of a sibling set: the sorted dots, plus tombstone marks. */
function versionsDigest(versions: readonly Version[]): string {
  return versions
    .map((v) => `${v.dot.node}:${v.dot.counter}${v.deleted ? 'x' : ''}`)
    .sort()
    .join(',');
}
