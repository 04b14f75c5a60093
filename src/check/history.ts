// The checker's input: what clients saw (the history) and what each replica held at the end.
// Plain JSON-compatible types, so a recorded run can be saved, shared and checked anywhere.

/** How the store resolves concurrent writes: keep siblings (vector clocks) or last-write-wins. */
export type ConflictMode = 'vclock' | 'lww';

/** A vector clock, actor → counter. Absent actors count as 0. */
export type Clock = Record<string, number>;

/** The event that created a version. Unique per key, so it is the version's identity. */
export interface Dot {
  node: string;
  counter: number;
}

/**
 * One immutable version as a client saw it. The dot plus the context are the dotted version
 * vector (Riak 2.0) the store reasons with; `clock` is the chapter's vector clock for display.
 */
export interface VersionRecord {
  /** JSON value; null for a tombstone. */
  value: unknown;
  /** A delete is a put of a tombstone. */
  deleted?: true;
  dot: Dot;
  /** The causal past the version was written from. */
  context: Clock;
  /** Display clock: context with dot.node raised to dot.counter. */
  clock: Clock;
  /** The coordinator's (possibly skewed) wall clock; lww orders by it. */
  timestampMs: number;
}

export type OpKind = 'put' | 'get' | 'delete';

/** DESIGN.md's client errors: invalid and unavailable are definite, the others indefinite. */
export type ErrorKind = 'invalid' | 'unavailable' | 'timeout' | 'storage';

/**
 * One client operation, invoke to completion. A failed op holds no versions; an op still
 * pending when the run ended is recorded failed with `timeout` (it may have happened).
 */
export interface OpRecord {
  id: number;
  client: string;
  op: OpKind;
  key: string;
  /** put only. */
  value?: unknown;
  /** put/delete: the context sent; get: the context returned (merge of the versions' clocks). */
  context: Clock;
  /** The node that coordinated, null if unknown. */
  coordinator: string | null;
  /** Simulated ms. */
  invokeAt: number;
  completeAt: number;
  ok: boolean;
  error: ErrorKind | null;
  /** get: every sibling returned (tombstones included); put/delete: the version written; failed: []. */
  versions: VersionRecord[];
}

/** Each node's versions per key, read directly from the nodes after the run. */
export interface FinalState {
  replicas: { node: string; key: string; versions: VersionRecord[] }[];
}

/** True for put and delete: both create a version (a delete's is a tombstone). */
export function isWrite(op: OpRecord): boolean {
  return op.op === 'put' || op.op === 'delete';
}

/**
 * The version an acknowledged write created, or undefined when the record lacks it. Checks
 * skip such writes rather than guess: there is nothing to compare other versions against.
 */
export function writtenVersion(op: OpRecord): VersionRecord | undefined {
  return op.ok && isWrite(op) ? op.versions[0] : undefined;
}

/** True for the definite errors of DESIGN.md: the operation certainly did not happen. */
export function isDefiniteFailure(op: OpRecord): boolean {
  return !op.ok && (op.error === 'invalid' || op.error === 'unavailable');
}

/**
 * Groups items by a string key, keeping each group in input order. Every check works per key
 * (and per client), which is what keeps a 100,000-op history well away from O(n²).
 */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
