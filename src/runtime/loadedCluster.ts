// A fresh live cluster holding another run's end state (a shared link's replay): its nodes and
// settings are saved as a new cluster's configuration, every node takes its versions and hints
// through its own replica-write path (never by writing a disk format), and the nodes that were
// down at the end of the run are killed again. Play then goes on live from the run's end time.
import { nodeId } from '../core/ids';
import type { LatencyModel, SimpleLatency } from '../core/network/latency';
import type { NodeSettings } from '../core/node/settings';
import type { AdoptedEntry } from '../core/node/storeNode';
import type { TraceEvent } from '../core/trace';
import { listClusterName, loadClusterConfig, saveClusterConfig } from './clusterConfig';
import { idsAfter } from './clusterIds';
import type { LiveClusterConfig } from './clusterConfig';
import type { OpenResult } from './liveCluster';
import { LiveCluster } from './liveCluster';
import { keepTraceAs } from './traceKeep';

/** One node of the run, as it ended. */
export interface LoadedNode {
  readonly id: string;
  /** Its zone and weight in the run: the live ring must give it the same ranges. */
  readonly zone?: string | undefined;
  readonly weight?: number | undefined;
  /** The run's wipe count: the loaded node writes as the actor after it (see openLoadedCluster). */
  readonly incarnation: number;
  readonly down: boolean;
  readonly clockSkewMs: number;
  /** Its versions of every key, and its hints (hintFor names the owner). */
  readonly entries: readonly AdoptedEntry[];
}

/** Everything a live cluster needs to go on from where a run ended. */
export interface LoadPlan {
  readonly seed: number;
  readonly vnodes: number;
  /** Cluster-wide settings; each node's clock skew is in its LoadedNode. */
  readonly settings: NodeSettings;
  readonly latency: LatencyModel;
  readonly lossProbability: number;
  /** The run's delay between zones, if it had one. */
  readonly interZoneLatency?: SimpleLatency | undefined;
  /** The run's end in simulated ms: the live clock goes on from here. */
  readonly endMs: number;
  readonly nodes: readonly LoadedNode[];
  readonly cutLinks: readonly { readonly from: string; readonly to: string }[];
}

/** Entries per control call: keeps each postMessage and each group commit modest. */
const adoptBatch = 500;
/** Names tried for a fresh cluster before giving up (every one already in use). */
const nameAttempts = 100;

/** The first name of the form base, base-2, base-3… that no saved cluster uses. */
export function unusedClusterName(base: string): string {
  for (let i = 1; i <= nameAttempts; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (loadClusterConfig(name) === null) return name;
  }
  throw new Error(`no free cluster name after ${base}-${nameAttempts}: remove old clusters first`);
}

/**
 * Saves the plan as cluster `clusterName` (which must be unused), opens it, seeds every node
 * and kills those that were down. Each node comes back as a new actor (incarnation + 1), as
 * after a wipe: it has forgotten the dot counters of the run, so it must never mint a dot the
 * run already used. The run's trace is kept as the start of the cluster's own, so its timeline
 * shows the run after a reload too. Throws if a node could not store its versions.
 */
export async function openLoadedCluster(clusterName: string, plan: LoadPlan, trace: readonly TraceEvent[] = []): Promise<OpenResult> {
  // Live ids go on past the run's: its requests and messages stay apart from the live ones.
  saveClusterConfig({ ...loadedClusterConfig(clusterName, plan), ...idsAfter(trace) });
  // Listed before its trace is written: another tab's sweep forgets the traces of unlisted clusters.
  listClusterName(clusterName);
  const notKept = await keepTraceAs(clusterName, trace);
  const opened = await LiveCluster.open(clusterName);
  if (opened.kind === 'locked') return opened;
  const { cluster } = opened;
  // Not fatal: the cluster plays on, and its keep says (the timeline's quiet note) that a reload
  // will not bring the run back; it keeps nothing more, as for any other failed write.
  if (notKept !== null) cluster.keep.stopWith(notKept);
  const results = await Promise.all(plan.nodes.map((n) => adoptAll(cluster, n)));
  const failed = results.filter((r) => r !== null);
  if (failed.length > 0) {
    cluster.close();
    throw new Error(`the shared state could not be stored: ${failed.join('; ')}`);
  }
  for (const n of plan.nodes) if (n.down) cluster.kill(nodeId(n.id));
  return opened;
}

/** Null once every entry is durable on the node, else why not. */
async function adoptAll(cluster: LiveCluster, n: LoadedNode): Promise<string | null> {
  for (let i = 0; i < n.entries.length; i += adoptBatch) {
    const r = await cluster.adopt(nodeId(n.id), n.entries.slice(i, i + adoptBatch));
    if (!r.ok) return `${n.id}: ${r.message ?? 'refused'}`;
  }
  return null;
}

/** The saved configuration of a cluster that goes on from where the plan's run ended. */
export function loadedClusterConfig(clusterName: string, plan: LoadPlan): LiveClusterConfig {
  return {
    format: 1,
    clusterName,
    nodes: plan.nodes.map((n) => ({
      id: n.id,
      ...(n.zone !== undefined ? { zone: n.zone } : {}),
      ...(n.weight !== undefined ? { weight: n.weight } : {}),
      incarnation: n.incarnation + 1,
      down: false,
      clockSkewMs: n.clockSkewMs,
    })),
    vnodes: plan.vnodes,
    settings: plan.settings,
    latency: plan.latency,
    lossProbability: plan.lossProbability,
    ...(plan.interZoneLatency !== undefined ? { interZoneLatency: plan.interZoneLatency } : {}),
    seed: plan.seed,
    cutLinks: plan.cutLinks,
    resumeAtMs: plan.endMs,
  };
}
