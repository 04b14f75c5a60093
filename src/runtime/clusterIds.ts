// Request and message ids of a live cluster, unique across its whole kept trace: the trace
// outlives a reload, a switch to another cluster and back, and starts with a shared run's replay,
// and the timeline and the ring find a request's journey and a message's drop by these ids. So
// the counters are saved with the cluster (clusterConfig.ts) and go on from there when it opens.
import type { TraceEvent } from '../core/trace';

/**
 * Message ids of worker life L are L · msgIdsPerLife + 1, + 2, …: unique across the cluster, and
 * exact doubles for the first 2^21 lives.
 */
export const msgIdsPerLife = 2 ** 32;

/**
 * Where a cluster saved by an older version (no counters) goes on from: beyond every id that
 * version could have kept, since it began again at request 1 and life 1 at each open, and no
 * page of it made a billion requests or 65,536 worker lives.
 */
export const legacyIds: ClusterIds = { nextRequestId: 1_000_000_000, lastLife: 2 ** 16 };

export interface ClusterIds {
  /** The id the next client request takes. */
  readonly nextRequestId: number;
  /** The last worker life started: the next is one more. */
  readonly lastLife: number;
}

/** The counters saved in `saved`, or the legacy ones when it has none (saved by an older version). */
export function resumedIds(saved: Partial<ClusterIds>): ClusterIds {
  const { nextRequestId, lastLife } = saved;
  if (typeof nextRequestId !== 'number' || typeof lastLife !== 'number' || !Number.isFinite(nextRequestId) || !Number.isFinite(lastLife)) return legacyIds;
  return { nextRequestId, lastLife };
}

/** Counters past every request and message id in `events` (a shared run's replay, kept first). */
export function idsAfter(events: readonly TraceEvent[]): ClusterIds {
  let req = 0;
  let msg = 0;
  for (const e of events) {
    if ('reqId' in e && e.reqId !== undefined) req = Math.max(req, e.reqId);
    if ('msgId' in e) msg = Math.max(msg, e.msgId);
  }
  return { nextRequestId: req + 1, lastLife: Math.floor(msg / msgIdsPerLife) };
}
