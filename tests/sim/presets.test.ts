/**
 * Goal: every preset tells the story its README line promises, in the simulator. Method: run
 * each preset file and assert on the client history, the checker and the replica state.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../src/scenario';
import { runScenario } from '../../src/sim';

function run(name: string) {
  const parsed = parseScenarioJson(readFileSync(`src/scenario/presets/${name}.json`, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return runScenario(parsed.scenario, { traceLimit: 1_000_000 });
}

describe('presets', () => {
  it('sloppy quorum: the put succeeds with two replicas down, and the hint goes home', () => {
    const { report, trace } = run('sloppy-quorum-handoff');
    const puts = report.history.filter((h) => h.op === 'put');
    expect(puts.every((h) => h.ok)).toBe(true);
    expect(trace.some((e) => e.type === 'hintStored')).toBe(true);
    expect(trace.some((e) => e.type === 'hintHandedOff')).toBe(true);
    expect(report.history.find((h) => h.op === 'get')?.versions.map((v) => v.value)).toEqual([['book', 'pen']]);
    expect(report.check.lostWrites).toEqual([]);
  });

  it('strict quorum: the same put fails', () => {
    const { report } = run('strict-quorum-refuses');
    const second = report.history.filter((h) => h.op === 'put')[1];
    expect(second?.ok).toBe(false);
    expect(['unavailable', 'timeout']).toContain(second?.error);
  });

  it('partition: both sides write, the read after healing sees siblings, the merged write reconciles them', () => {
    const { report } = run('partition-siblings');
    const [firstRead, lastRead] = report.history.filter((h) => h.op === 'get');
    expect(firstRead?.versions.map((v) => v.value).sort()).toEqual(["alice's edit", "bob's edit"]);
    expect(lastRead?.versions.map((v) => v.value)).toEqual(['merged edit']);
    expect(report.check.lostWrites).toEqual([]);
  });

  it('lww with clock skew: the later write is lost, and the checker says so', () => {
    const { report } = run('lww-clock-skew');
    expect(report.check.lostWrites).toHaveLength(1);
  });

  it('wipe: anti-entropy restores the wiped node', () => {
    const { report, cluster } = run('wipe-and-anti-entropy');
    const held = (node: string) => cluster.replicaState().filter((r) => r.node === node).length;
    const owed = [...new Set(cluster.replicaState().map((r) => r.key))].filter((k) => cluster.replicasFor(k).includes('n3' as never)).length;
    expect(held('n3')).toBe(owed);
    expect(report.nodes.n3?.antiEntropyKeysReceived).toBeGreaterThan(0);
  });

  it('join and leave: keys stream to their new owners and nothing is lost', () => {
    const { report, trace, cluster } = run('join-and-leave');
    expect(trace.filter((e) => e.type === 'ringSettled').length).toBeGreaterThan(0);
    expect(cluster.members()).toEqual(expect.arrayContaining(['n5']));
    expect(cluster.members()).not.toContain('n2');
    expect(report.check.lostWrites).toEqual([]);
    expect(report.check.staleReads).toEqual([]);
  });
});
