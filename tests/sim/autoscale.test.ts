/**
 * Goal: with autoscaling on, a workload that ramps up and down makes the cluster grow and then
 * shrink, each decision traced with its reason, and no acknowledged write is lost on the way.
 * Method: one scenario through parseScenario and the simulator; the trace's autoscale events
 * and the checker's report are the evidence.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

const phase = (at: number, durationMs: number, clients: number, ratePerSec: number) =>
  Array.from({ length: clients }, (_, i) => ({ at, do: 'workload', client: `p${at}c${i}`, durationMs, ratePerSec, keys: 200, readFraction: 0.5 }));

describe('autoscaling', () => {
  it('grows under a load ramp and shrinks after it, losing no acknowledged write', () => {
    const parsed = parseScenario({
      version: 1,
      until: 80_000,
      cluster: {
        nodes: ['a', 'b', 'c'].map((id) => ({ id })),
        autoscale: { enabled: true, minNodes: 3, maxNodes: 5, upOpsPerSecPerNode: 60, downOpsPerSecPerNode: 15, sustainMs: 3000, cooldownMs: 5000 },
      },
      network: { latency: { kind: 'uniform', minMs: 2, maxMs: 6 } },
      steps: [...phase(0, 5000, 2, 10), ...phase(5000, 20_000, 10, 40), ...phase(25_000, 40_000, 2, 8)],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { report, trace, cluster } = runScenario(parsed.scenario, { traceLimit: 2_000_000 });
    const decisions = trace.filter((e) => e.type === 'autoscale');
    const adds = decisions.filter((e) => e.type === 'autoscale' && e.action === 'add');
    const removes = decisions.filter((e) => e.type === 'autoscale' && e.action === 'remove');
    expect(adds.length).toBeGreaterThanOrEqual(1);
    expect(removes.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...adds.map((e) => e.at))).toBeLessThan(Math.min(...removes.map((e) => e.at)));
    expect(decisions.every((e) => e.type === 'autoscale' && /ops\/s/.test(e.reason))).toBe(true);
    expect(cluster.members()).toHaveLength(3);
    expect(report.check.lostWrites).toEqual([]);
    expect(report.check.staleReads).toEqual([]);
  }, 120_000);
});
