/**
 * Which nodes a request goes to: kernels that return plans, not effects. Strict quorum uses
 * only the key's first N replicas; sloppy quorum (Dynamo §4.6) stands a reachable fallback in
 * for each unreachable replica, the write carrying a hint that names the replica it is for.
 */
import type { NodeId } from '../ids';

/** One destination of a request; `hintFor` marks a fallback standing in for that replica. */
export interface Target {
  readonly node: NodeId;
  readonly hintFor?: NodeId;
}

export interface PlanInput {
  readonly replicas: readonly NodeId[];
  readonly fallbacks: readonly NodeId[];
  readonly sloppy: boolean;
  readonly reachable: (p: NodeId) => boolean;
}

export interface Plan {
  readonly targets: Target[];
  /** Reachable fallbacks not used yet, in walk order: who to try when a target stays silent. */
  readonly spares: NodeId[];
  /** Nodes the coordinator believes can answer: the admission check compares it with W or R. */
  readonly reachableCount: number;
}

/** A put's destinations: every replica, or a fallback for each unreachable one when sloppy. */
export function planWrite({ replicas, fallbacks, sloppy, reachable }: PlanInput): Plan {
  if (!sloppy) return strictPlan(replicas, reachable);
  const spares = fallbacks.filter(reachable);
  const targets: Target[] = replicas.map((r) => {
    if (reachable(r)) return { node: r };
    const f = spares.shift();
    return f === undefined ? { node: r } : { node: f, hintFor: r };
  });
  return { targets, spares, reachableCount: targets.filter((t) => reachable(t.node)).length + spares.length };
}

/** A get's destinations: every replica, or with sloppy quorum the first N reachable nodes. */
export function planRead({ replicas, fallbacks, sloppy, reachable }: PlanInput): Plan {
  if (!sloppy) return strictPlan(replicas, reachable);
  const live = [...replicas, ...fallbacks].filter(reachable);
  const chosen = live.slice(0, replicas.length);
  // Too few reachable: ask the unreachable replicas too, in case the view is wrong.
  for (const r of replicas) if (chosen.length < replicas.length && !chosen.includes(r)) chosen.push(r);
  return { targets: chosen.map((node) => ({ node })), spares: live.slice(replicas.length), reachableCount: live.length };
}

/** Strict quorum, read or write: the key's first N, counting (not collecting) the reachable ones. */
function strictPlan(replicas: readonly NodeId[], reachable: (p: NodeId) => boolean): Plan {
  let reachableCount = 0;
  for (const p of replicas) if (reachable(p)) reachableCount++;
  return { targets: replicas.map((node) => ({ node })), spares: [], reachableCount };
}
