// Goal: a valid scenario comes back runnable, with every default filled in, `until` computed
// and steps in the order they run; odd input is answered, never thrown. Method: parse small
// hand-written documents and compare the result with the expected value field by field.
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioJson } from './parseScenario';
import type { Scenario, ScenarioInput } from './scenarioSchema';

const threeNodes = { nodes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }] };

function parsed(input: ScenarioInput): Scenario {
  const result = parseScenario(input);
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.scenario;
}

describe('parseScenario', () => {
  it('fills every documented default of a minimal scenario', () => {
    const scenario = parsed({ version: 1, cluster: threeNodes, steps: [] });
    expect(scenario).toEqual({
      version: 1,
      seed: 1,
      until: 5000,
      cluster: {
        nodes: [
          { id: 'n1', weight: 1 },
          { id: 'n2', weight: 1 },
          { id: 'n3', weight: 1 },
        ],
        vnodes: 64,
        n: 3,
        w: 2,
        r: 2,
        sloppyQuorum: false,
        readRepair: true,
        conflicts: 'vclock',
        requestTimeoutMs: 1000,
        maxSiblings: 16,
        clockSkewMs: {},
        gossipIntervalMs: 1000,
        antiEntropyIntervalMs: 10_000,
        diskLatency: { kind: 'fixed', ms: 1 },
        autoscale: {
          enabled: false,
          minNodes: 3,
          maxNodes: 8,
          upOpsPerSecPerNode: 200,
          upKeysPerNode: 1_000_000,
          downOpsPerSecPerNode: 50,
          downKeysPerNode: 1_000_000,
          sustainMs: 5000,
          cooldownMs: 10_000,
          checkIntervalMs: 1000,
        },
      },
      network: { latency: { kind: 'uniform', minMs: 2, maxMs: 8 }, loss: 0 },
      steps: [],
    });
  });

  it('fills the defaults of each step kind', () => {
    const scenario = parsed({
      version: 1,
      cluster: threeNodes,
      steps: [
        { at: 0, do: 'put', key: 'k', value: { a: [1, null] } },
        { at: 1, do: 'cut', from: 'n1', to: 'n2' },
        { at: 2, do: 'join', node: { id: 'n4', zone: 'eu' } },
        { at: 3, do: 'workload', durationMs: 1000, ratePerSec: 10, keys: 5 },
      ],
    });
    expect(scenario.steps).toEqual([
      { at: 0, do: 'put', client: 'c1', key: 'k', value: { a: [1, null] }, blind: false },
      { at: 1, do: 'cut', from: 'n1', to: 'n2', oneWay: false },
      { at: 2, do: 'join', node: { id: 'n4', zone: 'eu', weight: 1 } },
      {
        at: 3,
        do: 'workload',
        client: 'c1',
        durationMs: 1000,
        ratePerSec: 10,
        keys: 5,
        readFraction: 0.5,
        distribution: 'uniform',
        valueBytes: 100,
        keyPrefix: 'k',
      },
    ]);
  });

  it('gives no two scenarios the same default object, so changing one cannot change another', () => {
    const a = parsed({ version: 1, cluster: threeNodes, steps: [] });
    const b = parsed({ version: 1, cluster: threeNodes, steps: [] });
    expect(a.cluster.clockSkewMs).not.toBe(b.cluster.clockSkewMs);
    expect(a.network.latency).not.toBe(b.network.latency);
    expect(a.cluster.diskLatency).not.toBe(b.cluster.diskLatency);
  });

  it('stops 5 seconds after the step that ends last when until is not given', () => {
    const scenario = parsed({
      version: 1,
      cluster: threeNodes,
      steps: [
        { at: 100, do: 'workload', durationMs: 2000, ratePerSec: 1, keys: 1 },
        { at: 1500, do: 'kill', node: 'n1' },
      ],
    });
    expect(scenario.until).toBe(100 + 2000 + 5000);
  });

  it('keeps an explicit until, even one before the last step', () => {
    const scenario = parsed({ version: 1, until: 50, cluster: threeNodes, steps: [{ at: 100, do: 'healAll' }] });
    expect(scenario.until).toBe(50);
  });

  it('orders steps by time, keeping array order among steps with the same at', () => {
    const scenario = parsed({
      version: 1,
      cluster: threeNodes,
      steps: [
        { at: 20, do: 'get', key: 'c' },
        { at: 10, do: 'get', key: 'a' },
        { at: 20, do: 'get', key: 'd' },
        { at: 10, do: 'get', key: 'b' },
      ],
    });
    expect(scenario.steps.map((s) => (s.do === 'get' ? s.key : ''))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('answers a value nested deeper than the stack allows with an error instead of throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const result = parseScenario({ version: 1, cluster: threeNodes, steps: [{ at: 0, do: 'put', key: 'k', value: deep }] });
    expect(result).toEqual({ ok: false, errors: [{ path: '', message: 'the scenario is nested too deeply to read' }] });
  });

  it('answers an object whose getter throws with an error instead of throwing', () => {
    const hostile = {
      version: 1,
      get cluster(): never {
        throw new Error('boom');
      },
      steps: [],
    };
    expect(parseScenario(hostile)).toEqual({ ok: false, errors: [{ path: '', message: 'could not read the scenario: boom' }] });
  });
});

describe('parseScenarioJson', () => {
  it('parses JSON text into the same scenario as the object it encodes', () => {
    const input: ScenarioInput = { version: 1, cluster: threeNodes, steps: [{ at: 1, do: 'kill', node: 'n2' }] };
    expect(parseScenarioJson(JSON.stringify(input))).toEqual(parseScenario(input));
  });

  it('reports text that is not JSON at the root path, saying why', () => {
    const result = parseScenarioJson('{"version": 1,');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.path).toBe('');
    expect(result.errors[0]?.message).toMatch(/^not valid JSON: /);
  });
});
