/**
 * The failure-handling and elasticity figures: each node's share of keys with 8, 64 and 256
 * vnodes for 5 and 10 nodes; keys moved on a join or leave against the ideal
 * 1/(n+1) and against modulo hashing; Merkle-exchange bytes against a full transfer of the
 * same range; and convergence time after a partition heals, against the gossip and
 * anti-entropy intervals (measured in the simulator, in simulated seconds). Asserts nothing.
 */
import type { NodeId } from '../src/core/ids';
import { nodeId } from '../src/core/ids';
import { buildRing, replicasFor, ringPosition } from '../src/core/ring';
import type { Version } from '../src/core/versions/version';
import { sameSiblings } from '../src/core/versions/siblings';
import { buildMerkleTree, childrenOf, differing, hashesAt, leafOf, merkleDepth } from '../src/core/antiEntropy/merkleTree';
import { createRandom } from '../src/core/prng';
import { SimClients, SimCluster } from '../src/sim';
import type { SimClusterConfig } from '../src/sim';

const keys = Array.from({ length: 50_000 }, (_, i) => `key-${i}`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const ring = (n: number, vnodes: number) => buildRing(Array.from({ length: n }, (_, i) => ({ id: nodeId(`n${i}`) })), vnodes);

/** Each node's share of the keys (as primary owner), relative to the ideal 1/n. */
function loadBalance(): void {
  console.log(`load balance: each node's share of ${keys.length.toLocaleString('en-US')} keys as primary owner, relative to the ideal 1/n (1.00 = ideal)`);
  for (const n of [5, 10]) {
    for (const vnodes of [8, 64, 256]) {
      const r = ring(n, vnodes);
      const counts = new Map<NodeId, number>();
      for (const k of keys) {
        const owner = replicasFor(r, k, 1)[0];
        if (owner !== undefined) counts.set(owner, (counts.get(owner) ?? 0) + 1);
      }
      const shares = r.members.map((m) => ((counts.get(m.id) ?? 0) / keys.length) * n);
      const spread = `min ${Math.min(...shares).toFixed(2)}, max ${Math.max(...shares).toFixed(2)}`;
      console.log(`  ${String(n).padStart(2)} nodes, ${String(vnodes).padStart(3)} vnodes: ${spread}; each: ${shares.map((x) => x.toFixed(2)).join(' ')}`);
    }
  }
}

/**
 * Keys whose owners change on a join (n → n+1) and a leave (n → n−1), 64 vnodes: consistent
 * hashing against the ideal (1/(n+1) of keys move to the newcomer; a leaver's 1/n moves away)
 * and against modulo hashing (key mod n), which moves almost everything.
 */
function keysMoved(): void {
  console.log(`keys moved on a join and a leave (${keys.length.toLocaleString('en-US')} keys, 64 vnodes): consistent hashing vs ideal vs modulo hashing`);
  const f = (x: number) => pct(x / keys.length).padStart(6);
  for (const n of [5, 10]) {
    for (const [from, to] of [[n, n + 1], [n, n - 1]] as const) {
      // Leaving: the last node of `from` goes; joining: a node n<from> arrives.
      const before = ring(from, 64);
      const after = ring(to, 64);
      let primary = 0;
      let replicaSets = 0;
      let modulo = 0;
      for (const k of keys) {
        if (replicasFor(before, k, 1)[0] !== replicasFor(after, k, 1)[0]) primary++;
        if (replicasFor(before, k, 3).join() !== replicasFor(after, k, 3).join()) replicaSets++;
        if (ringPosition(k) % from !== ringPosition(k) % to) modulo++;
      }
      const ideal = to > from ? 1 / to : 1 / from;
      const what = to > from ? 'join' : 'leave';
      console.log(`  ${what.padEnd(5)} ${String(from).padStart(2)} → ${String(to).padStart(2)}: primary owner ${f(primary)} (ideal ${pct(ideal).padStart(6)}, ${(primary / keys.length / ideal).toFixed(2)}× it), N=3 replica set ${f(replicaSets)} (ideal ${pct(Math.min(1, 3 * ideal)).padStart(6)}), modulo hashing ${f(modulo)}`);
    }
  }
}

function merkleBytes(): void {
  const version = (c: number): Version => ({ value: 'x'.repeat(100), deleted: false, dot: { node: 'n1', counter: c }, context: {}, timestampMs: 0 });
  const shared = keys.slice(0, 10_000);
  console.log('Merkle exchange vs full transfer of a 10,000-key range (100-byte values)');
  for (const differ of [0, 10, 100, 1000]) {
    const changed = new Set(shared.slice(0, differ));
    const a = buildMerkleTree(shared, () => [version(1)]);
    const b = buildMerkleTree(shared, (k) => [version(changed.has(k) ? 2 : 1)]);
    let hashes = 0;
    let indices = [0];
    let leaves: number[] = [];
    for (let level = 0; level <= merkleDepth; level++) {
      hashes += indices.length;
      const diff = differing(a, level, hashesAt(b, level, indices));
      if (level === merkleDepth || diff.length === 0) {
        leaves = level === merkleDepth ? diff : [];
        break;
      }
      indices = childrenOf(diff);
    }
    const wanted = new Set(leaves);
    const entries = shared.filter((k) => wanted.has(leafOf(k))).map((k) => ({ key: k, versions: [version(1)] }));
    const exchanged = hashes * 12 + 2 * JSON.stringify(entries).length;
    const full = JSON.stringify(shared.map((k) => ({ key: k, versions: [version(1)] }))).length;
    console.log(`  ${String(differ).padStart(5)} keys differ: ${exchanged.toLocaleString('en-US').padStart(10)} bytes exchanged vs ${full.toLocaleString('en-US')} full (${pct(exchanged / full)})`);
  }
}

function convergence(): void {
  console.log('convergence after a 5 s partition heals (5 nodes, 200 keys written during it; simulated time)');
  for (const antiEntropyIntervalMs of [1000, 5000, 10_000]) {
    const config: SimClusterConfig = {
      nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })),
      vnodes: 64, n: 3, w: 1, r: 1, sloppyQuorum: true, readRepair: false, conflicts: 'vclock',
      requestTimeoutMs: 1000, maxSiblings: 16, clockSkewMs: {}, diskLatency: { kind: 'fixed', ms: 1 },
      gossipIntervalMs: 1000, antiEntropyIntervalMs,
    };
    const cluster = new SimCluster({ seed: 5, cluster: config, network: { latency: { kind: 'uniform', minMs: 2, maxMs: 8 }, loss: 0 }, trace: false });
    const clients = new SimClients(cluster, createRandom(5));
    cluster.partition([['a', 'b'], ['c', 'd', 'e']]);
    for (let i = 0; i < 200; i++) clients.call(`c${i % 20}`, { op: 'put', key: `k${i % 50}`, value: `v${i}`, via: i % 2 === 0 ? 'a' : 'd' });
    cluster.runUntil(5000);
    cluster.healAll();
    const healedAt = cluster.now;
    let convergedAt = NaN;
    for (let t = healedAt; t <= healedAt + 120_000; t += 100) {
      cluster.runUntil(t);
      if (converged(cluster)) {
        convergedAt = t;
        break;
      }
    }
    console.log(`  gossip 1 s, anti-entropy ${String(antiEntropyIntervalMs / 1000).padStart(2)} s: converged ${((convergedAt - healedAt) / 1000).toFixed(1)} s after the heal`);
  }
}

function converged(cluster: SimCluster): boolean {
  const state = cluster.replicaState();
  const byNodeKey = new Map(state.map((r) => [`${r.node}\u0000${r.key}`, r.versions]));
  const hinted = Object.values(cluster.nodeStats()).some((s) => s.hints.length > 0);
  if (hinted) return false;
  for (const key of new Set(state.map((r) => r.key))) {
    const copies = cluster.replicasFor(key).map((n: NodeId) => byNodeKey.get(`${n}\u0000${key}`) ?? []);
    if (!copies.every((c) => sameSiblings(c, copies[0] ?? []))) return false;
  }
  return true;
}

export function rebalanceBench(): void {
  loadBalance();
  keysMoved();
  merkleBytes();
  convergence();
}
