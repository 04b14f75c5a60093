// Goal: a shared run goes on live on the same ring it ended with. Method: replay the join-and-leave
// preset (a weight-2 node joins, another leaves) with zones added, build the load plan and the
// live configuration saved from it, and compare the live ring's members with the run's end.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../core/ids';
import { buildRing, preferenceList } from '../../core/ring';
import { loadedClusterConfig } from '../../runtime/loadedCluster';
import { ringMembersOf } from '../../runtime/clusterConfig';
import { parseScenario, parseScenarioJson } from '../../scenario/parseScenario';
import type { Scenario } from '../../scenario/scenarioSchema';
import { runScenario } from '../../sim/runScenario';
import { loadPlanOf, settleRingChanges } from './loadPlan';

function zonedJoinAndLeave(): Scenario {
  const file = fileURLToPath(new URL('../../scenario/presets/join-and-leave.json', import.meta.url));
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error('the join-and-leave preset no longer parses');
  const s = parsed.scenario;
  const zoned = s.cluster.nodes.map((n, i) => ({ ...n, zone: i % 2 === 0 ? 'z1' : 'z2' }));
  const steps = s.steps.map((step) => (step.do === 'join' ? { ...step, node: { ...step.node, zone: 'z2' } } : step));
  return { ...s, cluster: { ...s.cluster, nodes: zoned }, network: { ...s.network, interZoneLatency: { kind: 'fixed', ms: 30 } }, steps };
}

describe('loadPlanOf', () => {
  it('carries every member’s zone and weight, and the delay between zones, into the live configuration', () => {
    const scenario = zonedJoinAndLeave();
    const run = runScenario(scenario, { trace: false });
    const config = loadedClusterConfig('shared-test', loadPlanOf(scenario, run));

    expect(config.interZoneLatency).toEqual({ kind: 'fixed', ms: 30 });
    const live = ringMembersOf(config);
    expect(live.map((m) => m.id).sort()).toEqual(['n1', 'n3', 'n4', 'n5']);
    expect(live.find((m) => m.id === 'n5')).toEqual({ id: 'n5', zone: 'z2', weight: 2 });
    expect(live.find((m) => m.id === 'n3')).toEqual({ id: 'n3', zone: 'z1', weight: 1 });

    // The run's own ring at its end: the preset's nodes, plus the join, minus the leave.
    const ended = [...scenario.cluster.nodes.filter((n) => n.id !== 'n2'), { id: nodeId('n5'), zone: 'z2', weight: 2 }];
    const runRing = buildRing(ended, config.vnodes);
    const liveRing = buildRing(live, config.vnodes);
    const n = config.settings.n;
    for (let k = 0; k < 200; k++) expect(preferenceList(liveRing, `k${k}`, n)).toEqual(preferenceList(runRing, `k${k}`, n));
  });

  it('hands on the network in force at the end of the run, after its network steps', () => {
    const base = zonedJoinAndLeave();
    const last = Math.max(...base.steps.map((s) => s.at));
    const scenario: Scenario = {
      ...base,
      steps: [
        ...base.steps,
        { at: last + 1, do: 'network', latency: { kind: 'fixed', ms: 7 }, loss: 0.25 },
        { at: last + 2, do: 'network', interZoneLatency: { kind: 'fixed', ms: 0 } },
      ],
    };
    const plan = loadPlanOf(scenario, runScenario(scenario, { trace: false }));
    expect(plan.latency).toEqual({ kind: 'fixed', ms: 7 });
    expect(plan.lossProbability).toBe(0.25);
    // A fixed 0 ms between zones is none.
    expect(plan.interZoneLatency).toBeUndefined();
    expect(loadedClusterConfig('shared-test', plan).interZoneLatency).toBeUndefined();
  });

  it('a run that ends while a node joins runs on until the join has settled, and the plan holds the joined ring and its data', () => {
    const parsed = parseScenario({
      version: 1,
      until: 3000,
      cluster: { nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id })) },
      network: { latency: { kind: 'fixed', ms: 2 } },
      steps: [...Array.from({ length: 100 }, (_, i) => ({ at: i, do: 'put', client: `c${i % 5}`, key: `key-${i}`, value: i })), { at: 2990, do: 'join', node: { id: 'e' } }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const run = runScenario(parsed.scenario, { trace: false });
    expect(run.cluster.ringChanging()).toBe(true);
    const endMs = settleRingChanges(run, parsed.scenario.until);
    expect(endMs).toBeGreaterThan(3000);
    expect(run.cluster.ringChanging()).toBe(false);
    const plan = loadPlanOf(parsed.scenario, run, endMs);
    expect(plan.endMs).toBe(endMs);
    const e = plan.nodes.find((n) => n.id === 'e');
    const gained = Array.from({ length: 100 }, (_, i) => `key-${i}`).filter((k) => run.cluster.replicasFor(k).includes(nodeId('e')));
    expect(gained.length).toBeGreaterThan(10);
    expect(new Set(e?.entries.map((x) => x.key))).toEqual(new Set(gained));
  });

  it('a run with no ring change under way ends where it ends', () => {
    const scenario = zonedJoinAndLeave();
    const run = runScenario(scenario, { trace: false });
    expect(settleRingChanges(run, scenario.until)).toBe(scenario.until);
  });
});
