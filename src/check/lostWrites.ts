// Lost writes: acknowledged puts/deletes that left no trace in the final replica state. Pure.
// Causal in both modes, so last-write-wins losing a write to clock skew is reported.
import type { ConflictMode, FinalState, OpRecord, VersionRecord } from './history';
import type { Finding } from './report';
import { groupBy, writtenVersion } from './history';
import { compareLww, coverageOf, dotKey, latestLww } from './dominance';
import { describeOp, describeValue, describeVersion, describeVersions, findingOps } from './describe';

/**
 * An ok put/delete X is lost when no replica holds X's dot at the end and no final version has
 * X's dot in its context; a delete's tombstone that is gone is lost only if a value it deleted
 * is back (see purgedTombstone). Only causal domination excuses X, in both modes: under lww a write
 * overwritten by one that never saw it (an earlier write with a faster clock, or a concurrent
 * one) is gone, and that loss is what the playground must be able to show (Dynamo §4.4).
 */
export function findLostWrites(history: readonly OpRecord[], final: FinalState, mode: ConflictMode): Finding[] {
  const finalByKey = new Map<string, VersionRecord[]>();
  for (const [key, replicas] of groupBy(final.replicas, (r) => r.key)) {
    finalByKey.set(key, uniqueByDot(replicas.flatMap((r) => r.versions)));
  }
  const findings: Finding[] = [];
  for (const [key, ops] of groupBy(history, (op) => op.key)) {
    const held = finalByKey.get(key) ?? [];
    const coverage = coverageOf(held, 'vclock');
    const writerOf = new Map<string, OpRecord>();
    for (const op of ops) {
      const v = writtenVersion(op);
      if (v !== undefined) writerOf.set(dotKey(v.dot), op);
    }
    // Deletes whose tombstones are gone with nothing they deleted back: each still stands for
    // the writes in its causal past, which left with it.
    const purged = coverageOf(
      ops.flatMap((op) => {
        const v = writtenVersion(op);
        return v !== undefined && !coverage.covers(v) && purgedTombstone(v, held) ? [v] : [];
      }),
      'vclock',
    );
    for (const op of ops) {
      const version = writtenVersion(op);
      if (version === undefined || coverage.covers(version) || purged.covers(version)) continue;
      findings.push(lostWriteFinding(key, op, version, held, writerOf, mode));
    }
  }
  return findings.sort((a, b) => (a.ops[0] ?? 0) - (b.ops[0] ?? 0));
}

function lostWriteFinding(
  key: string,
  op: OpRecord,
  version: VersionRecord,
  held: readonly VersionRecord[],
  writerOf: ReadonlyMap<string, OpRecord>,
  mode: ConflictMode,
): Finding {
  const lost =
    `${describeOp(op)} of ${describeVersion(version, mode)} on ${describeValue(key)} was acknowledged ` +
    `at ${op.completeAt} ms, but no replica holds it and no final version has it in its causal past`;
  const winner = mode === 'lww' ? latestLww(held) : undefined;
  if (winner !== undefined && compareLww(winner, version) > 0) {
    const winnerOp = writerOf.get(dotKey(winner.dot));
    const by = winnerOp === undefined ? '' : ` written by ${describeOp(winnerOp)}`;
    return {
      ops: findingOps(op.id, winnerOp === undefined ? [] : [winnerOp.id]),
      key,
      detail:
        `${lost}: last-write-wins kept ${describeVersion(winner, mode)}${by}, ` +
        `which ${winner.timestampMs > version.timestampMs ? 'has a later timestamp' : 'has the same timestamp and wins the tie (by node, then counter)'} but never saw it (clock skew or concurrency).`,
    };
  }
  const holders = held.flatMap((v) => {
    const w = writerOf.get(dotKey(v.dot));
    return w === undefined ? [] : [w.id];
  });
  const holds = held.length === 0 ? 'no replica holds the key' : `replicas hold ${describeVersions(held, mode)}`;
  return { ops: findingOps(op.id, holders), key, detail: `${lost}; ${holds}.` };
}

/**
 * A tombstone no replica holds any more, with nothing it deleted back in its place: its purge
 * after the grace period (or its loss) left the key deleted, which is what the delete wrote. It
 * is lost only when a version in its causal past is held at the end: the deleted value is back.
 */
function purgedTombstone(version: VersionRecord, held: readonly VersionRecord[]): boolean {
  if (version.deleted !== true) return false;
  // An older tombstone still held brings no value back: the key reads as deleted either way.
  return !held.some((v) => v.deleted !== true && (version.context[v.dot.node] ?? 0) >= v.dot.counter);
}

/** Final versions of one key, each dot once (replicas hold copies of the same versions). */
function uniqueByDot(versions: readonly VersionRecord[]): VersionRecord[] {
  const seen = new Map<string, VersionRecord>();
  for (const v of versions) if (!seen.has(dotKey(v.dot))) seen.set(dotKey(v.dot), v);
  return [...seen.values()];
}
