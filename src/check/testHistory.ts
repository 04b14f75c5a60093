// Builders for the hand-written histories in this folder's tests: one line per version or op.
// Pure; defaults (client c1, key k, coordinator A) keep each test showing only what matters.
import type { Clock, ErrorKind, FinalState, OpRecord, VersionRecord } from './history';

/** A version minted by `node` with `counter`, written from `context`; ts defaults to 0. */
export function version(
  node: string,
  counter: number,
  value: unknown,
  opts: { context?: Clock; timestampMs?: number; deleted?: boolean } = {},
): VersionRecord {
  const context = opts.context ?? {};
  return {
    value: opts.deleted === true ? null : value,
    ...(opts.deleted === true ? { deleted: true as const } : {}),
    dot: { node, counter },
    context,
    clock: { ...context, [node]: Math.max(context[node] ?? 0, counter) },
    timestampMs: opts.timestampMs ?? 0,
  };
}

/** Where and when an op happened: `at` is [invokeAt, completeAt]. */
export interface OpWhere {
  id: number;
  at: [number, number];
  client?: string;
  key?: string;
}

function base(w: OpWhere): Pick<OpRecord, 'id' | 'client' | 'key' | 'coordinator' | 'invokeAt' | 'completeAt'> {
  return { id: w.id, client: w.client ?? 'c1', key: w.key ?? 'k', coordinator: 'A', invokeAt: w.at[0], completeAt: w.at[1] };
}

/** An acknowledged put that wrote `v`. */
export function okPut(w: OpWhere, v: VersionRecord): OpRecord {
  return { ...base(w), op: 'put', value: v.value, context: v.context, ok: true, error: null, versions: [v] };
}

/** An acknowledged delete that wrote the tombstone `v`. */
export function okDelete(w: OpWhere, v: VersionRecord): OpRecord {
  return { ...base(w), op: 'delete', context: v.context, ok: true, error: null, versions: [v] };
}

/** A put that failed with `error`; what it may have written is not in the record. */
export function failedPut(w: OpWhere, value: unknown, error: ErrorKind): OpRecord {
  return { ...base(w), op: 'put', value, context: {}, ok: false, error, versions: [] };
}

/** An ok get that returned `versions`; the context is the merge of their clocks. */
export function okGet(w: OpWhere, versions: VersionRecord[]): OpRecord {
  const context: Clock = {};
  for (const v of versions) {
    for (const [node, c] of Object.entries(v.clock)) context[node] = Math.max(context[node] ?? 0, c);
  }
  return { ...base(w), op: 'get', context, ok: true, error: null, versions };
}

/** Final state from [node, key, versions] rows. */
export function finalOf(...rows: [string, string, VersionRecord[]][]): FinalState {
  return { replicas: rows.map(([node, key, versions]) => ({ node, key, versions })) };
}
