/**
 * Goal: last-write-wins loses writes under clock skew, and the checker says so; vector clocks
 * keep the same writes as siblings. Method: the same scenario in both conflict modes, through
 * parseScenario and the simulator: a node whose clock is a second behind coordinates a later
 * blind write of the same key.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function run(conflicts: 'lww' | 'vclock') {
  const parsed = parseScenario({
    version: 1,
    until: 3000,
    cluster: { nodes: [{ id: 'x' }, { id: 'y' }, { id: 'z' }], conflicts, clockSkewMs: { y: -1000 } },
    network: { latency: { kind: 'fixed', ms: 5 } },
    steps: [
      { at: 0, do: 'put', client: 'c1', key: 'cart', value: 'early', via: 'x' },
      { at: 500, do: 'put', client: 'c2', key: 'cart', value: 'later', via: 'y', blind: true },
      { at: 1000, do: 'get', client: 'c3', key: 'cart', via: 'z' },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.scenario).report;
}

describe('clock skew', () => {
  it('in lww mode a later write through a node whose clock is behind loses, and is reported lost', () => {
    const report = run('lww');
    const later = report.history.find((h) => h.value === 'later');
    expect(later?.ok).toBe(true);
    expect(report.history.find((h) => h.op === 'get')?.versions.map((v) => v.value)).toEqual(['early']);
    expect(report.check.lostWrites.map((f) => f.ops[0])).toEqual([later?.id]);
  });

  it('in vclock mode the same writes are kept as siblings, and nothing is lost', () => {
    const report = run('vclock');
    expect(report.history.find((h) => h.op === 'get')?.versions.map((v) => v.value).sort()).toEqual(['early', 'later']);
    expect(report.check.lostWrites).toEqual([]);
    expect(report.check.maxSiblings.count).toBe(2);
  });
});
