/** Builds small simulated clusters for the suites, with the scenario defaults spelled out. */
import type { SimClusterConfig } from '../../src/sim';
import { SimClients, SimCluster } from '../../src/sim';
import { createRandom } from '../../src/core/prng';
import type { NetworkConfig } from '../../src/sim/network';

export function clusterConfig(ids: string[], over: Partial<SimClusterConfig> = {}): SimClusterConfig {
  return {
    nodes: ids.map((id) => ({ id })),
    vnodes: 16,
    n: 3,
    w: 2,
    r: 2,
    sloppyQuorum: false,
    readRepair: false,
    conflicts: 'vclock',
    requestTimeoutMs: 1000,
    maxSiblings: 16,
    clockSkewMs: {},
    diskLatency: { kind: 'fixed', ms: 1 },
    gossipIntervalMs: 1000,
    antiEntropyIntervalMs: 10_000,
    ...over,
  };
}

export function makeSim(ids: string[], over: Partial<SimClusterConfig> = {}, network: Partial<NetworkConfig> = {}, seed = 1) {
  const cluster = new SimCluster({
    seed,
    cluster: clusterConfig(ids, over),
    network: { latency: { kind: 'fixed', ms: 5 }, loss: 0, ...network },
    traceLimit: 10_000,
  });
  const clients = new SimClients(cluster, createRandom(seed));
  return { cluster, clients };
}

/**
 * A 3-node cluster whose storage purges tombstones fast (1 s grace, a small memtable, so
 * flushes and compactions run): `alice` puts `k` through `a`, then deletes it, and filler
 * writes well past the grace period make compaction purge the tombstone. Returns at 46 s.
 */
export function purgedTombstoneSim(seed: number) {
  const cluster = new SimCluster({
    seed,
    cluster: clusterConfig(['a', 'b', 'c'], { readRepair: false, antiEntropyIntervalMs: 600_000 }),
    network: { latency: { kind: 'fixed', ms: 5 }, loss: 0 },
    traceLimit: 1000,
    storage: { memtableBytesMax: 1024, blockBytesTarget: 256, tombstoneGraceMs: 1_000, compactionTablesMin: 2 },
  });
  const clients = new SimClients(cluster, createRandom(seed));
  clients.call('alice', { op: 'put', key: 'k', value: 'first', via: 'a' });
  cluster.runUntil(1_000);
  clients.call('alice', { op: 'delete', key: 'k', via: 'a' });
  cluster.runUntil(2_000);
  // Written well after the grace period: flushes and compactions run with a time past the
  // tombstone's expiry.
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 40; i++) clients.call(`f${i % 4}`, { op: 'put', key: `filler-${round}-${i}`, value: 'x'.repeat(40) });
    cluster.runUntil(10_000 + round * 6_000);
  }
  return { cluster, clients };
}
