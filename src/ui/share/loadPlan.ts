// What a live cluster needs to go on from the end of a replayed run: every member's versions and
// hints as the simulator left them, who was down, the cut links, and the settings and network in
// force at the end (after every `set` and `network` step). Built in the replay worker, next to the run it reads.
import type { AdoptedEntry } from '../../core/node/storeNode';
import { murmur3x86_32 } from '../../core/ring/hash';
import type { LoadPlan } from '../../runtime/loadedCluster';
import type { Scenario } from '../../scenario';
import type { SimRun } from '../../sim/runScenario';
import { nodeSettingsOf } from '../../sim/simConfig';

/**
 * The most simulated time a run goes on past its end for a join, leave or zone move to settle:
 * streams take a few gossip rounds and a tick per batch, seconds for a playground's keys.
 */
export const settleMsMax = 60_000;

/**
 * Runs the simulator on, with no further steps, until the ring change under way at the run's end
 * has settled; the simulated ms it stopped at (the run's end if none was under way). A live
 * cluster cannot take a change half streamed, so it goes on from the settled state instead.
 */
export function settleRingChanges(run: SimRun, untilMs: number): number {
  const sim = run.cluster;
  for (let t = untilMs; sim.ringChanging() && t < untilMs + settleMsMax; ) {
    t += 100;
    sim.runUntil(t);
  }
  return Math.max(untilMs, sim.now);
}

/** The plan from the run's state now (call settleRingChanges first): `endMs` is when that is. */
export function loadPlanOf(scenario: Scenario, run: SimRun, endMs = scenario.until): LoadPlan {
  const sim = run.cluster;
  const config = sim.settings;
  const ends = sim.memberEnds();
  const data = new Map<string, AdoptedEntry[]>();
  for (const r of sim.replicaState()) {
    const list = data.get(r.node) ?? [];
    list.push({ key: r.key, versions: r.versions });
    data.set(r.node, list);
  }
  const members = new Set<string>(ends.map((m) => m.id));
  const network = sim.networkSettings();
  // A fixed 0 ms between zones is how a `network` step says "none".
  const inter = network.interZoneLatency;
  return {
    seed: scenario.seed,
    vnodes: config.vnodes,
    settings: { ...nodeSettingsOf(config, '', ends.length), clockSkewMs: 0 },
    latency: network.latency,
    lossProbability: network.loss,
    interZoneLatency: inter !== undefined && !(inter.kind === 'fixed' && inter.ms === 0) ? inter : undefined,
    endMs,
    nodes: ends.map((m) => ({
      id: m.id,
      zone: m.zone,
      weight: m.weight,
      incarnation: m.incarnation,
      down: !m.alive,
      clockSkewMs: config.clockSkewMs[m.id] ?? 0,
      entries: [...(data.get(m.id) ?? []), ...m.hints],
    })),
    cutLinks: sim.cutLinks().filter((l) => members.has(l.from) && members.has(l.to)),
  };
}

/** The loaded cluster's name: `shared-` and a short hash of the link, so one link reads as one name. */
export function sharedClusterBase(fragment: string): string {
  return `shared-${murmur3x86_32(fragment, 0).toString(36).padStart(7, '0').slice(0, 6)}`;
}
