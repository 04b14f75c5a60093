/**
 * Goal: nodes join, leave and move between zones under load without losing or hiding data. In strict-quorum mode,
 * with joins and leaves at random moments of a workload, no acknowledged write is lost and no
 * read is stale; after the ring settles, the new owners hold the keys they gained and a node
 * of weight 2 holds about twice the keys. Method: fast-check builds workload scenarios with
 * ring changes; the simulator runs them; FC_SEED=<seed> npm run test:unit replays a failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../fcSeed';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

type Json = Record<string, unknown>;

function run(json: Json) {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`generated scenario is invalid: ${JSON.stringify(parsed.errors)}`);
  return runScenario(parsed.scenario, { traceLimit: 200_000 });
}

describe('elasticity (strict quorum)', () => {
  it('joins, leaves and zone moves under load lose no acknowledged write and serve no stale read', () => {
    const changeArb = fc.record({ at: fc.integer({ min: 200, max: 6000 }), kind: fc.constantFrom('join', 'leave', 'zone'), zone: fc.constantFrom('east', 'west', undefined) });
    fc.assert(
      fc.property(fc.array(changeArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 }), (changes, w, seed) => {
        const steps: Json[] = ['w1', 'w2', 'w3'].map((client) => ({ at: 0, do: 'workload', client, durationMs: 7000, ratePerSec: 30, keys: 40, readFraction: 0.5 }));
        let joined = 0;
        const live = ['a', 'b', 'c', 'd'];
        for (const c of [...changes].sort((x, y) => x.at - y.at)) {
          if (c.kind === 'join') {
            const id = `j${++joined}`;
            live.push(id);
            steps.push({ at: c.at, do: 'join', node: { id } });
          } else if (c.kind === 'zone') {
            steps.push({ at: c.at, do: 'zone', node: live[(seed + c.at) % live.length], ...(c.zone !== undefined ? { zone: c.zone } : {}) });
          } else if (live.length > 3) {
            const id = live.splice(seed % live.length, 1)[0];
            steps.push({ at: c.at, do: 'leave', node: id });
          }
        }
        const json = { version: 1, seed, until: 20_000, cluster: { nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id })), n: 3, w, r: 4 - w }, network: { latency: { kind: 'uniform', minMs: 1, maxMs: 10 } }, steps };
        const { report } = run(json);
        const problems = [...report.check.staleReads, ...report.check.lostWrites];
        if (problems.length > 0) throw new Error(`${problems.slice(0, 3).map((p) => p.detail).join('\n')}\nscenario: ${JSON.stringify(json)}`);
        expect(report.history.filter((h) => h.ok).length).toBeGreaterThan(100);
      }),
      fcParams(Number(process.env.FC_RUNS ?? 25)),
    );
  }, 120_000);

  it('a joining node ends up holding the keys it gained, streamed from the old owners', () => {
    const { report, cluster, trace } = run({
      version: 1,
      until: 15_000,
      cluster: { nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id })), antiEntropyIntervalMs: 1_000_000 },
      network: { latency: { kind: 'fixed', ms: 2 } },
      steps: [
        ...Array.from({ length: 200 }, (_, i) => ({ at: i, do: 'put', client: `c${i % 10}`, key: `key-${i}`, value: i })),
        { at: 3000, do: 'join', node: { id: 'e', weight: 2 } },
      ],
    });
    expect(report.check.lostWrites).toEqual([]);
    const gained = Array.from({ length: 200 }, (_, i) => `key-${i}`).filter((k) => cluster.replicasFor(k).includes('e' as never));
    const held = new Set(cluster.replicaState().filter((r) => r.node === 'e').map((r) => r.key));
    expect(gained.length).toBeGreaterThan(50);
    expect(gained.every((k) => held.has(k))).toBe(true);
    expect(trace.some((e) => e.type === 'ringSettled' && e.node === 'e')).toBe(true);
  });

  it('moving nodes into zones spreads every key\'s replicas across the zones, and the replicas hold the keys', () => {
    const zones: Record<string, string> = { a: 'east', b: 'east', c: 'west', d: 'west', e: 'south' };
    const { report, cluster, trace } = run({
      version: 1,
      until: 20_000,
      cluster: { nodes: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })), antiEntropyIntervalMs: 1_000_000 },
      network: { latency: { kind: 'fixed', ms: 2 } },
      steps: [
        ...Array.from({ length: 200 }, (_, i) => ({ at: i, do: 'put', client: `c${i % 10}`, key: `key-${i}`, value: i })),
        ...Object.entries(zones).map(([node, zone], i) => ({ at: 3000 + i, do: 'zone', node, zone })),
      ],
    });
    expect(report.check.lostWrites).toEqual([]);
    // Five changes, one after another: each ends with every node settled on its ring.
    expect(trace.filter((e) => e.type === 'ringChange' && e.node === 'a').length).toBe(5);
    const held = new Set(cluster.replicaState().map((r) => `${r.node}/${r.key}`));
    for (let i = 0; i < 200; i++) {
      const key = `key-${i}`;
      const owners = cluster.replicasFor(key);
      expect(new Set(owners.map((o) => zones[o])).size).toBe(3);
      for (const o of owners) expect(held.has(`${o}/${key}`)).toBe(true);
    }
  });
});
