/**
 * Merkle trees over a set of keys, for anti-entropy (Dynamo §4.7). Pure. The tree has a fixed
 * shape so two nodes' trees line up without negotiation: `fanout` children per node and
 * `depth` levels below the root; a key's leaf is the top bits of its ring position. A leaf's
 * hash covers the keys under it and the dots of their versions; an inner node's hash covers
 * its children. Comparing trees root first finds the differing leaves while exchanging only
 * the hashes of subtrees that differ.
 */
import { fmix32, murmur3x86_32, ringPosition } from '../ring/hash';
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
  return leafAt(ringPosition(key));
}

/** The leaf of a ring position: its top bits. */
function leafAt(position: number): number {
  return Math.floor(position / (0x1_0000_0000 / merkleLeafCount));
}

/**
 * Builds the tree of these keys; `versionsOf` gives each key's versions.
 *
 * Every hash is a number folded from numbers, with no text built and nothing sorted: a tree is
 * built over every shared key each round, and making a `node:counter` string per version and
 * a sorted text per leaf was most of its cost. A key's hash is MurmurHash3 of the key seeded
 * with the sum of its versions' dot hashes, and a leaf's is the sum of its keys' hashes (as a
 * Cassandra leaf XORs its rows' hashes): sums do not depend on the order keys and siblings come
 * in, so two nodes agree whatever order their stores hold them in. Two different key sets meet
 * on one hash with odds of about one in four billion, and even then only until either changes.
 */
export function buildMerkleTree(keys: Iterable<string>, versionsOf: (key: string) => readonly Version[]): MerkleTree {
  const leaves = new MerkleLeaves();
  for (const key of keys) leaves.add(key, ringPosition(key), versionsOf(key));
  return leaves.tree();
}

/**
 * A tree's leaves, filled one key at a time: for a caller that walks its keys anyway and has
 * their ring positions at hand (anti-entropy tests each key's replicas by its position).
 */
export class MerkleLeaves {
  private readonly sums = new Uint32Array(merkleLeafCount);
  private readonly counts = new Uint32Array(merkleLeafCount);

  /** Adds `key`, whose ring position is `position`, with its versions. */
  add(key: string, position: number, versions: readonly Version[]): void {
    const leaf = leafAt(position);
    this.sums[leaf] = (this.sums[leaf] as number) + keyHash(key, versions);
    this.counts[leaf] = (this.counts[leaf] as number) + 1;
  }

  /** The tree over the keys added so far. */
  tree(): MerkleTree {
    // An empty leaf hashes to 0 and no other does, so the inspector can tell leaves in use.
    const leaves = new Uint32Array(merkleLeafCount);
    for (let leaf = 0; leaf < merkleLeafCount; leaf++) {
      const count = this.counts[leaf] as number;
      if (count !== 0) leaves[leaf] = fmix32(((this.sums[leaf] as number) + count) >>> 0) || 1;
    }
    const levels: Uint32Array[] = [leaves];
    for (let size = merkleLeafCount / merkleFanout; size >= 1; size /= merkleFanout) {
      const below = levels[0] as Uint32Array;
      const level = new Uint32Array(size);
      for (let i = 0; i < size; i++) {
        // The children's hashes folded in order; an all-empty subtree stays 0.
        let empty = true;
        let h = 0;
        for (let c = 0; c < merkleFanout; c++) {
          const child = below[i * merkleFanout + c] as number;
          if (child !== 0) empty = false;
          h = fmix32((h + child) >>> 0);
        }
        level[i] = empty ? 0 : h || 1;
      }
      levels.unshift(level);
    }
    return { levels };
  }
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

/** A key with its sibling set: the key's MurmurHash3 seeded with the sum of its dots' hashes. */
function keyHash(key: string, versions: readonly Version[]): number {
  let dots = 0;
  for (let i = 0; i < versions.length; i++) dots = (dots + dotHash(versions[i] as Version)) >>> 0;
  return murmur3x86_32(key, dots);
}

/**
 * A version's dot and tombstone mark: its node's MurmurHash3 seeded with the counter (doubled,
 * plus one for a tombstone). The seed keeps 32 bits, so counters 2^31 apart would meet; no
 * actor mints that many.
 */
function dotHash(v: Version): number {
  return murmur3x86_32(v.dot.node, v.dot.counter * 2 + (v.deleted ? 1 : 0));
}
