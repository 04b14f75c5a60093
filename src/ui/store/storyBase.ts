// Where a live cluster's story begins, as a scenario document with no steps: its nodes, settings,
// latency and seed at that moment. Taken when the story starts (a fresh cluster's first moment,
// or the first time this page records on a cluster that kept no story), so that steps replayed
// from it meet the settings they met live.
import type { JsonValue } from '../../core/json';
import type { LiveCluster } from '../../runtime/liveCluster';

export function storyBaseOf(c: LiveCluster): Record<string, JsonValue> {
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
    network: {
      latency: JSON.parse(JSON.stringify(base.latency)) as JsonValue,
      ...(base.interZoneLatency !== undefined ? { interZoneLatency: JSON.parse(JSON.stringify(base.interZoneLatency)) as JsonValue } : {}),
      loss: snap.network.lossProbability,
    },
    steps: [],
  };
}
