// What the page's user may ask of membership and the autoscaler, checked by the scenario schemas
// (src/scenario/clusterSchema.ts, the single source of these rules). The schemas load on first use:
// zod's code and the schemas' construction were about a tenth of a first visit's main-thread time,
// and nothing before the first join or settings change needs them.
import type { AutoscaleConfig } from '../core/autoscaler';
import type { JoinSpec } from './clusterMembership';

function clusterSchema(): Promise<typeof import('../scenario/clusterSchema')> {
  return import('../scenario/clusterSchema');
}

/** Why `spec` is not a node the cluster could take (its id, zone or weight), or null. */
export async function nodeSpecProblem(spec: JoinSpec): Promise<string | null> {
  const { nodeSpecSchema } = await clusterSchema();
  const parsed = nodeSpecSchema.safeParse(spec);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.path[0] === 'weight') return `weight must be a whole number from 1 to 16${Number.isFinite(spec.weight) ? `, not ${String(spec.weight)}` : ''}`;
  return issue?.message ?? 'that is not a valid node';
}

/** Why `zone` is not a zone's name, or null; undefined (no zone) is fine. */
export async function zoneProblem(zone: string | undefined): Promise<string | null> {
  if (zone === undefined) return null;
  const { zoneNameSchema } = await clusterSchema();
  return zoneNameSchema.safeParse(zone).success ? null : `a zone's name has 1 to 32 characters, not ${zone.length}`;
}

export type CheckedAutoscale = { readonly ok: true; readonly config: AutoscaleConfig } | { readonly ok: false; readonly message: string };

/** The autoscaler's settings, checked and normalised, or why they are refused. */
export async function checkedAutoscale(config: AutoscaleConfig): Promise<CheckedAutoscale> {
  const { autoscaleSchema } = await clusterSchema();
  const parsed = autoscaleSchema.safeParse(config);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue === undefined ? 'those autoscaling settings are not valid' : `${issue.path.join('.')}: ${issue.message}` };
}
