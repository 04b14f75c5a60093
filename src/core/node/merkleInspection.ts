/**
 * What the inspector shows of a node's Merkle trees (Dynamo §4.7): one tree per peer, over the
 * key range the two both replicate (the keys anti-entropy compares with that peer), with its
 * root hash, its non-empty leaves, and the leaves that differed on the last exchange with
 * that peer. Pure: built from the store and the ring on request, never kept.
 */
import type { NodeId } from '../ids';
import type { Version } from '../versions/version';
import { buildMerkleTree, leafOf, merkleLeafCount } from '../antiEntropy/merkleTree';

/** Leaves listed per tree: a handful is what a reader can look at; the count says the rest. */
export const maxLeavesShown = 64;

export interface MerkleLeafView {
  readonly index: number;
  readonly hash: number;
  readonly keys: number;
  /** This leaf differed on the last exchange with the peer. */
  readonly differed: boolean;
}

export interface MerkleTreeView {
  readonly peer: NodeId;
  /** Keys this node holds that the peer replicates too. */
  readonly keys: number;
  readonly root: number;
  /** Non-empty leaves and leaves that last differed, by index, at most maxLeavesShown. */
  readonly leaves: readonly MerkleLeafView[];
  /** Non-empty leaves in all (the list may be shorter). */
  readonly leavesNonEmpty: number;
  readonly leafCount: number;
  /** The last exchange with this peer that found differing leaves, if any. */
  readonly lastDiffered: { readonly atMs: number; readonly leaves: number } | null;
}

export type MerkleInspection = readonly MerkleTreeView[];

/** What the inspection needs of the node: its peers, their shared keys and what differed. */
export interface MerkleSource {
  readonly peers: readonly NodeId[];
  sharedKeys(peer: NodeId): readonly string[];
  versionsOf(key: string): readonly Version[];
  lastDiffered(peer: NodeId): { readonly atMs: number; readonly leaves: readonly number[] } | undefined;
}

export function inspectMerkleTrees(src: MerkleSource): MerkleInspection {
  return src.peers.map((peer) => treeView(src, peer));
}

function treeView(src: MerkleSource, peer: NodeId): MerkleTreeView {
  const keys = src.sharedKeys(peer);
  const tree = buildMerkleTree(keys, (k) => src.versionsOf(k));
  const leafHashes = tree.levels[tree.levels.length - 1] ?? new Uint32Array(0);
  const keysPerLeaf = new Map<number, number>();
  for (const k of keys) keysPerLeaf.set(leafOf(k), (keysPerLeaf.get(leafOf(k)) ?? 0) + 1);
  const last = src.lastDiffered(peer);
  const differed = new Set(last?.leaves ?? []);
  // Differing leaves first (a wiped node's are empty on its side), then the rest in order.
  const indices = [...new Set([...differed, ...[...keysPerLeaf.keys()].sort((a, b) => a - b)])];
  const leaves = indices.slice(0, maxLeavesShown).map((index) => ({ index, hash: leafHashes[index] ?? 0, keys: keysPerLeaf.get(index) ?? 0, differed: differed.has(index) }));
  return {
    peer,
    keys: keys.length,
    root: tree.levels[0]?.[0] ?? 0,
    leaves,
    leavesNonEmpty: keysPerLeaf.size,
    leafCount: merkleLeafCount,
    lastDiffered: last === undefined ? null : { atMs: last.atMs, leaves: last.leaves.length },
  };
}
