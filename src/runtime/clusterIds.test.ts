// Goal: the ids a cluster hands out after it opens never repeat one its kept trace already
// holds: after a reload (counters saved), after a reload of a cluster saved by an older version
// (no counters: it began at 1 at every open), and after a shared run's replay kept first.
// Method: hand-made traces with the ids each case kept; the next request id and the first
// message id of the next life are compared with every kept id.
import { describe, expect, it } from 'vitest';
import type { NodeId, ClientId } from '../core/ids';
import { clientId, msgId, nodeId, requestId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import type { ClusterIds } from './clusterIds';
import { idsAfter, msgIdsPerLife, resumedIds } from './clusterIds';
import { defaultClusterConfig } from './clusterConfig';

const s1: NodeId = nodeId('S1');
const s2: NodeId = nodeId('S2');
const page: ClientId = clientId('page');

/** What a run with requests up to `reqs` and message ids `mids` kept. */
function keptTrace(reqs: number, mids: readonly number[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let r = 1; r <= reqs; r++) out.push({ type: 'clientRequest', at: r, node: s1, client: page, reqId: requestId(r), op: 'put', key: `k${r}` });
  for (const m of mids) {
    out.push({ type: 'send', at: 1, node: s1, msgId: msgId(m), to: s2, msg: 'replicaWrite', deliverAt: 2 });
    out.push({ type: 'drop', at: 2, node: s1, msgId: msgId(m), to: s2, msg: 'replicaWrite', reason: 'loss' });
  }
  return out;
}

/** The first ids the cluster hands out after opening with `ids`. */
function firstNew(ids: ClusterIds): { readonly req: number; readonly msg: number } {
  return { req: ids.nextRequestId, msg: (ids.lastLife + 1) * msgIdsPerLife + 1 };
}

function keptIds(trace: readonly TraceEvent[]): { readonly reqs: number[]; readonly msgs: number[] } {
  const reqs: number[] = [];
  const msgs: number[] = [];
  for (const e of trace) {
    if ('reqId' in e && e.reqId !== undefined) reqs.push(e.reqId);
    if ('msgId' in e) msgs.push(e.msgId);
  }
  return { reqs, msgs };
}

describe('cluster ids', () => {
  it('a shared run replayed first: live ids go on past every id of the run', () => {
    // The simulator numbers messages from 1; a long run could pass one life's range.
    const run = keptTrace(40, [1, 7, 3 * msgIdsPerLife + 5]);
    const next = firstNew(idsAfter(run));
    const kept = keptIds(run);
    expect(kept.reqs.every((r) => r < next.req)).toBe(true);
    expect(kept.msgs.every((m) => m < next.msg)).toBe(true);
  });

  it('an empty replay starts at request 1 and life 1, as a fresh cluster does', () => {
    expect(firstNew(idsAfter([]))).toEqual({ req: 1, msg: msgIdsPerLife + 1 });
  });

  it('a new cluster starts at request 1 and life 1 (its configuration has counters from the start)', () => {
    expect(firstNew(resumedIds(defaultClusterConfig('new', 1)))).toEqual({ req: 1, msg: msgIdsPerLife + 1 });
  });

  it('saved counters are resumed as they were', () => {
    expect(resumedIds({ nextRequestId: 812, lastLife: 9 })).toEqual({ nextRequestId: 812, lastLife: 9 });
  });

  it('a cluster saved by an older version goes on past anything that version kept', () => {
    // It began at request 1 and life 1 at every open: a long page made many of both.
    const older = keptTrace(5_000, [1 * msgIdsPerLife + 1, 4_000 * msgIdsPerLife + 90_000]);
    const next = firstNew(resumedIds({}));
    const kept = keptIds(older);
    expect(kept.reqs.every((r) => r < next.req)).toBe(true);
    expect(kept.msgs.every((m) => m < next.msg)).toBe(true);
    // And its ids stay exact integers for a long while yet.
    expect(Number.isSafeInteger(next.msg + 100_000 * msgIdsPerLife)).toBe(true);
  });

  it('damaged counters are taken as absent', () => {
    expect(resumedIds({ nextRequestId: Number.NaN, lastLife: 3 })).toEqual(resumedIds({}));
  });
});
