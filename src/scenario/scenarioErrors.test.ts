// Goal: every kind of bad scenario is answered with the path of the field at fault and a
// message in plain words, and nothing else. Method: parse one small broken document per case
// and compare the whole error list exactly, so a vague or extra error fails the test.
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioJson } from './parseScenario';
import type { ScenarioError } from './scenarioError';
import { formatScenarioErrors, maxReportedErrors } from './scenarioError';

const nodes = [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }];

/** A valid three-node scenario with `patch` spread over its top level. */
function scenario(patch: Record<string, unknown>): Record<string, unknown> {
  return { version: 1, cluster: { nodes }, steps: [], ...patch };
}

function errorsOf(input: unknown): ScenarioError[] {
  const result = parseScenario(input);
  if (result.ok) throw new Error('expected the scenario to be refused');
  return result.errors;
}

const allKinds = 'put, get, delete, kill, restart, wipe, cut, heal, partition, healAll, join, leave, zone, set, network, workload';

describe('shape errors', () => {
  const cases: { name: string; input: unknown; errors: ScenarioError[] }[] = [
    {
      name: 'an unknown field at the top level is named at its own path',
      input: scenario({ colour: 'red' }),
      errors: [{ path: 'colour', message: "unknown field 'colour'" }],
    },
    {
      name: 'an unknown field deep inside a step is named at its own path',
      input: scenario({ steps: [{ at: 0, do: 'healAll' }, { at: 0, do: 'put', key: 'k', value: 1, colour: 2 }] }),
      errors: [{ path: 'steps[1].colour', message: "unknown field 'colour'" }],
    },
    {
      name: 'a version other than 1 is unsupported',
      input: scenario({ version: 2 }),
      errors: [{ path: 'version', message: 'unsupported version 2: this format is version 1' }],
    },
    {
      name: 'a missing version is reported as missing',
      input: { cluster: { nodes }, steps: [] },
      errors: [{ path: 'version', message: 'missing: expected 1' }],
    },
    {
      name: 'a negative at is refused with the value given',
      input: scenario({ steps: [{ at: -5, do: 'healAll' }] }),
      errors: [{ path: 'steps[0].at', message: 'must be at least 0, got -5' }],
    },
    {
      name: 'an unknown step kind lists every kind there is',
      input: scenario({ steps: [{ at: 0, do: 'explode' }] }),
      errors: [{ path: 'steps[0].do', message: `expected one of ${allKinds}, got 'explode'` }],
    },
    {
      name: 'a step without do says do is missing',
      input: scenario({ steps: [{ at: 0 }] }),
      errors: [{ path: 'steps[0].do', message: `missing 'do': expected one of ${allKinds}` }],
    },
    {
      name: 'a node id that breaks the naming rule says what the rule is',
      input: scenario({ cluster: { nodes: [{ id: '1x' }] } }),
      errors: [{ path: 'cluster.nodes[0].id', message: "'1x' is not a valid node id: it must start with a letter and have 1 to 32 letters, digits, '_' or '-'" }],
    },
    {
      name: 'a node id every JavaScript object already has is refused (clocks are keyed by node id)',
      input: scenario({ cluster: { nodes: [{ id: 'n1' }, { id: 'constructor' }] } }),
      errors: [{ path: 'cluster.nodes[1].id', message: "'constructor' is not a valid node id: every JavaScript object already has a property of that name" }],
    },
    {
      name: 'a fractional N asks for a whole number',
      input: scenario({ cluster: { nodes, n: 2.5 } }),
      errors: [{ path: 'cluster.n', message: 'expected a whole number, got 2.5' }],
    },
    {
      name: 'a per-request W of 0 is a shape error',
      input: scenario({ steps: [{ at: 0, do: 'put', key: 'k', value: 1, w: 0 }] }),
      errors: [{ path: 'steps[0].w', message: 'must be at least 1, got 0' }],
    },
    {
      name: 'a put without a value says a JSON value is missing',
      input: scenario({ steps: [{ at: 0, do: 'put', key: 'k' }] }),
      errors: [{ path: 'steps[0].value', message: 'missing: expected a JSON value' }],
    },
    {
      name: 'a set step that changes nothing is refused',
      input: scenario({ steps: [{ at: 0, do: 'set' }] }),
      errors: [{ path: 'steps[0]', message: 'a set step changes nothing: name at least one of n, w, r, sloppyQuorum, readRepair, conflicts, clockSkewMs' }],
    },
    {
      name: 'an unknown latency kind lists the kinds there are',
      input: scenario({ network: { latency: { kind: 'gauss' } } }),
      errors: [{ path: 'network.latency.kind', message: "expected one of fixed, uniform, exponential, pareto, mixture, got 'gauss'" }],
    },
    {
      name: 'an empty latency object is read as a latency missing its kind',
      input: scenario({ network: { latency: {} } }),
      errors: [{ path: 'network.latency.kind', message: "missing 'kind': expected one of fixed, uniform, exponential, pareto, mixture" }],
    },
    {
      name: 'a uniform latency with min above max points at maxMs',
      input: scenario({ network: { latency: { kind: 'uniform', minMs: 9, maxMs: 2 } } }),
      errors: [{ path: 'network.latency.maxMs', message: 'maxMs (2) is less than minMs (9)' }],
    },
    {
      name: 'a per-class latency missing classes names each missing class',
      input: scenario({ network: { latency: { write: { kind: 'fixed', ms: 1 }, ack: { kind: 'fixed', ms: 1 }, read: { kind: 'fixed', ms: 1 } } } }),
      errors: [
        { path: 'network.latency.response', message: 'missing: expected an object' },
        { path: 'network.latency.other', message: 'missing: expected an object' },
      ],
    },
    {
      name: 'a mixture with a zero weight and a zero-scale pareto reports both',
      input: scenario({ network: { latency: { kind: 'mixture', parts: [{ weight: 0, latency: { kind: 'pareto', xmMs: 0, alpha: 1 } }] } } }),
      errors: [
        { path: 'network.latency.parts[0].weight', message: 'must be more than 0, got 0' },
        { path: 'network.latency.parts[0].latency.xmMs', message: 'must be more than 0, got 0' },
      ],
    },
    {
      name: 'a loss probability above 1 is refused',
      input: scenario({ network: { loss: 1.5 } }),
      errors: [{ path: 'network.loss', message: 'must be at most 1, got 1.5' }],
    },
    {
      name: 'a document that is not an object says so at the root',
      input: 42,
      errors: [{ path: '', message: 'expected an object, got 42' }],
    },
    {
      name: 'a clock-skew key that is not a node id is quoted in the path',
      input: scenario({ cluster: { nodes, clockSkewMs: { 'a b': 1 } } }),
      errors: [{ path: 'cluster.clockSkewMs["a b"]', message: "'a b' is not a valid node id: it must start with a letter and have 1 to 32 letters, digits, '_' or '-'" }],
    },
  ];
  for (const { name, input, errors } of cases) {
    it(name, () => expect(errorsOf(input)).toEqual(errors));
  }

  it('bad JSON text is one error at the root path', () => {
    expect(parseScenarioJson('{"version": 1,')).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/^not valid JSON: \S/) as unknown }],
    });
  });
});

describe('rule errors', () => {
  const cases: { name: string; input: unknown; errors: ScenarioError[] }[] = [
    {
      name: 'a via naming no node is an unknown node',
      input: scenario({ steps: [{ at: 0, do: 'get', key: 'k', via: 'n9' }] }),
      errors: [{ path: 'steps[0].via', message: "unknown node 'n9'" }],
    },
    {
      name: 'a set raising W above N is refused at the w it set',
      input: scenario({ steps: [{ at: 0, do: 'set', w: 4 }] }),
      errors: [{ path: 'steps[0].w', message: 'W=4 is more than N=3' }],
    },
    {
      name: 'a set lowering N below the W in force is refused at the n it set',
      input: scenario({ cluster: { nodes, w: 3 }, steps: [{ at: 0, do: 'set', n: 2 }] }),
      errors: [{ path: 'steps[0].n', message: 'W=3 is more than N=2' }],
    },
    {
      name: 'an initial R above N is refused',
      input: scenario({ cluster: { nodes, n: 2, r: 3 } }),
      errors: [{ path: 'cluster.r', message: 'R=3 is more than N=2' }],
    },
    {
      name: 'an N above the number of nodes is refused',
      input: scenario({ cluster: { nodes: [{ id: 'a' }] } }),
      errors: [{ path: 'cluster.n', message: 'N=3 is more than the 1 node in the cluster' }],
    },
    {
      name: 'a duplicate node id names the first one too',
      input: scenario({ cluster: { nodes: [...nodes, { id: 'n1' }] } }),
      errors: [{ path: 'cluster.nodes[3].id', message: "duplicate node id 'n1' (also cluster.nodes[0])" }],
    },
    {
      name: 'a join reusing a current id is refused',
      input: scenario({ steps: [{ at: 0, do: 'join', node: { id: 'n2' } }] }),
      errors: [{ path: 'steps[0].node.id', message: "node 'n2' is already in the cluster" }],
    },
    {
      name: 'a leave that leaves fewer nodes than N is refused',
      input: scenario({ steps: [{ at: 0, do: 'leave', node: 'n1' }] }),
      errors: [{ path: 'steps[0].node', message: "N=3 is more than the 2 nodes left after 'n1' leaves" }],
    },
    {
      name: 'a node named after it left says when it left',
      input: scenario({ cluster: { nodes: [...nodes, { id: 'n4' }] }, steps: [{ at: 9, do: 'kill', node: 'n4' }, { at: 5, do: 'leave', node: 'n4' }] }),
      errors: [{ path: 'steps[0].node', message: "node 'n4' left the cluster at 5 ms" }],
    },
    {
      name: 'a node named before it joins says when it joins',
      input: scenario({ steps: [{ at: 10, do: 'join', node: { id: 'n4' } }, { at: 5, do: 'kill', node: 'n4' }] }),
      errors: [{ path: 'steps[1].node', message: "node 'n4' has not joined yet (it joins at 10 ms)" }],
    },
    {
      name: 'a step at the same time as a join sees the node only if it comes later in the array',
      input: scenario({ steps: [{ at: 5, do: 'kill', node: 'n4' }, { at: 5, do: 'join', node: { id: 'n4' } }, { at: 5, do: 'kill', node: 'n4' }] }),
      errors: [{ path: 'steps[0].node', message: "node 'n4' has not joined yet (it joins at 5 ms)" }],
    },
    {
      name: 'overlapping partition groups are refused at the repeated member',
      input: scenario({ steps: [{ at: 0, do: 'partition', groups: [['n1', 'n2'], ['n2', 'n3']] }] }),
      errors: [{ path: 'steps[0].groups[1][0]', message: "node 'n2' is in more than one group (also groups[0])" }],
    },
    {
      name: 'a per-request W above the N in force is refused',
      input: scenario({ steps: [{ at: 0, do: 'set', n: 2, w: 1, r: 1 }, { at: 1, do: 'delete', key: 'k', w: 3 }] }),
      errors: [{ path: 'steps[1].w', message: 'W=3 is more than N=2' }],
    },
    {
      name: 'a link from a node to itself is refused',
      input: scenario({ steps: [{ at: 0, do: 'cut', from: 'n1', to: 'n1' }] }),
      errors: [{ path: 'steps[0].to', message: "a link joins two different nodes, but from and to are both 'n1'" }],
    },
    {
      name: 'a clock skew for an unknown node is refused',
      input: scenario({ cluster: { nodes, clockSkewMs: { n9: 100 } } }),
      errors: [{ path: 'cluster.clockSkewMs.n9', message: "unknown node 'n9'" }],
    },
    {
      name: 'a workload that would send more than a million requests is refused',
      input: scenario({ steps: [{ at: 0, do: 'workload', durationMs: 100_000, ratePerSec: 20_000, keys: 10 }] }),
      errors: [{ path: 'steps[0].ratePerSec', message: 'this workload would send about 2000000 requests; one workload may send at most 1000000' }],
    },
  ];
  for (const { name, input, errors } of cases) {
    it(name, () => expect(errorsOf(input)).toEqual(errors));
  }

  it('oversized keys and values are not refused here: the node answers them with invalid', () => {
    const input = scenario({ steps: [{ at: 0, do: 'put', key: 'k'.repeat(100_000), value: 'v'.repeat(100_000) }] });
    expect(parseScenario(input).ok).toBe(true);
  });
});

describe('reporting', () => {
  it('reports at most 50 errors and counts the rest', () => {
    const steps = Array.from({ length: 60 }, () => ({ at: 0, do: 'kill', node: 'n9' }));
    const errors = errorsOf(scenario({ steps }));
    expect(errors).toHaveLength(maxReportedErrors + 1);
    expect(errors.at(-1)).toEqual({ path: '', message: 'and 10 more errors' });
  });

  it('formats one line per error as path: message', () => {
    const text = formatScenarioErrors([
      { path: '', message: 'not valid JSON: oops' },
      { path: 'steps[4].via', message: "unknown node 'n9'" },
    ]);
    expect(text).toBe("not valid JSON: oops\nsteps[4].via: unknown node 'n9'");
  });
});
