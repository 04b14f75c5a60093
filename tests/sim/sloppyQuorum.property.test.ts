/**
 * Goal: the AP side of the chapter, over random scenarios. Availability: with sloppy quorum,
 * hinted handoff and vector clocks, every write is acknowledged as long as W nodes stay
 * reachable from its coordinator, whatever else is killed, restarted or cut. Convergence: once
 * the faults stop and gossip, handoff and anti-entropy have had time, every replica of every
 * key holds the same versions and no acknowledged write is lost. Method: fast-check builds
 * scenario JSON; the simulator runs it; FC_SEED=<seed> npm run test:unit replays a failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../fcSeed';
import { nodeId } from '../../src/core/ids';
import { sameSiblings } from '../../src/core/versions/siblings';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

const allIds = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const keys = ['k1', 'k2', 'k3', 'k4'];
type Json = Record<string, unknown>;

interface Shape {
  readonly nodeCount: number;
  readonly w: number;
  readonly ops: { at: number; op: 'put' | 'get' | 'delete'; key: string; via: number; blind: boolean }[];
  readonly faults: { at: number; step: Json }[];
}

/** Faults touch only nodes outside the first W (the core), which clients talk to. */
const shapeArb: fc.Arbitrary<Shape> = fc
  .record({ nodeCount: fc.integer({ min: 4, max: 6 }), w: fc.integer({ min: 1, max: 3 }) })
  .chain(({ nodeCount, w }) => {
    const core = allIds.slice(0, w);
    const others = allIds.slice(w, nodeCount);
    const present = allIds.slice(0, nodeCount);
    return fc.record({
      nodeCount: fc.constant(nodeCount),
      w: fc.constant(w),
      ops: fc.array(
        fc.record({ at: fc.integer({ min: 0, max: 5000 }), op: fc.constantFrom('put' as const, 'put' as const, 'get' as const, 'delete' as const), key: fc.constantFrom(...keys), via: fc.nat({ max: core.length - 1 }), blind: fc.boolean() }),
        { minLength: 5, maxLength: 40 },
      ),
      faults: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 5000 }),
          step: fc.oneof(
            fc.record({ do: fc.constant('kill'), node: fc.constantFrom(...others) }),
            fc.record({ do: fc.constant('restart'), node: fc.constantFrom(...others) }),
            fc.record({ do: fc.constant('cut'), from: fc.constantFrom(...others), to: fc.constantFrom(...present), oneWay: fc.boolean() }).filter((s) => s.from !== s.to),
            fc.shuffledSubarray(others, { minLength: 1 }).map((g) => ({ do: 'partition', groups: [g, present.filter((x) => !g.includes(x))] })),
          ),
        }),
        { maxLength: 15 },
      ),
    });
  });

function scenarioOf(shape: Shape, until: number, loss: number): Json {
  const ids = allIds.slice(0, shape.nodeCount);
  let value = 0;
  const steps: Json[] = shape.ops.map((o, i) => ({
    at: o.at,
    do: o.op,
    client: `c${i % 3}`,
    key: o.key,
    via: allIds[o.via],
    ...(o.op === 'put' ? { value: `v${++value}` } : {}),
    ...(o.op === 'get' ? {} : { blind: o.blind }),
  }));
  for (const f of shape.faults) steps.push({ ...f.step, at: f.at });
  steps.push({ at: 6000, do: 'healAll' });
  for (const id of ids) steps.push({ at: 6000, do: 'restart', node: id });
  return {
    version: 1,
    seed: 1,
    until,
    cluster: { nodes: ids.map((id) => ({ id })), n: 3, w: shape.w, r: 1, sloppyQuorum: true, requestTimeoutMs: 2000, antiEntropyIntervalMs: 2000 },
    network: { latency: { kind: 'uniform', minMs: 1, maxMs: 20 }, loss },
    steps,
  };
}

function run(json: Json) {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`generated scenario is invalid: ${JSON.stringify(parsed.errors)}`);
  return runScenario(parsed.scenario);
}

describe('sloppy quorum (vclock, hinted handoff)', () => {
  it('every write is acknowledged while W nodes stay reachable from its coordinator', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const json = scenarioOf(shape, 9000, 0);
        const { report } = run(json);
        const failed = report.history.filter((h) => h.op !== 'get' && !h.ok);
        if (failed.length > 0) throw new Error(`${failed.map((h) => `op ${h.id} ${h.op} ${h.key}: ${h.error}`).join('\n')}\nscenario: ${JSON.stringify(json)}`);
      }),
      fcParams(60),
    );
  }, 120_000);

  it('after the faults stop, every replica of every key converges and no acknowledged write is lost', () => {
    fc.assert(
      fc.property(shapeArb, fc.constantFrom(0, 0.05), (shape, loss) => {
        const json = scenarioOf(shape, 60_000, loss);
        const { report, cluster } = run(json);
        if (report.check.lostWrites.length > 0) throw new Error(`${report.check.lostWrites.map((f) => f.detail).join('\n')}\nscenario: ${JSON.stringify(json)}`);
        const state = cluster.replicaState();
        for (const key of keys) {
          const copies = cluster.replicasFor(key).map((node) => state.find((r) => r.node === node && r.key === key)?.versions ?? []);
          const first = copies[0] ?? [];
          for (const c of copies) expect(sameSiblings(c, first), `replicas of ${key} differ\nscenario: ${JSON.stringify(json)}`).toBe(true);
        }
        for (const [id, s] of Object.entries(report.nodes)) expect(s.hints, `${id} still holds hints`).toEqual([]);
        expect(cluster.isAlive(nodeId('n1'))).toBe(true);
      }),
      fcParams(Number(process.env.FC_RUNS ?? 40)),
    );
  }, 120_000);
});
