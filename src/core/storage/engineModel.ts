/**
 * A reference model of the storage engine for property tests and simulator self-checks: a plain
 * map that merges the same writes, and the checks a correct engine's answers must pass. Pure.
 */
import type { JsonValue } from '../json';
import type { ConflictMode } from '../versions/siblings';
import { contextOf, mergeSiblings, nextCounter, sameSiblings } from '../versions/siblings';
import type { Clock } from '../versions/vectorClock';
import { compareClocks, mergeClocks } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import { causallyDominates, lwwLater, sameDot } from '../versions/version';

/** A write to make: which earlier versions of the key its client had read (indices, wrapped). */
export interface WriteSpec {
  readonly key: string;
  readonly actor: string;
  readonly parents: readonly number[];
  readonly deleted: boolean;
  readonly value: JsonValue;
  readonly timestampMs: number;
}

const dotName = (v: Version): string => `${v.dot.node}:${v.dot.counter}`;

export class EngineModel {
  /** Every version made per key, in order: parents are picked from here, and dots stay fresh. */
  private readonly made = new Map<string, Version[]>();
  /** The merge of the acknowledged writes: what a plain map replica would hold. */
  private readonly acked = new Map<string, readonly Version[]>();
  /** Writes whose outcome is unknown (in flight, or failed indefinitely): they may or may not show. */
  private readonly limbo = new Map<string, Map<string, Version>>();
  /** Writes that failed definitely, by key and dot: they must never be read. */
  private readonly refusedDots = new Set<string>();

  constructor(private readonly mode: ConflictMode) {}

  keys(): string[] {
    return [...this.made.keys()].sort();
  }

  /** A new version of the key with a fresh dot, written from the context of its parents. */
  makeVersion(spec: WriteSpec): Version {
    const made = this.made.get(spec.key) ?? [];
    const parents = made.length === 0 ? [] : spec.parents.map((i) => made[i % made.length]).filter((v) => v !== undefined);
    const context = causallyClosed(contextOf(parents), made);
    const v: Version = {
      value: spec.deleted ? null : spec.value,
      deleted: spec.deleted,
      dot: { node: spec.actor, counter: nextCounter(spec.actor, made, context) },
      context,
      timestampMs: spec.timestampMs,
    };
    made.push(v);
    this.made.set(spec.key, made);
    this.limboOf(spec.key).set(dotName(v), v);
    return v;
  }

  acknowledged(key: string, v: Version): void {
    this.limboOf(key).delete(dotName(v));
    this.acked.set(key, mergeSiblings(this.acked.get(key) ?? [], [v], this.mode));
  }

  /** A definite failure: the write did not happen, so it must never be read. */
  refused(key: string, v: Version): void {
    this.limboOf(key).delete(dotName(v));
    this.refusedDots.add(`${key}\u0000${dotName(v)}`);
  }

  ackedNow(key: string): readonly Version[] {
    return this.acked.get(key) ?? [];
  }

  /**
   * A quiescent read must equal the model: the merge of the acknowledged writes and of those
   * unknown-outcome writes that the answer shows. Returns what is wrong, or undefined.
   */
  checkExact(key: string, result: readonly Version[]): string | undefined {
    const shown = [...this.limboOf(key).values()].filter((l) => result.some((r) => sameDot(r, l)));
    const expected = mergeSiblings(this.ackedNow(key), shown, this.mode);
    if (sameSiblings(expected, result) && result.every((r) => this.isKnown(key, r))) return undefined;
    return `${key}: read ${describe(result)}, model ${describe(expected)}`;
  }

  /**
   * A read that ran alongside other work: every write acknowledged before it was issued is in
   * the answer or dominated by it, and the answer holds only real writes, none dominating another.
   */
  checkConcurrent(key: string, result: readonly Version[], ackedAtIssue: readonly Version[]): string | undefined {
    for (const a of ackedAtIssue) {
      if (!result.some((r) => sameDot(r, a) || this.supersedes(r, a))) return `${key}: lost ${describe([a])}, read ${describe(result)}`;
    }
    for (const r of result) if (!this.isKnown(key, r)) return `${key}: read a version never written ${describe([r])}`;
    if (!sameSiblings(mergeSiblings(result, [], this.mode), result)) return `${key}: read dominated siblings ${describe(result)}`;
    return undefined;
  }

  private supersedes(r: Version, a: Version): boolean {
    return this.mode === 'lww' ? lwwLater(r, a) : causallyDominates(r, a);
  }

  private isKnown(key: string, r: Version): boolean {
    if (this.refusedDots.has(`${key}\u0000${dotName(r)}`)) return false;
    return (this.made.get(key) ?? []).some((m) => sameDot(m, r) && JSON.stringify(m) === JSON.stringify(r));
  }

  private limboOf(key: string): Map<string, Version> {
    let m = this.limbo.get(key);
    if (m === undefined) this.limbo.set(key, (m = new Map<string, Version>()));
    return m;
  }
}

/**
 * Extends a context with the past of every version it covers, as the context of a client that
 * really read those versions would be. Without this, dominance is not transitive (a context
 * {n0:4} covers n0:3 but not the n1:1 that n0:3 had seen), merging becomes order-dependent, and
 * an engine that merges in table order could not be compared with a model that merges in
 * acknowledgement order.
 */
function causallyClosed(context: Clock, made: readonly Version[]): Clock {
  let closed = context;
  for (let round = 0; round <= made.length; round++) {
    const covered = made.filter((m) => (closed[m.dot.node] ?? 0) >= m.dot.counter);
    const next = mergeClocks(closed, contextOf(covered));
    if (compareClocks(next, closed) === 'equal') return closed;
    closed = next;
  }
  return closed;
}

function describe(vs: readonly Version[]): string {
  return `[${vs.map((v) => `${dotName(v)}${v.deleted ? '†' : ''}`).join(' ')}]`;
}
