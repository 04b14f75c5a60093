// Goal: a parsed scenario is plain JSON that parses back to itself (so a share URL or a saved
// file loses nothing), and no input whatsoever makes parseScenario throw. Method: fast-check
// generates valid scenarios by construction (every id known, W and R within N) and arbitrary
// or mutated JSON; FC_SEED / FC_PATH replay a failure (tests/fcSeed.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../../tests/fcSeed';
import type { SimpleLatency } from '../core/network/latency';
import { parseScenario, parseScenarioJson } from './parseScenario';
import type { ScenarioInput } from './scenarioSchema';

type StepInput = ScenarioInput['steps'][number];
type JsonInput = Extract<StepInput, { do: 'put' }>['value'];

// fast-check's JsonValue and zod's JSON type describe the same values but are declared apart.
// As JSON carries it: fast-check's jsonValue can hold -0, which JSON writes as 0 (CI seed 1241672565).
const jsonValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonInput);

const atMs = fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x + 0);
const delayMs = fc.double({ min: 0, max: 1e4, noNaN: true }).map((x) => x + 0);
const positive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });

const { latency } = fc.letrec<{ latency: SimpleLatency }>((tie) => ({
  latency: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    delayMs.map((ms): SimpleLatency => ({ kind: 'fixed', ms })),
    fc.tuple(delayMs, delayMs).map(([a, b]): SimpleLatency => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
    delayMs.map((meanMs): SimpleLatency => ({ kind: 'exponential', meanMs })),
    fc.tuple(positive, positive).map(([xmMs, alpha]): SimpleLatency => ({ kind: 'pareto', xmMs, alpha })),
    fc
      .array(fc.record({ weight: positive, latency: tie('latency') }), { minLength: 1, maxLength: 3 })
      .map((parts): SimpleLatency => ({ kind: 'mixture', parts })),
  ),
}));

const latencyModel = fc.oneof(latency, fc.record({ write: latency, ack: latency, read: latency, response: latency, other: latency }));

/** A valid scenario: ids drawn from the initial nodes, N within the node count, W and R within N. */
const validScenario: fc.Arbitrary<ScenarioInput> = fc
  .record({
    ids: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{0,6}$/).map((s) => `n${s}`), { minLength: 1, maxLength: 6 }),
    nFloorShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain(({ ids, nFloorShare }) => {
    const nFloor = 1 + Math.floor(nFloorShare * (ids.length - 1));
    const node = fc.constantFrom(...ids);
    const quorum = fc.integer({ min: nFloor, max: ids.length }).chain((n) => fc.record({ n: fc.constant(n), w: fc.integer({ min: 1, max: n }), r: fc.integer({ min: 1, max: n }) }));
    const skew = fc.dictionary(node, fc.integer({ min: -1000, max: 1000 }), { maxKeys: 3 });
    const override = fc.integer({ min: 1, max: nFloor });
    const client = fc.constantFrom('c1', 'c2', 'alice');
    const request = { at: atMs, client, key: fc.string({ maxLength: 8 }), via: node };
    const step: fc.Arbitrary<StepInput> = fc.oneof(
      fc.record({ ...request, do: fc.constant('put' as const), value: jsonValue, w: override, blind: fc.boolean() }, { requiredKeys: ['at', 'do', 'key', 'value'] }),
      fc.record({ ...request, do: fc.constant('get' as const), r: override }, { requiredKeys: ['at', 'do', 'key'] }),
      fc.record({ ...request, do: fc.constant('delete' as const), w: override }, { requiredKeys: ['at', 'do', 'key'] }),
      fc.record({ at: atMs, do: fc.constantFrom('kill' as const, 'restart' as const, 'wipe' as const), node }),
      // A link needs two distinct nodes: with one node this draws a healAll instead.
      fc
        .record({ at: atMs, do: fc.constantFrom('cut' as const, 'heal' as const), from: fc.nat(), offset: fc.nat(), oneWay: fc.boolean() })
        .map(({ from, offset, ...rest }): StepInput => {
          if (ids.length < 2) return { at: rest.at, do: 'healAll' };
          const to = (from + 1 + (offset % (ids.length - 1))) % ids.length;
          return { ...rest, from: ids[from % ids.length] ?? '', to: ids[to] ?? '' };
        }),
      fc.record({ at: atMs, do: fc.constant('partition' as const), groups: fc.shuffledSubarray(ids, { minLength: 1 }).map((members) => [members]) }),
      fc.record({ at: atMs, do: fc.constant('healAll' as const) }),
      fc.record({ at: atMs, do: fc.constant('zone' as const), node, zone: fc.stringMatching(/^[a-z0-9-]{1,32}$/) }, { requiredKeys: ['at', 'do', 'node'] }),
      fc.record({ at: atMs, do: fc.constant('network' as const), latency: latencyModel, loss: fc.double({ min: 0, max: 1, noNaN: true }), interZoneLatency: latency }, { requiredKeys: ['at', 'do', 'loss'] }),
      fc.record({ at: atMs, do: fc.constant('set' as const), quorum, sloppyQuorum: fc.boolean(), conflicts: fc.constantFrom('vclock' as const, 'lww' as const), clockSkewMs: skew }).map(({ quorum: q, ...rest }) => ({ ...rest, ...q })),
      fc.record(
        { at: atMs, do: fc.constant('workload' as const), client, durationMs: positive, ratePerSec: positive, keys: fc.integer({ min: 1, max: 100 }), readFraction: fc.double({ min: 0, max: 1, noNaN: true }), distribution: fc.constantFrom('uniform' as const, 'zipf' as const), via: node },
        { requiredKeys: ['at', 'do', 'durationMs', 'ratePerSec', 'keys'] },
      ),
    );
    // Initial ids start with 'n', so 'J0' is always new; it leaves no earlier than it joins.
    const joinAndLeave = fc.tuple(atMs, atMs).map(([a, b]): StepInput[] => [
      { at: Math.min(a, b), do: 'join', node: { id: 'J0', weight: 2 } },
      { at: Math.max(a, b), do: 'leave', node: 'J0' },
    ]);
    return fc.record(
      {
        version: fc.constant(1 as const),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        until: atMs,
        cluster: fc.record(
          {
            nodes: fc.constant(ids.map((id, i) => (i % 2 === 0 ? { id } : { id, zone: `z${i % 3}`, weight: 1 + (i % 4) }))),
            quorum,
            sloppyQuorum: fc.boolean(),
            conflicts: fc.constantFrom('vclock' as const, 'lww' as const),
            clockSkewMs: skew,
            diskLatency: latency,
          },
          { requiredKeys: ['nodes', 'quorum'] },
        ).map(({ quorum: q, ...rest }) => ({ ...rest, ...q })),
        network: fc.record({ latency: latencyModel, interZoneLatency: latency, loss: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
        steps: fc.tuple(fc.array(step, { maxLength: 12 }), fc.option(joinAndLeave)).map(([steps, pair]) => [...(pair ?? []), ...steps]),
      },
      { requiredKeys: ['version', 'cluster', 'steps'] },
    );
  });

/** Every path into a JSON-like value, so a mutation can land anywhere in a scenario. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function replaceAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined || typeof value !== 'object' || value === null) return replacement;
  if (Array.isArray(value)) {
    const items: unknown[] = [...(value as unknown[])];
    items[Number(head)] = replaceAt(items[Number(head)], rest, replacement);
    return items;
  }
  const fields = { ...(value as Record<string, unknown>) };
  fields[head] = replaceAt(fields[head], rest, replacement);
  return fields;
}

function expectWellFormed(result: ReturnType<typeof parseScenario>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) expect(typeof e.path === 'string' && typeof e.message === 'string' && e.message !== '').toBe(true);
}

describe('round trip', () => {
  it('any generated valid scenario parses, and its JSON parses back to the same scenario', () => {
    fc.assert(
      fc.property(validScenario, (input) => {
        const first = parseScenario(input);
        if (!first.ok) throw new Error(JSON.stringify(first.errors));
        const text = JSON.stringify(first.scenario);
        expect(JSON.parse(text)).toStrictEqual(first.scenario);
        expect(parseScenarioJson(text)).toStrictEqual(first);
      }),
      fcParams(300),
    );
  });
});

describe('robustness', () => {
  it('arbitrary JSON never makes parseScenario throw', () => {
    fc.assert(fc.property(fc.jsonValue(), (input) => expectWellFormed(parseScenario(input))), fcParams(500));
  });

  it('any value at all, JSON or not, never makes parseScenario throw', () => {
    fc.assert(fc.property(fc.anything(), (input) => expectWellFormed(parseScenario(input))), fcParams(300));
  });

  it('a valid scenario with any one part replaced by arbitrary JSON never makes parseScenario throw', () => {
    const mutated = fc
      .tuple(validScenario, fc.nat(), jsonValue)
      .map(([input, pick, replacement]) => {
        const paths = pathsOf(input);
        return replaceAt(input, paths[pick % paths.length] ?? [], replacement);
      });
    fc.assert(fc.property(mutated, (input) => expectWellFormed(parseScenario(input))), fcParams(500));
  });

  it('arbitrary text never makes parseScenarioJson throw', () => {
    fc.assert(fc.property(fc.string(), (text) => expectWellFormed(parseScenarioJson(text))), fcParams(300));
  });
});
