// Join, leave, zone moves and autoscaling from the page: each calls the LiveCluster, records the
// step for share URLs when it is accepted, and returns the refusal (duplicate id, weight out of
// range, fewer than N nodes left, a change already under way, a bad threshold) for the form to show.
import type { AutoscaleConfig } from '../../core/autoscaler';
import type { NodeId } from '../../core/ids';
import type { AutoscaleDecisionRecord } from '../../runtime/liveAutoscaler';
import type { JoinSpec } from '../../runtime/clusterMembership';
import { recordAction } from './actionRecorder';
import { answerNow, currentCluster } from './clusterStore';

export async function addNode(spec: JoinSpec): Promise<string | null> {
  const c = currentCluster();
  if (c === null) return 'the cluster is not running';
  const why = await c.membership.join(spec);
  if (why === null) recordAction({ do: 'join', node: joinStepNode(spec) });
  answerNow();
  return why;
}

export function removeNode(id: NodeId): string | null {
  const c = currentCluster();
  if (c === null) return 'the cluster is not running';
  const why = c.membership.leave(id);
  if (why === null) recordAction({ do: 'leave', node: id });
  answerNow();
  return why;
}

/** Moves a node to another zone (undefined: none); resolves to why not, or null. */
export async function moveToZone(id: NodeId, zone: string | undefined): Promise<string | null> {
  const c = currentCluster();
  if (c === null) return 'the cluster is not running';
  const before = c.snapshot().nodes.find((n) => n.id === id)?.zone;
  const why = await c.membership.rezone(id, zone);
  if (why === null && before !== zone) recordAction({ do: 'zone', node: id, ...(zone !== undefined ? { zone } : {}) });
  answerNow();
  return why;
}

/** The `node` of a join step: the id, and zone and weight only when given. */
export function joinStepNode(spec: JoinSpec): { id: string; zone?: string; weight?: number } {
  return { id: spec.id, ...(spec.zone !== undefined && spec.zone !== '' ? { zone: spec.zone } : {}), ...(spec.weight !== undefined ? { weight: spec.weight } : {}) };
}

/** A free id to suggest: S<n> with the smallest n not taken. */
export function suggestNodeId(taken: readonly string[]): string {
  for (let i = 1; ; i++) if (!taken.includes(`S${i}`)) return `S${i}`;
}

/** The autoscaler's settings, or null before the cluster runs. */
export function autoscaleSettings(): AutoscaleConfig | null {
  return currentCluster()?.autoscaler.settings ?? null;
}

export function autoscaleDecisions(): readonly AutoscaleDecisionRecord[] {
  return currentCluster()?.autoscaler.decisions() ?? [];
}

/** Turns autoscaling on or off or changes a threshold; resolves to why not, or null. */
export function configureAutoscale(change: Partial<AutoscaleConfig>): Promise<string | null> {
  const c = currentCluster();
  return c === null ? Promise.resolve('the cluster is not running') : c.autoscaler.configure(change);
}
