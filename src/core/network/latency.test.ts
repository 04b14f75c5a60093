// Goal: each latency sampler draws from the distribution it names, stays within its bounds and
// replays exactly from a seed. Method: 20,000 draws from the seeded core PRNG per model, compared
// with the analytic mean at a stated tolerance (about four standard errors, so a correct sampler
// passes for any seed), plus a fast-check property over generated models.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../../tests/fcSeed';
import { createRandom } from '../prng';
import type { ClassedLatency, SimpleLatency } from './latency';
import { hopLatencyMs, latencyFor, maxLatencySampleMs, meanLatencyMs, messageClasses, sampleLatencyMs } from './latency';
import type { NodeId } from '../ids';

const draws = 20_000;

function sampleMany(model: SimpleLatency, seed: number, count = draws): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => sampleLatencyMs(model, random));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('sampleLatencyMs', () => {
  // Relative tolerances: standard error of the mean is sd / sqrt(20,000) ≈ 0.7% of sd.
  const cases: { name: string; model: SimpleLatency; relativeTolerance: number }[] = [
    { name: 'fixed', model: { kind: 'fixed', ms: 7 }, relativeTolerance: 0 },
    // sd = (max - min) / sqrt(12) ≈ 2.3 on a mean of 5: 4 SE ≈ 1.3%.
    { name: 'uniform', model: { kind: 'uniform', minMs: 1, maxMs: 9 }, relativeTolerance: 0.015 },
    // sd = mean: 4 SE ≈ 2.8%.
    { name: 'exponential', model: { kind: 'exponential', meanMs: 10 }, relativeTolerance: 0.03 },
    // alpha 3: mean 15, sd ≈ 8.7: 4 SE ≈ 1.6%.
    { name: 'pareto', model: { kind: 'pareto', xmMs: 10, alpha: 3 }, relativeTolerance: 0.02 },
    {
      name: 'mixture',
      model: {
        kind: 'mixture',
        parts: [
          { weight: 9, latency: { kind: 'uniform', minMs: 2, maxMs: 8 } },
          { weight: 1, latency: { kind: 'exponential', meanMs: 100 } },
        ],
      },
      // mean 14.5, sd ≈ 31: 4 SE ≈ 6%.
      relativeTolerance: 0.06,
    },
  ];

  for (const { name, model, relativeTolerance } of cases) {
    it(`the ${name} sampler's mean over 20,000 draws is within ${relativeTolerance * 100}% of the analytic mean`, () => {
      const expected = meanLatencyMs(model);
      const measured = mean(sampleMany(model, 42));
      expect(Math.abs(measured - expected)).toBeLessThanOrEqual(expected * relativeTolerance + 1e-9);
    });
  }

  it('a mixture picks its parts in proportion to their weights', () => {
    const model: SimpleLatency = {
      kind: 'mixture',
      parts: [
        { weight: 3, latency: { kind: 'fixed', ms: 1 } },
        { weight: 1, latency: { kind: 'fixed', ms: 100 } },
      ],
    };
    const samples = sampleMany(model, 7);
    const fastShare = samples.filter((ms) => ms === 1).length / samples.length;
    // Binomial sd = sqrt(0.75 · 0.25 / 20,000) ≈ 0.003: 0.012 is four of them.
    expect(Math.abs(fastShare - 0.75)).toBeLessThan(0.012);
    expect(samples.every((ms) => ms === 1 || ms === 100)).toBe(true);
  });

  it('the same random sequence gives the same samples', () => {
    const model: SimpleLatency = {
      kind: 'mixture',
      parts: [
        { weight: 1, latency: { kind: 'pareto', xmMs: 2, alpha: 1.5 } },
        { weight: 2, latency: { kind: 'exponential', meanMs: 4 } },
      ],
    };
    expect(sampleMany(model, 99, 500)).toEqual(sampleMany(model, 99, 500));
    expect(sampleMany(model, 99, 500)).not.toEqual(sampleMany(model, 100, 500));
  });

  it('a draw at the very top of the unit interval is capped at 60 seconds, not Infinity', () => {
    const almostOne = () => 1 - 2 ** -53;
    expect(sampleLatencyMs({ kind: 'pareto', xmMs: 1, alpha: 0.5 }, almostOne)).toBe(maxLatencySampleMs);
    expect(sampleLatencyMs({ kind: 'exponential', meanMs: 10_000 }, almostOne)).toBe(maxLatencySampleMs);
  });

  it('a pareto with alpha at most 1 has an infinite mean but finite, capped samples', () => {
    const model: SimpleLatency = { kind: 'pareto', xmMs: 5, alpha: 0.8 };
    expect(meanLatencyMs(model)).toBe(Infinity);
    const samples = sampleMany(model, 3);
    expect(Math.max(...samples)).toBe(maxLatencySampleMs);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(5);
  });

  it('every sample of any valid model lies between 0 and the cap', () => {
    const finiteMs = fc.double({ min: 0, max: 1e6, noNaN: true });
    const positive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
    const { latency } = fc.letrec<{ latency: SimpleLatency }>((tie) => ({
      latency: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        finiteMs.map((ms): SimpleLatency => ({ kind: 'fixed', ms })),
        fc.tuple(finiteMs, finiteMs).map(([a, b]): SimpleLatency => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
        finiteMs.map((meanMs): SimpleLatency => ({ kind: 'exponential', meanMs })),
        fc.tuple(positive, positive).map(([xmMs, alpha]): SimpleLatency => ({ kind: 'pareto', xmMs, alpha })),
        fc
          .array(fc.record({ weight: positive, latency: tie('latency') }), { minLength: 1, maxLength: 3 })
          .map((parts): SimpleLatency => ({ kind: 'mixture', parts })),
      ),
    }));
    fc.assert(
      fc.property(latency, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (model, seed) => {
        const random = createRandom(seed);
        for (let i = 0; i < 50; i++) {
          const ms = sampleLatencyMs(model, random);
          if (!(ms >= 0 && ms <= maxLatencySampleMs)) return false;
        }
        return true;
      }),
      fcParams(300),
    );
  });
});

describe('latencyFor', () => {
  it('a simple model applies to every message class', () => {
    const model: SimpleLatency = { kind: 'fixed', ms: 3 };
    for (const cls of messageClasses) expect(latencyFor(model, cls)).toBe(model);
  });

  it('a classed model gives each WARS class its own distribution', () => {
    const model: ClassedLatency = {
      write: { kind: 'fixed', ms: 1 },
      ack: { kind: 'fixed', ms: 2 },
      read: { kind: 'fixed', ms: 3 },
      response: { kind: 'fixed', ms: 4 },
      other: { kind: 'fixed', ms: 5 },
    };
    expect(messageClasses.map((cls) => meanLatencyMs(latencyFor(model, cls)))).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('meanLatencyMs', () => {
  it('a mixture mean is the weight-averaged mean of its parts', () => {
    const model: SimpleLatency = {
      kind: 'mixture',
      parts: [
        { weight: 1, latency: { kind: 'fixed', ms: 10 } },
        { weight: 3, latency: { kind: 'uniform', minMs: 0, maxMs: 4 } },
      ],
    };
    expect(meanLatencyMs(model)).toBeCloseTo(10 / 4 + (3 / 4) * 2, 12);
  });
});

describe('hopLatencyMs', () => {
  const zones: Record<string, string | undefined> = { a: 'A', b: 'A', c: 'B', d: undefined };
  const zoneOf = (id: NodeId): string | undefined => zones[id];
  const base: SimpleLatency = { kind: 'fixed', ms: 5 };
  const inter: SimpleLatency = { kind: 'fixed', ms: 40 };
  const hop = (from?: string, to?: string, interZone: SimpleLatency | null = inter): number =>
    hopLatencyMs(base, interZone ?? undefined, 'write', createRandom(1), zoneOf, from as NodeId | undefined, to as NodeId | undefined);

  it('adds the delay between zones only when both ends have a zone and the zones differ', () => {
    expect(hop('a', 'c')).toBe(45);
    expect(hop('a', 'b')).toBe(5);
    expect(hop('a', 'd')).toBe(5);
    expect(hop('a', undefined)).toBe(5);
    expect(hop('a', 'c', null)).toBe(5);
  });

  it('draws the class delay first and the delay between zones second, from one random sequence', () => {
    const random = createRandom(9);
    const spread: SimpleLatency = { kind: 'uniform', minMs: 0, maxMs: 100 };
    const got = hopLatencyMs(spread, spread, 'read', random, zoneOf, 'a' as NodeId, 'c' as NodeId);
    const again = createRandom(9);
    expect(got).toBe(sampleLatencyMs(spread, again) + sampleLatencyMs(spread, again));
  });

  it('does not look zones up when there is no delay between zones to add', () => {
    let lookups = 0;
    hopLatencyMs(base, undefined, 'write', createRandom(1), (id) => (lookups++, zoneOf(id)), 'a' as NodeId, 'c' as NodeId);
    expect(lookups).toBe(0);
  });
});
