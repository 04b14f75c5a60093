/**
 * Goal: siblings are bounded, and a put that would pass the bound is refused with `invalid`,
 * never by dropping a sibling. Method: blind puts of one key through one coordinator with
 * `maxSiblings: 2`; then a put that carries the context of a get (a reconcile) is accepted and
 * leaves one version. docs/protocol.md: the coordinator enforces the bound on its own copy.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function run(steps: Record<string, unknown>[]) {
  const parsed = parseScenario({
    version: 1,
    cluster: { nodes: ['n1', 'n2', 'n3'].map((id) => ({ id })), maxSiblings: 2 },
    network: { latency: { kind: 'fixed', ms: 2 } },
    steps,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.scenario, { trace: false }).report;
}

describe('the sibling bound', () => {
  it('blind puts past the bound are refused with invalid, and the siblings already there are all kept', () => {
    const report = run(['a', 'b', 'c', 'd'].map((v, i) => ({ at: i * 100, do: 'put', client: `c${i}`, key: 'k', value: v, via: 'n1', blind: true })));
    expect(report.history.map((h) => (h.ok ? 'ok' : h.error))).toEqual(['ok', 'ok', 'invalid', 'invalid']);
    const copies = report.final.replicas.filter((r) => r.key === 'k');
    expect(copies.length).toBe(3);
    for (const c of copies) expect(c.versions.map((v) => v.value).sort()).toEqual(['a', 'b']);
  });

  it('a reconcile (a put with the context of a get) is accepted at the bound and leaves one version', () => {
    const report = run([
      { at: 0, do: 'put', client: 'c1', key: 'k', value: 'a', via: 'n1', blind: true },
      { at: 100, do: 'put', client: 'c2', key: 'k', value: 'b', via: 'n1', blind: true },
      { at: 200, do: 'get', client: 'c3', key: 'k', via: 'n1' },
      { at: 300, do: 'put', client: 'c3', key: 'k', value: 'a+b', via: 'n1' },
    ]);
    expect(report.history.map((h) => h.ok)).toEqual([true, true, true, true]);
    expect(report.history[2]?.versions.length).toBe(2);
    for (const c of report.final.replicas.filter((r) => r.key === 'k')) expect(c.versions.map((v) => v.value)).toEqual(['a+b']);
  });
});
