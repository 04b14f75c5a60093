// Goal: a request's path names its coordinator, the replicas it asked and those its quorum
// counted, and says when it is complete. Method: hand-made trace events of two requests.
import { describe, expect, it } from 'vitest';
import { nodeId, requestId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { requestPathOf } from './requestPath';

const n = nodeId;
const events: TraceEvent[] = [
  { type: 'coordinate', at: 1, node: n('S2'), reqId: requestId(1), op: 'put', key: 'k', replicas: [n('S2'), n('S3'), n('S4')] },
  { type: 'coordinate', at: 2, node: n('S5'), reqId: requestId(2), op: 'get', key: 'j', replicas: [n('S5'), n('S1'), n('S2')] },
  { type: 'quorum', at: 9, node: n('S2'), reqId: requestId(1), key: 'k', ok: true, replicas: [n('S2'), n('S4')] },
];

describe('requestPathOf', () => {
  it('gives the coordinator, the replicas asked and those the quorum counted once it answered', () => {
    expect(requestPathOf(events, requestId(1))).toEqual({ reqId: requestId(1), coordinator: 'S2', asked: ['S2', 'S3', 'S4'], answered: ['S2', 'S4'], done: true });
  });

  it('is open while the quorum has not answered, and null for a request no coordinator took', () => {
    expect(requestPathOf(events, requestId(2))).toMatchObject({ coordinator: 'S5', answered: [], done: false });
    expect(requestPathOf(events, requestId(3))).toBeNull();
  });
});
