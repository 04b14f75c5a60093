/** The simulator's configuration types: the scenario's cluster and network, structurally. */
import type { AutoscaleConfig } from '../core/autoscaler';
import type { SimpleLatency } from '../core/network/latency';
import type { NodeSettings } from '../core/node/settings';
import type { StorageOptions } from '../core/storage';
import { defaultNodeSettings } from '../core/node/settings';
import type { NetworkConfig } from './network';

export interface SimNodeSpec {
  readonly id: string;
  readonly zone?: string | undefined;
  readonly weight?: number | undefined;
}

/** The cluster settings the simulator needs (the scenario's `cluster`, structurally). */
export interface SimClusterConfig {
  readonly nodes: readonly SimNodeSpec[];
  readonly vnodes: number;
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly sloppyQuorum: boolean;
  readonly readRepair: boolean;
  readonly conflicts: NodeSettings['conflicts'];
  readonly requestTimeoutMs: number;
  readonly maxSiblings: number;
  readonly clockSkewMs: Readonly<Record<string, number>>;
  readonly diskLatency: SimpleLatency;
  readonly gossipIntervalMs: number;
  readonly antiEntropyIntervalMs: number;
  readonly autoscale?: AutoscaleConfig | undefined;
}

/** What `set` may change while the cluster runs. */
export type SettingsChange = Partial<Pick<SimClusterConfig, 'n' | 'w' | 'r' | 'sloppyQuorum' | 'readRepair' | 'conflicts' | 'clockSkewMs'>>;

export interface SimOptions {
  readonly seed: number;
  readonly cluster: SimClusterConfig;
  readonly network: NetworkConfig;
  /** Trace events kept in memory (the digest covers all of them); 0 keeps none. */
  readonly traceLimit?: number;
  /** Off for benchmarks: no trace events are built or hashed at all. */
  readonly trace?: boolean;
  /** Storage engine thresholds for every node (e.g. a small memtable, to see flushes); defaults otherwise. */
  readonly storage?: Partial<Omit<StorageOptions, 'mode'>>;
}


/** The settings one node runs with, derived from the cluster's. */
export function nodeSettingsOf(c: SimClusterConfig, id: string, clusterSize: number): NodeSettings {
  return {
    ...defaultNodeSettings,
    n: c.n,
    w: c.w,
    r: c.r,
    sloppyQuorum: c.sloppyQuorum,
    readRepair: c.readRepair,
    conflicts: c.conflicts,
    requestTimeoutMs: c.requestTimeoutMs,
    maxSiblings: c.maxSiblings,
    clockSkewMs: c.clockSkewMs[id] ?? 0,
    // Pruning never triggers unless a cluster outgrows the default bound (see vectorClock.ts).
    maxClockEntries: Math.max(defaultNodeSettings.maxClockEntries, clusterSize),
    gossipIntervalMs: c.gossipIntervalMs,
    antiEntropyIntervalMs: c.antiEntropyIntervalMs,
  };
}
