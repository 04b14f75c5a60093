/**
 * Anti-entropy with Merkle trees (Dynamo §4.7), for permanent failures. Every anti-entropy
 * interval a node picks one peer and compares, root first, the trees of the keys both of them
 * replicate; each side answers the differing subtrees with its own hashes one level down, and
 * at the leaves the two exchange the versions of just those leaves' keys. Tombstones are
 * versions like any other, so a deleted key cannot come back this way.
 */
import type { NodeId } from '../ids';
import type { KeyVersions } from '../messages';
import { replicasAt, replicasFor, ringPosition } from '../ring';
import { MerkleLeaves, childrenOf, differing, hashesAt, leafOf, merkleDepth } from '../antiEntropy/merkleTree';
import type { MerkleTree } from '../antiEntropy/merkleTree';
import type { NodeContext } from './nodeContext';

/** Leaves exchanged per comparison; more differences wait for the next round. */
export const maxLeavesPerExchange = 256;

/** Peers whose last differing leaves are remembered for the inspector. */
export const maxPeersRemembered = 16;

/** What the inspector shows of the last comparison that found something. */
export interface ExchangeSummary {
  readonly peer: NodeId;
  readonly atMs: number;
  readonly leaves: readonly number[];
  readonly keysSent: number;
  readonly keysReceived: number;
}

export class AntiEntropy {
  last: ExchangeSummary | null = null;
  keysReceivedTotal = 0;
  /** The leaves that differed on the last comparison with each peer (inspector). Bounded. */
  readonly lastDiffered = new Map<NodeId, { readonly atMs: number; readonly leaves: readonly number[] }>();
  /**
   * Trees built for a peer, reused for the few messages of one comparison: building one hashes
   * every shared key. A tree a little stale only delays a repair to the next round. Bounded.
   */
  private readonly trees = new Map<NodeId, { readonly atMs: number; readonly tree: MerkleTree }>();

  constructor(private readonly node: NodeContext) {}

  start(): void {
    const { env } = this.node;
    env.setTimer(env.random() * this.node.settings().antiEntropyIntervalMs, { type: 'antiEntropyTick' });
  }

  onTick(): void {
    const { env, membership } = this.node;
    const peers = membership.peers().filter((p) => this.node.reachable(p));
    const peer = peers[Math.floor(env.random() * peers.length)];
    if (peer !== undefined) env.send(peer, { type: 'merkleTree', level: 0, hashes: hashesAt(this.treeWith(peer), 0, [0]) });
    env.setTimer(this.node.settings().antiEntropyIntervalMs, { type: 'antiEntropyTick' });
  }

  onTree(from: NodeId, level: number, hashes: readonly (readonly [number, number])[]): void {
    const tree = this.treeWith(from);
    const diff = differing(tree, level, hashes);
    if (diff.length === 0) return;
    if (level >= merkleDepth) {
      const leaves = diff.slice(0, maxLeavesPerExchange);
      this.entriesUnder(from, leaves, (entries) => this.node.env.send(from, { type: 'merkleKeys', leaves, entries, reply: true }));
      return;
    }
    this.node.env.send(from, { type: 'merkleTree', level: level + 1, hashes: hashesAt(tree, level + 1, childrenOf(diff)) });
  }

  /** Merges what the peer sent that changes anything; answers with this node's side if asked. */
  onKeys(from: NodeId, leaves: readonly number[], entries: readonly KeyVersions[], reply: boolean): void {
    if (reply) this.entriesUnder(from, leaves, (mine) => this.exchange(from, leaves, entries, mine));
    else this.exchange(from, leaves, entries, null);
  }

  private exchange(from: NodeId, leaves: readonly number[], entries: readonly KeyVersions[], mine: readonly KeyVersions[] | null): void {
    const { env, store } = this.node;
    let received = 0;
    for (const { key, versions } of entries) {
      if (!store.wouldChange(key, versions)) continue;
      received++;
      store.merge(key, versions, (r) => {
        if (!r.ok) env.trace({ type: 'diskError', message: r.message });
      });
    }
    this.keysReceivedTotal += received;
    if (mine !== null) env.send(from, { type: 'merkleKeys', leaves, entries: mine, reply: false });
    const keysSent = mine?.length ?? 0;
    this.last = { peer: from, atMs: env.now(), leaves, keysSent, keysReceived: received };
    this.lastDiffered.delete(from);
    this.lastDiffered.set(from, { atMs: env.now(), leaves });
    if (this.lastDiffered.size > maxPeersRemembered) this.lastDiffered.delete(this.lastDiffered.keys().next().value ?? from);
    env.trace({ type: 'antiEntropy', peer: from, leavesDiffered: leaves.length, keysSent, keysReceived: received });
  }

  /** The tree of the keys this node holds that `peer` replicates too. */
  private treeWith(peer: NodeId): MerkleTree {
    const nowMs = this.node.env.now();
    const cached = this.trees.get(peer);
    if (cached !== undefined && nowMs - cached.atMs < this.node.settings().requestTimeoutMs) return cached.tree;
    // One pass over the key index, whose headers carry every dot, which is all a leaf hash
    // covers: no disk read, and each key hashed onto the ring once for both its replicas and its leaf.
    const leaves = new MerkleLeaves();
    const ring = this.node.ring();
    const { n } = this.node.settings();
    const self = this.node.id;
    this.node.store.forEachKey((key, headers) => {
      const position = ringPosition(key);
      const replicas = replicasAt(ring, position, n);
      if (replicas.includes(peer) && replicas.includes(self)) leaves.add(key, position, headers);
    });
    const tree = leaves.tree();
    if (this.trees.size >= 8) this.trees.clear();
    this.trees.set(peer, { atMs: nowMs, tree });
    return tree;
  }

  /** The keys this node holds that `peer` replicates too (its tree covers them). */
  sharedKeys(peer: NodeId): string[] {
    const out: string[] = [];
    for (const key of this.node.store.keys()) if (this.shares(peer, key)) out.push(key);
    return out;
  }

  /** Whether this node and `peer` both replicate `key`. */
  private shares(peer: NodeId, key: string): boolean {
    const replicas = replicasFor(this.node.ring(), key, this.node.settings().n);
    return replicas.includes(peer) && replicas.includes(this.node.id);
  }

  /** The versions of the shared keys under these leaves, read from the engine. A disk failure sends nothing. */
  private entriesUnder(peer: NodeId, leaves: readonly number[], send: (entries: KeyVersions[]) => void): void {
    const wanted = new Set(leaves);
    // The leaf first: it rules out most keys, and the ring lookup is the dearer test.
    const keys: string[] = [];
    for (const key of this.node.store.keys()) if (wanted.has(leafOf(key)) && this.shares(peer, key)) keys.push(key);
    this.node.store.readMany(keys, (r) => {
      if (r.ok) send(r.entries);
      else this.node.env.trace({ type: 'diskError', message: r.message });
    });
  }
}
