// The scenario so far, as a scenario document: the live cluster's nodes as they were when the
// page opened it (joins and leaves since are steps), settings, latency and seed, plus every
// recorded user action. The simulator replays it; parseScenario judges it. A cluster loaded
// from a shared run tells its story as that run's scenario followed by what was done since,
// so sharing it again hands on the whole story.
import type { JsonValue } from '../../core/json';
import type { LiveCluster } from '../../runtime/liveCluster';
import type { Scenario } from '../../scenario';
import { recordedSteps } from '../store/actionRecorder';

/** The shared scenario each loaded cluster of this page came from, by cluster name (bounded). */
const origins = new Map<string, Scenario>();
const originsMax = 12;

export function rememberOrigin(clusterName: string, scenario: Scenario): void {
  origins.set(clusterName, scenario);
  const oldest = origins.keys().next().value;
  if (origins.size > originsMax && oldest !== undefined) origins.delete(oldest);
}

export function recordedScenario(c: LiveCluster): Record<string, JsonValue> {
  const steps = recordedSteps().map((step) => ({ ...step }));
  const origin = origins.get(c.name);
  if (origin !== undefined) {
    // `until` is left to its default, which follows the last step, old or new.
    const doc = JSON.parse(JSON.stringify(origin)) as Record<string, JsonValue> & { steps: JsonValue[] };
    delete doc.until;
    return { ...doc, steps: [...doc.steps, ...steps] };
  }
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
    network: { latency: JSON.parse(JSON.stringify(base.latency)) as JsonValue, loss: snap.network.lossProbability },
    steps,
  };
}
