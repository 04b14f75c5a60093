// Goal: the bench's latency-by-stage cut measures each stage between the right two events of one
// request: the coordinator's own write, the first replica to answer (not another one), and the
// hop back to the client; requests of the other kind, or missing events, add nothing.
import { describe, expect, it } from 'vitest';
import type { ClientId, MsgId, NodeId, RequestId } from '../../src/core/ids';
import type { TraceEvent } from '../../src/core/trace';
import { requestStages } from '../../bench/browser/requestStages';

const A = 'S1' as NodeId;
const B = 'S2' as NodeId;
const C = 'S3' as NodeId;
const alice = 'alice' as ClientId;
const req = 7 as RequestId;
const mid = (n: number) => n as MsgId;
const dot = { node: A, counter: 1 };

/** One put through S1: S3 answers first (at 19), S2 later (at 30). */
function put(reqId: RequestId): TraceEvent[] {
  return [
    { at: 0, node: alice, type: 'clientRequest', client: alice, reqId, op: 'put', key: 'k' },
    { at: 2, node: A, type: 'clientRequest', client: alice, reqId, op: 'put', key: 'k' },
    { at: 3, node: A, type: 'coordinate', reqId, op: 'put', key: 'k', replicas: [A, B, C] },
    { at: 8, node: A, type: 'versionStored', reqId, key: 'k', dot, clock: { S1: 1 }, deleted: false, siblings: 1 },
    { at: 8, node: A, type: 'send', msgId: mid(1), to: B, msg: 'replicaWrite', key: 'k', reqId, deliverAt: 8 },
    { at: 8, node: A, type: 'send', msgId: mid(2), to: C, msg: 'replicaWrite', key: 'k', reqId, deliverAt: 8 },
    { at: 9, node: C, type: 'deliver', msgId: mid(2), from: A, msg: 'replicaWrite', key: 'k', reqId },
    { at: 12, node: B, type: 'deliver', msgId: mid(1), from: A, msg: 'replicaWrite', key: 'k', reqId },
    { at: 15, node: C, type: 'send', msgId: mid(3), to: A, msg: 'replicaWriteAck', key: 'k', reqId, deliverAt: 15 },
    { at: 19, node: A, type: 'deliver', msgId: mid(3), from: C, msg: 'replicaWriteAck', key: 'k', reqId },
    { at: 20, node: A, type: 'quorum', reqId, key: 'k', ok: true, replicas: [A, C] },
    { at: 26, node: B, type: 'send', msgId: mid(4), to: A, msg: 'replicaWriteAck', key: 'k', reqId, deliverAt: 26 },
    { at: 30, node: A, type: 'deliver', msgId: mid(4), from: B, msg: 'replicaWriteAck', key: 'k', reqId },
    { at: 33, node: alice, type: 'clientReply', client: alice, reqId, op: 'put', key: 'k', ok: true },
  ];
}

describe('requestStages', () => {
  it("cuts a put at its events, following the first replica to answer", () => {
    expect(Object.fromEntries(requestStages(put(req), 'put'))).toEqual({
      'client → coordinator': [3],
      "coordinator's own write": [5],
      'coordinator → replica': [1],
      "replica's write": [6],
      'replica → coordinator (ack)': [4],
      'first ack → quorum': [1],
      'quorum → client': [13],
    });
  });

  it('counts only requests of the asked kind, and only whole ones', () => {
    expect(requestStages(put(req), 'get').every(([, ds]) => ds.length === 0)).toBe(true);
    const noReply = put(8 as RequestId).filter((e) => e.type !== 'clientReply');
    const stages = Object.fromEntries(requestStages([...put(req), ...noReply], 'put'));
    expect(stages['client → coordinator']).toEqual([3]);
  });
});
