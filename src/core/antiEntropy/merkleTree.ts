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
  // Each leaf's keys, indexed by leaf: a plain array is cheaper than a Map to fill and to walk.
  const byLeaf = new Array<string[] | undefined>(merkleLeafCount).fill(undefined);
  for (const key of keys) {
    const leaf = leafOf(key);
    const list = byLeaf[leaf];
    if (list === undefined) byLeaf[leaf] = [key];
    else insertSorted(list, key);
  }
  const leaves = new Uint32Array(merkleLeafCount);
  for (let leaf = 0; leaf < merkleLeafCount; leaf++) {
    const list = byLeaf[leaf];
    if (list === undefined) continue;
    // The text is `key\0digest` per key, joined by \1; built by appending, with no array per key.
    let text = '';
    for (let i = 0; i < list.length; i++) {
      const key = list[i] as string;
      text += `${i === 0 ? '' : '\u0001'}${key}\u0000${versionsDigest(versionsOf(key))}`;
    }
    leaves[leaf] = murmur3x86_32(text, 1) || 1;
  }
  const levels: Uint32Array[] = [leaves];
  for (let size = merkleLeafCount / merkleFanout; size >= 1; size /= merkleFanout) {
    const below = levels[0] as Uint32Array;
    const level = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      // The children's hashes joined by commas; an all-empty subtree stays 0.
      let empty = true;
      let text = '';
      for (let c = 0; c < merkleFanout; c++) {
        const h = below[i * merkleFanout + c] ?? 0;
        if (h !== 0) empty = false;
        text += c === 0 ? `${h}` : `,${h}`;
      }
      level[i] = empty ? 0 : murmur3x86_32(text, 2) || 1;
    }
    levels.unshift(level);
  }
  return { levels };
}

/**
 * Inserts `text` into the sorted `list` (code-unit order, as Array.prototype.sort): a leaf
 * holds a handful of keys and a key a handful of versions, so this is cheaper than sorting.
 */
function insertSorted(list: string[], text: string): void {
  let i = list.length;
  list.push(text);
  for (; i > 0 && (list[i - 1] as string) > text; i--) list[i] = list[i - 1] as string;
  list[i] = text;
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
  // One version (the common case) needs no sorting and no array; a few are insertion-sorted
  // (Array.prototype.sort's scratch copy was most of what a tree build allocated).
  if (versions.length === 1) return dotDigest(versions[0] as Version);
  const dots: string[] = [];
  for (const v of versions) insertSorted(dots, dotDigest(v));
  return dots.join(',');
}

function dotDigest(v: Version): string {
  return `${v.dot.node}:${v.dot.counter}${v.deleted ? 'x' : ''}`;
}
