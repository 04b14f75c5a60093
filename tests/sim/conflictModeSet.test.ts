/**
 * Goal: a `set` step can change the conflict mode while the cluster runs, and the simulator
 * honours it: after `set conflicts: lww` a partitioned double write leaves one version; after
 * `set conflicts: vclock` (from lww) it leaves two siblings. Method: the same scenario, starting
 * in the other mode and switching with a `set` step before the writes; every node restarts to
 * take the mode up, so the writes wait until the restarts have replayed their logs.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function run(start: 'lww' | 'vclock', switchTo: 'lww' | 'vclock') {
  const parsed = parseScenario({
    version: 1,
    until: 8000,
    cluster: { nodes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }, { id: 'n4' }, { id: 'n5' }], n: 3, w: 1, r: 1, sloppyQuorum: true, conflicts: start },
    network: { latency: { kind: 'fixed', ms: 5 } },
    steps: [
      { at: 0, do: 'set', conflicts: switchTo },
      { at: 200, do: 'partition', groups: [['n1', 'n2'], ['n3', 'n4', 'n5']] },
      { at: 300, do: 'put', client: 'alice', key: 'doc', value: 'alice', via: 'n1' },
      { at: 300, do: 'put', client: 'bob', key: 'doc', value: 'bob', via: 'n4' },
      { at: 3000, do: 'healAll' },
      { at: 7000, do: 'get', client: 'carol', key: 'doc', via: 'n2', r: 3 },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.scenario, { traceLimit: 100_000 });
}

describe('set conflicts', () => {
  it('switching to lww makes a partitioned double write end as one version', () => {
    const { report } = run('vclock', 'lww');
    expect(report.history.filter((h) => h.op === 'put').every((h) => h.ok)).toBe(true);
    expect(report.history.find((h) => h.op === 'get')?.versions).toHaveLength(1);
  });

  it('switching to vclock keeps the same writes as two siblings', () => {
    const { report } = run('lww', 'vclock');
    expect(report.history.find((h) => h.op === 'get')?.versions.map((v) => v.value).sort()).toEqual(['alice', 'bob']);
  });

  it('restarts every live node to take the mode up', () => {
    const { trace } = run('vclock', 'lww');
    const atSwitch = trace.filter((e) => e.at === 0 && (e.type === 'nodeDown' || e.type === 'nodeUp'));
    expect(atSwitch.filter((e) => e.type === 'nodeDown')).toHaveLength(5);
  });
});

describe('the checker after a set step changes the conflict mode', () => {
  it('judges a read by the mode in force when it began: under lww, the winner alone is no stale read', () => {
    const parsed = parseScenario({
      version: 1,
      until: 3000,
      cluster: { nodes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }], conflicts: 'vclock' },
      network: { latency: { kind: 'fixed', ms: 2 } },
      steps: [
        { at: 0, do: 'set', conflicts: 'lww' },
        { at: 500, do: 'put', client: 'c1', key: 'k', value: 'a', via: 'n1', blind: true },
        { at: 500, do: 'put', client: 'c2', key: 'k', value: 'b', via: 'n2', blind: true },
        { at: 700, do: 'get', client: 'c3', key: 'k', via: 'n1', r: 3 },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { report } = runScenario(parsed.scenario);
    const get = report.history.find((h) => h.op === 'get');
    // Last-write-wins kept one of the two concurrent puts; the other is what lww discards.
    expect(get?.versions).toHaveLength(1);
    expect(report.check.staleReads).toEqual([]);
  });
});
