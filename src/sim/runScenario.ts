/**
 * Runs a validated scenario in the simulator and builds its report: the client history, the
 * checker's verdict, each replica's final versions, node stats and the trace digest.
 */
import { nodeId } from '../core/ids';
import { createRandom, deriveSeed } from '../core/prng';
import { assertNever } from '../core/assertNever';
import type { CheckReport, FinalState, OpRecord } from '../check';
import type { ModeChange } from '../check';
import { checkHistory, ModeTimeline } from '../check';
import type { Scenario, Step } from '../scenario';
import type { TraceEvent } from '../core/trace';
import { SimCluster } from './simCluster';
import { SimClients } from './simClients';
import { versionRecord } from './historyRecord';
import { startWorkload } from './workload';

export interface SimReport {
  readonly history: OpRecord[];
  readonly check: CheckReport;
  readonly final: FinalState;
  readonly nodes: ReturnType<SimCluster['nodeStats']>;
  readonly traceDigest: string;
  readonly traceEvents: number;
  readonly deliveries: number;
  readonly skippedCalls: number;
  readonly until: number;
}

export interface RunOptions {
  /** Trace events to keep in memory for the caller (the digest always covers all). */
  readonly traceLimit?: number;
  /** Off for benchmarks: no trace and no digest. */
  readonly trace?: boolean;
}

export interface SimRun {
  readonly report: SimReport;
  readonly trace: TraceEvent[];
  readonly cluster: SimCluster;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): SimRun {
  const cluster = new SimCluster({
    seed: scenario.seed,
    cluster: scenario.cluster,
    network: scenario.network,
    traceLimit: options.traceLimit ?? 0,
    trace: options.trace ?? true,
  });
  const clients = new SimClients(cluster, createRandom(deriveSeed(scenario.seed, 'clients')));
  const workloadRandom = createRandom(deriveSeed(scenario.seed, 'workload'));
  // Steps with the same time run in array order: a stable sort, then one event each.
  const steps = scenario.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
  for (const { s } of steps) cluster.schedule(s.at, () => applyStep(s, cluster, clients, workloadRandom));
  cluster.runUntil(scenario.until);

  const history = clients.history();
  const final: FinalState = {
    replicas: cluster.replicaState().map((r) => ({ node: r.node, key: r.key, versions: r.versions.map(versionRecord) })),
  };
  const report: SimReport = {
    history,
    check: checkHistory(history, final, conflictModes(scenario)),
    final,
    nodes: cluster.nodeStats(),
    traceDigest: cluster.traceDigest(),
    traceEvents: cluster.traceCount(),
    deliveries: cluster.deliveries,
    skippedCalls: clients.skippedCalls,
    until: scenario.until,
  };
  return { report, trace: cluster.traceEvents(), cluster };
}

/** The conflict mode over the run: the cluster's, then each `set` step's that changes it. */
function conflictModes(scenario: Scenario): ModeTimeline {
  const changes: ModeChange[] = [];
  for (const s of scenario.steps) if (s.do === 'set' && s.conflicts !== undefined) changes.push({ at: s.at, mode: s.conflicts });
  return new ModeTimeline(scenario.cluster.conflicts, changes);
}

function applyStep(s: Step, cluster: SimCluster, clients: SimClients, random: () => number): void {
  switch (s.do) {
    case 'put':
      clients.call(s.client, { op: 'put', key: s.key, value: s.value, via: s.via, w: s.w, blind: s.blind, context: s.context });
      return;
    case 'get':
      clients.call(s.client, { op: 'get', key: s.key, via: s.via, r: s.r });
      return;
    case 'delete':
      clients.call(s.client, { op: 'delete', key: s.key, via: s.via, w: s.w, blind: s.blind, context: s.context });
      return;
    case 'kill':
      cluster.kill(nodeId(s.node));
      return;
    case 'restart':
      cluster.restart(nodeId(s.node));
      return;
    case 'wipe':
      cluster.wipe(nodeId(s.node));
      return;
    case 'cut':
      cluster.cut(nodeId(s.from), nodeId(s.to), s.oneWay);
      return;
    case 'heal':
      cluster.heal(nodeId(s.from), nodeId(s.to), s.oneWay);
      return;
    case 'partition':
      cluster.partition(s.groups);
      return;
    case 'healAll':
      cluster.healAll();
      return;
    case 'join':
      cluster.join(s.node);
      return;
    case 'leave':
      cluster.leave(nodeId(s.node));
      return;
    case 'zone':
      cluster.rezone(nodeId(s.node), s.zone);
      return;
    case 'set': {
      cluster.set({
        ...(s.n !== undefined ? { n: s.n } : {}),
        ...(s.w !== undefined ? { w: s.w } : {}),
        ...(s.r !== undefined ? { r: s.r } : {}),
        ...(s.sloppyQuorum !== undefined ? { sloppyQuorum: s.sloppyQuorum } : {}),
        ...(s.readRepair !== undefined ? { readRepair: s.readRepair } : {}),
        ...(s.conflicts !== undefined ? { conflicts: s.conflicts } : {}),
        ...(s.clockSkewMs !== undefined ? { clockSkewMs: s.clockSkewMs } : {}),
      });
      return;
    }
    case 'network':
      cluster.changeNetwork({
        ...(s.latency !== undefined ? { latency: s.latency } : {}),
        ...(s.loss !== undefined ? { loss: s.loss } : {}),
        ...(s.interZoneLatency !== undefined ? { interZoneLatency: s.interZoneLatency } : {}),
      });
      return;
    case 'workload':
      startWorkload(s, cluster, clients, random);
      return;
    default:
      assertNever(s, 'step');
  }
}
