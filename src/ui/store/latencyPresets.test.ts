// Goal: every latency preset is a model the core can sample, and a saved model finds its preset.
// Method: sample each preset's classes with a fixed random source; look each model up again.
import { describe, expect, it } from 'vitest';
import { latencyFor, messageClasses, sampleLatencyMs } from '../../core/network/latency';
import { latencyPresets, presetOf } from './latencyPresets';

describe('latency presets', () => {
  it('each preset gives finite delays for every WARS class', () => {
    for (const p of latencyPresets) {
      for (const cls of messageClasses) {
        const ms = sampleLatencyMs(latencyFor(p.model, cls), () => 0.5);
        expect(Number.isFinite(ms) && ms >= 0).toBe(true);
      }
    }
  });

  it('a model is recognised as its preset, and an unknown one as none', () => {
    for (const p of latencyPresets) expect(presetOf(JSON.parse(JSON.stringify(p.model)) as typeof p.model)?.id).toBe(p.id);
    expect(presetOf({ kind: 'fixed', ms: 3 })).toBeNull();
  });
});
