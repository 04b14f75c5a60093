// The page's workload control: starts and stops one LiveWorkload on the open cluster, through
// a client of its own (its own timeline lane), seeded from the cluster's seed. Its counters are
// published to React a few times a second, not once per operation. Each start is recorded as a
// scenario `workload` step whose duration is fixed when it stops, so share URLs replay it.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createRandom } from '../../core/prng';
import type { KeyDistribution } from '../../core/workloadKeys';
import type { LiveCluster } from '../../runtime/liveCluster';
import { LiveWorkload, workloadProblem } from '../../runtime/liveWorkload';
import type { WorkloadStats } from '../../runtime/liveWorkload';
import { recordLasting } from './actionRecorder';
import { clusterStore, currentCluster } from './clusterStore';
import { publishSoon } from './publishClock';

export interface WorkloadForm {
  readonly ratePerSec: number;
  readonly keys: number;
  readonly readFraction: number;
  readonly distribution: KeyDistribution;
}

export interface WorkloadState {
  readonly stats: WorkloadStats | null;
  /** Why the last start was refused, in plain words; null once a start succeeds. */
  readonly problem: string | null;
}

/** The workload's client name: its lane on the timeline and the `client` of its step. */
export const workloadClient = 'load';
const keyPrefix = 'load-';
const valueBytes = 100;

export const workloadStore = createStore<WorkloadState>(() => ({ stats: null, problem: null }));

let current: { workload: LiveWorkload; cluster: LiveCluster; endStep: () => void } | null = null;
let starts = 0;
/** Counters reach React on the page's publish clock, with the cluster's, a few times a second. */
const publishStats = () => workloadStore.setState({ stats: current?.workload.snapshot() ?? null });
const publishStatsSoon = () => publishSoon(publishStats);

/** Starts a workload, or says why not; a running one is stopped first. */
export function startWorkload(form: WorkloadForm): void {
  const problem = workloadProblem(form);
  const cluster = currentCluster();
  if (problem !== null || cluster === null) {
    workloadStore.setState({ problem: problem ?? 'No cluster is running.' });
    return;
  }
  stopWorkload();
  const spec = { ...form, keyPrefix, valueBytes };
  const host = {
    now: () => cluster.now(),
    upNodes: () => cluster.snapshot().nodes.flatMap((n) => (n.state === 'up' ? [n.id] : [])),
    client: cluster.createClient(workloadClient),
  };
  // A seed of its own per start: reproducible from the cluster's seed, different each time.
  const random = createRandom((cluster.scenarioBase().seed ^ Math.imul(++starts, 0x9e3779b9)) >>> 0);
  const workload = new LiveWorkload(spec, host, random, publishStatsSoon);
  const endStep = recordLasting({ do: 'workload', client: workloadClient, ...spec });
  current = { workload, cluster, endStep };
  workload.start();
  workloadStore.setState({ stats: workload.snapshot(), problem: null });
}

export function stopWorkload(): void {
  if (current === null) return;
  current.workload.stop();
  current.endStep();
  workloadStore.setState({ stats: current.workload.snapshot() });
}

// A workload drives the cluster it started on; when another one opens, it stops.
clusterStore.subscribe(() => {
  if (current !== null && current.cluster !== currentCluster()) stopWorkload();
});

export function useWorkload<T>(pick: (s: WorkloadState) => T): T {
  return useStore(workloadStore, pick);
}
