// Sibling counts: the widest set of concurrent live versions a client got, or a replica kept.
// Siblings are the price of vclock mode; a growing count means clients are not reconciling.
import type { FinalState, OpRecord, VersionRecord } from './history';
import type { MaxSiblings } from './report';
import { describeOp, describeValue, describeVersions } from './describe';

/**
 * The most non-tombstone versions one ok get returned, compared with the most one replica
 * holds for one key at the end; the larger wins (a get on ties, since clients saw it). Ties
 * within each side keep the earliest get or the first replica listed, so the answer is stable.
 */
export function findMaxSiblings(history: readonly OpRecord[], final: FinalState): MaxSiblings {
  let bestGet: OpRecord | undefined;
  let bestGetCount = 0;
  for (const op of history) {
    if (!op.ok || op.op !== 'get') continue;
    const count = liveCount(op.versions);
    if (count > bestGetCount || (count === bestGetCount && bestGet !== undefined && op.id < bestGet.id)) {
      bestGet = op;
      bestGetCount = count;
    }
  }
  let bestReplica: FinalState['replicas'][number] | undefined;
  let bestReplicaCount = 0;
  for (const replica of final.replicas) {
    const count = liveCount(replica.versions);
    if (count > bestReplicaCount) {
      bestReplica = replica;
      bestReplicaCount = count;
    }
  }
  const getSide =
    bestGet === undefined
      ? 'no get returned a live version'
      : `${describeOp(bestGet)} on ${describeValue(bestGet.key)} returned ${bestGetCount}: ` +
        describeVersions(live(bestGet.versions));
  if (bestReplica !== undefined && bestReplicaCount > bestGetCount) {
    return {
      count: bestReplicaCount,
      ops: [],
      key: bestReplica.key,
      node: bestReplica.node,
      detail:
        `node ${bestReplica.node} holds ${bestReplicaCount} siblings of ${describeValue(bestReplica.key)} ` +
        `at the end (${describeVersions(live(bestReplica.versions))}), more than any get returned (${getSide}).`,
    };
  }
  if (bestGet === undefined) {
    return { count: 0, ops: [], key: '', node: null, detail: `${getSide}, and no replica holds one.` };
  }
  const replicaSide =
    bestReplica === undefined
      ? 'no replica holds a live version'
      : `the most one replica holds is ${bestReplicaCount}, on node ${bestReplica.node}`;
  return {
    count: bestGetCount,
    ops: [bestGet.id],
    key: bestGet.key,
    node: null,
    detail: `${getSide}; ${replicaSide}.`,
  };
}

function live(versions: readonly VersionRecord[]): VersionRecord[] {
  return versions.filter((v) => v.deleted !== true);
}

function liveCount(versions: readonly VersionRecord[]): number {
  let count = 0;
  for (const v of versions) if (v.deleted !== true) count++;
  return count;
}
