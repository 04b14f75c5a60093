// The scenario so far, as a scenario document: the live cluster's nodes as they were when the
// page opened it (joins and leaves since are steps), settings, latency and seed, plus every
// recorded user action. The simulator replays it; parseScenario judges it.
import type { JsonValue } from '../../core/json';
import type { LiveCluster } from '../../runtime/liveCluster';
import { recordedSteps } from '../store/actionRecorder';

export function recordedScenario(c: LiveCluster): Record<string, JsonValue> {
  const snap = c.snapshot();
  const base = c.scenarioBase();
  const s = snap.settings;
  return {
    version: 1,
    seed: base.seed,
    cluster: {
      nodes: base.nodes.map((n) => ({ id: n.id, ...(n.zone !== undefined ? { zone: n.zone } : {}), ...(n.weight !== undefined ? { weight: n.weight } : {}) })),
      vnodes: base.vnodes,
      n: s.n,
      w: s.w,
      r: s.r,
      sloppyQuorum: s.sloppyQuorum,
      readRepair: s.readRepair,
      conflicts: s.conflicts,
      requestTimeoutMs: s.requestTimeoutMs,
      gossipIntervalMs: s.gossipIntervalMs,
      antiEntropyIntervalMs: s.antiEntropyIntervalMs,
    },
    network: { latency: JSON.parse(JSON.stringify(base.latency)) as JsonValue },
    steps: recordedSteps().map((step) => ({ ...step })),
  };
}
