/**
 * Goal: the simulator is deterministic: the same seed, scenario and build give the same trace,
 * bit for bit; another seed gives another. Method: fast-check picks seeds and small workload
 * scenarios with faults; each runs twice and the trace digests are compared.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../fcSeed';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function scenario(seed: number, loss: number) {
  const parsed = parseScenario({
    version: 1,
    seed,
    until: 4000,
    cluster: { nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id })) },
    network: { latency: { kind: 'exponential', meanMs: 6 }, loss },
    steps: [
      { at: 0, do: 'workload', client: 'w1', durationMs: 3000, ratePerSec: 50, keys: 5, readFraction: 0.5 },
      { at: 0, do: 'workload', client: 'w2', durationMs: 3000, ratePerSec: 50, keys: 5, readFraction: 0.5, distribution: 'zipf' },
      { at: 800, do: 'kill', node: 'b' },
      { at: 1500, do: 'cut', from: 'a', to: 'c' },
      { at: 2000, do: 'restart', node: 'b' },
      { at: 2500, do: 'healAll' },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

describe('determinism', () => {
  it('the same seed gives the same trace digest; another seed another', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0, 0.05), (seed, loss) => {
        const a = runScenario(scenario(seed, loss)).report;
        const b = runScenario(scenario(seed, loss)).report;
        // Enough happens for the digests to mean something. Not more: a client runs one request
        // at a time, and a lost forward reply holds it for the 2 s forward timeout, so an unlucky
        // seed (FC_SEED=-98606378: 244 events) stalls both clients early. 150 other seeds: 297 at least, median 1404.
        expect(a.traceEvents).toBeGreaterThan(150);
        expect(b.traceDigest).toBe(a.traceDigest);
        expect(JSON.stringify(b.history)).toBe(JSON.stringify(a.history));
        const other = runScenario(scenario((seed + 1) >>> 0, loss)).report;
        expect(other.traceDigest).not.toBe(a.traceDigest);
      }),
      fcParams(8),
    );
  }, 120_000);
});
