/**
 * Goal: the autoscaling rule scales on sustained load only, never past its bounds, and waits a
 * cooldown between decisions. Method: the pure kernel fed hand-made load samples in time order.
 */
import { describe, expect, it } from 'vitest';
import type { AutoscaleConfig, AutoscaleState, LoadSample } from './autoscaler';
import { decideScaling, initialAutoscaleState } from './autoscaler';

const config: AutoscaleConfig = {
  enabled: true, minNodes: 3, maxNodes: 6, upOpsPerSecPerNode: 100, upKeysPerNode: 1e9,
  downOpsPerSecPerNode: 20, downKeysPerNode: 1e9, sustainMs: 3000, cooldownMs: 5000, checkIntervalMs: 1000,
};

function feed(samples: Omit<LoadSample, 'keysPerNode'>[], c = config) {
  let state: AutoscaleState = initialAutoscaleState;
  return samples.map((s) => {
    const out = decideScaling(c, state, { ...s, keysPerNode: 10 });
    state = out.state;
    return out.decision.action;
  });
}

describe('autoscaling rule', () => {
  it('adds a node only after load stays high for the sustain time', () => {
    expect(feed([0, 1000, 2000, 3000].map((t) => ({ nowMs: t, nodes: 3, opsPerSecPerNode: 150 })))).toEqual(['none', 'none', 'none', 'add']);
  });

  it('a dip below the threshold restarts the count (hysteresis)', () => {
    const loads = [150, 150, 90, 150, 150, 150, 150];
    expect(feed(loads.map((l, i) => ({ nowMs: i * 1000, nodes: 3, opsPerSecPerNode: l })))).toEqual(['none', 'none', 'none', 'none', 'none', 'none', 'add']);
  });

  it('load between the thresholds changes nothing', () => {
    expect(feed([0, 5000, 10_000].map((t) => ({ nowMs: t, nodes: 4, opsPerSecPerNode: 50 })))).toEqual(['none', 'none', 'none']);
  });

  it('waits the cooldown after a decision, and respects the node bounds', () => {
    const up = feed(Array.from({ length: 12 }, (_, i) => ({ nowMs: i * 1000, nodes: 3, opsPerSecPerNode: 500 })));
    expect(up.filter((a) => a === 'add')).toHaveLength(2);
    expect(up.indexOf('add', up.indexOf('add') + 1) - up.indexOf('add')).toBeGreaterThanOrEqual(5);
    expect(feed([0, 4000].map((t) => ({ nowMs: t, nodes: 6, opsPerSecPerNode: 500 })))).toEqual(['none', 'none']);
    expect(feed([0, 4000].map((t) => ({ nowMs: t, nodes: 3, opsPerSecPerNode: 1 })))).toEqual(['none', 'none']);
    expect(feed([0, 4000].map((t) => ({ nowMs: t, nodes: 4, opsPerSecPerNode: 1 })))).toEqual(['none', 'remove']);
  });

  it('does nothing when disabled', () => {
    expect(feed([0, 9000].map((t) => ({ nowMs: t, nodes: 3, opsPerSecPerNode: 900 })), { ...config, enabled: false })).toEqual(['none', 'none']);
  });
});
