// Pure. The latency models the settings panel offers, by name: plain ones, a heavy tail, and
// WARS ones where writes and reads are delayed differently (Bailis et al., PBS, VLDB 2012).
import type { LatencyModel } from '../../core/network/latency';
import { defaultLiveLatency } from '../../runtime/clusterConfig';

export interface LatencyPreset {
  readonly id: string;
  readonly label: string;
  readonly model: LatencyModel;
}

const fast = { kind: 'uniform', minMs: 2, maxMs: 8 } as const;

export const latencyPresets: readonly LatencyPreset[] = [
  { id: 'lan', label: 'LAN: 2–12 ms, uniform', model: defaultLiveLatency },
  { id: 'wan', label: 'WAN: 40–120 ms, uniform', model: { kind: 'uniform', minMs: 40, maxMs: 120 } },
  { id: 'tail', label: 'Heavy tail: pareto, 5 ms minimum, α 1.5', model: { kind: 'pareto', xmMs: 5, alpha: 1.5 } },
  {
    id: 'wars-slow-writes',
    label: 'WARS: slow writes (W exponential, mean 60 ms), fast A/R/S',
    model: { write: { kind: 'exponential', meanMs: 60 }, ack: fast, read: fast, response: fast, other: fast },
  },
  {
    id: 'wars-slow-reads',
    label: 'WARS: slow reads (R and S exponential, mean 40 ms), fast W/A',
    model: { write: fast, ack: fast, read: { kind: 'exponential', meanMs: 40 }, response: { kind: 'exponential', meanMs: 40 }, other: fast },
  },
];

/** The preset a model is, or null for a model set some other way (a scenario). */
export function presetOf(model: LatencyModel): LatencyPreset | null {
  const json = JSON.stringify(model);
  return latencyPresets.find((p) => JSON.stringify(p.model) === json) ?? null;
}
