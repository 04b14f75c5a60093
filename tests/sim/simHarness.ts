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
