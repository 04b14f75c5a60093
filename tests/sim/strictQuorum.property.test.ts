/**
 * Goal: the protocol's safety claims, over random scenarios. With vector clocks, a strict
 * quorum and W + R > N, no read is stale, no acknowledged write is lost and no definitely
 * failed write shows up, whatever the kills, restarts, cuts, partitions and loss (no wipes),
 * including concurrent blind puts through one coordinator. And the checker can fail: with
 * R = W = 1 stale reads do occur. Method: fast-check generates scenario JSON, parseScenario
 * validates it, the simulator runs it and the checker judges the history. A failure prints
 * fast-check's seed; FC_SEED=<seed> npm run test:unit replays it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../fcSeed';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

const nodeIds = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const keys = ['k1', 'k2', 'k3'];
const clients = ['c1', 'c2', 'c3'];

type Json = Record<string, unknown>;

const faultArb = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.record({ do: fc.constant('kill'), node: fc.constantFrom(...ids) }),
    fc.record({ do: fc.constant('restart'), node: fc.constantFrom(...ids) }),
    fc.record({ do: fc.constant('cut'), from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), oneWay: fc.boolean() }).filter((s) => s.from !== s.to),
    fc.record({ do: fc.constant('heal'), from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), oneWay: fc.boolean() }).filter((s) => s.from !== s.to),
    fc.shuffledSubarray(ids, { minLength: 1, maxLength: ids.length - 1 }).map((g) => ({ do: 'partition', groups: [g] })),
    fc.constant({ do: 'healAll' }),
  );

const opArb = (ids: string[]): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ do: fc.constant('put'), client: fc.constantFrom(...clients), key: fc.constantFrom(...keys), via: fc.option(fc.constantFrom(...ids), { nil: undefined }), blind: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ do: fc.constant('get'), client: fc.constantFrom(...clients), key: fc.constantFrom(...keys), via: fc.option(fc.constantFrom(...ids), { nil: undefined }) }) },
    { weight: 1, arbitrary: fc.record({ do: fc.constant('delete'), client: fc.constantFrom(...clients), key: fc.constantFrom(...keys), via: fc.option(fc.constantFrom(...ids), { nil: undefined }) }) },
    // Concurrent blind puts of one key through one coordinator: the dotted-version-vector case.
    { weight: 1, arbitrary: fc.record({ do: fc.constant('burst'), key: fc.constantFrom(...keys), via: fc.constantFrom(...ids) }) },
  );

interface Shape {
  readonly nodeCount: number;
  readonly w: number;
  readonly rExtra: number;
  readonly latency: Json;
  readonly loss: number;
  readonly events: { at: number; step: Json }[];
  /** Seeds latency draws, loss and `via`-less coordinators. */
  readonly seed: number;
  /**
   * Requests per simulated second from two background clients on the same keys. Without them
   * a scenario held about ten requests: run with W + R = N, only 3 of 150 shapes had a stale
   * read to find; with them, 22 of 63 (so a quorum-overlap bug cannot hide through 150 runs).
   */
  readonly background: number;
}

const shapeArb: fc.Arbitrary<Shape> = fc.integer({ min: 3, max: 6 }).chain((nodeCount) => {
  const ids = nodeIds.slice(0, nodeCount);
  return fc.record({
    nodeCount: fc.constant(nodeCount),
    w: fc.integer({ min: 1, max: 3 }),
    rExtra: fc.integer({ min: 0, max: 2 }),
    latency: fc.oneof(
      fc.record({ kind: fc.constant('uniform'), minMs: fc.constant(1), maxMs: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('exponential'), meanMs: fc.integer({ min: 1, max: 15 }) }),
    ),
    loss: fc.constantFrom(0, 0, 0.02, 0.1),
    seed: fc.integer({ min: 1, max: 2 ** 31 }),
    background: fc.constantFrom(20, 60),
    events: fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 3000 }), step: fc.oneof({ weight: 3, arbitrary: opArb(ids) }, { weight: 1, arbitrary: faultArb(ids) }) }),
      { minLength: 5, maxLength: 60 },
    ),
  });
});

/** Turns a shape into scenario JSON: unique values, bursts expanded, faults healed at the end. */
function scenarioOf(shape: Shape, conflicts: 'vclock' | 'lww', w: number, r: number): Json {
  const ids = nodeIds.slice(0, shape.nodeCount);
  let value = 0;
  const steps: Json[] = [];
  for (const { at, step } of shape.events) {
    if (step.do === 'burst') {
      clients.forEach((client) => steps.push({ at, do: 'put', client: `burst-${client}`, key: step.key, via: step.via, value: `v${++value}`, blind: true }));
    } else if (step.do === 'put') {
      steps.push({ ...step, at, value: `v${++value}` });
    } else steps.push({ ...step, at });
  }
  if (shape.background > 0) {
    for (const client of ['bg1', 'bg2']) steps.push({ at: 0, do: 'workload', client, durationMs: 3000, ratePerSec: shape.background, keys: keys.length + 1, keyPrefix: 'k', readFraction: 0.5 });
  }
  steps.push({ at: 3500, do: 'healAll' });
  for (const id of ids) steps.push({ at: 3500, do: 'restart', node: id });
  return {
    version: 1,
    seed: shape.seed,
    until: 9000,
    cluster: { nodes: ids.map((id) => ({ id })), n: 3, w, r, conflicts, sloppyQuorum: false, requestTimeoutMs: 300 },
    network: { latency: shape.latency, loss: shape.loss },
    steps,
  };
}

function run(json: Json) {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`generated scenario is invalid: ${JSON.stringify(parsed.errors)}`);
  return runScenario(parsed.scenario).report;
}

describe('strict quorum safety (vclock, W + R > N)', () => {
  it('no stale read, no lost acknowledged write, no phantom write, under kills, restarts, cuts and loss', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const w = shape.w;
        const r = Math.min(3, 3 - w + 1 + shape.rExtra);
        const json = scenarioOf(shape, 'vclock', w, r);
        const { check } = run(json);
        const problems = [...check.staleReads, ...check.lostWrites, ...check.phantomWrites];
        if (problems.length > 0) throw new Error(`${problems.map((p) => p.detail).join('\n')}\nscenario: ${JSON.stringify(json)}`);
      }),
      fcParams(150),
    );
  }, 120_000);
});

const fixed1 = { kind: 'fixed', ms: 1 };

describe('the checker can fail', () => {
  it('with R = W = 1 and random latencies, stale reads occur', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const json = {
          version: 1,
          seed,
          until: 12_000,
          cluster: { nodes: nodeIds.slice(0, 5).map((id) => ({ id })), n: 3, w: 1, r: 1 },
          // WARS: replica writes are slow (exponential, mean 100 ms), everything else takes 1 ms.
          network: { latency: { write: { kind: 'exponential', meanMs: 100 }, ack: fixed1, read: fixed1, response: fixed1, other: fixed1 } },
          // Eight clients on two keys, each client one request at a time, any coordinator.
          steps: Array.from({ length: 8 }, (_, i) => ({ at: 0, do: 'workload', client: `w${i}`, durationMs: 10_000, ratePerSec: 15, keys: 2, readFraction: 0.5 })),
        };
        expect(run(json).check.staleReads.length).toBeGreaterThan(0);
      }),
      fcParams(10),
    );
  }, 120_000);
});
