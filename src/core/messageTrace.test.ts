// Goal: a message's send, deliver and drop events carry its key and request id only when it has
// them (absent, never undefined), in one fixed key order, so the views, the trace codec's shapes
// and saved traces read them alike. Method: one message of each kind of field set, keys listed.
import { describe, expect, it } from 'vitest';
import { msgId, nodeId, requestId } from './ids';
import type { Message } from './messages';
import { deliverEvent, dropEvent, sendEvent } from './messageTrace';

const S1 = nodeId('S1');
const S2 = nodeId('S2');
const read: Message = { type: 'replicaRead', reqId: requestId(7), key: 'k' };
const forwardReply: Message = { type: 'forwardReply', reqId: requestId(8), reply: { reqId: requestId(8), ok: false, error: 'timeout', message: 'late', coordinator: S2 } };
const handoff: Message = { type: 'handoff', key: 'h', versions: [] };
const ping: Message = { type: 'ping' };

describe('message trace events', () => {
  it('carry the key and request id a message has, in a fixed order, and nothing for what it lacks', () => {
    expect(Object.entries(sendEvent(msgId(1), S2, read, 5))).toEqual([['type', 'send'], ['msgId', 1], ['to', S2], ['msg', 'replicaRead'], ['key', 'k'], ['reqId', 7], ['deliverAt', 5]]);
    expect(Object.keys(sendEvent(msgId(1), S2, forwardReply, 5))).toEqual(['type', 'msgId', 'to', 'msg', 'reqId', 'deliverAt']);
    expect(Object.keys(sendEvent(msgId(1), S2, handoff, 5))).toEqual(['type', 'msgId', 'to', 'msg', 'key', 'deliverAt']);
    expect(Object.keys(sendEvent(msgId(1), S2, ping, 5))).toEqual(['type', 'msgId', 'to', 'msg', 'deliverAt']);
    expect(Object.entries(deliverEvent(msgId(2), S1, read))).toEqual([['type', 'deliver'], ['msgId', 2], ['from', S1], ['msg', 'replicaRead'], ['key', 'k'], ['reqId', 7]]);
    expect(Object.keys(deliverEvent(msgId(2), S1, ping))).toEqual(['type', 'msgId', 'from', 'msg']);
    expect(Object.entries(dropEvent(msgId(3), S2, handoff, 'cut'))).toEqual([['type', 'drop'], ['msgId', 3], ['to', S2], ['msg', 'handoff'], ['key', 'h'], ['reason', 'cut']]);
  });

  it('marks a write that a fallback takes in for another replica as hinted, last', () => {
    const hinted: Message = { type: 'replicaWrite', reqId: requestId(9), key: 'k', versions: [], hintFor: S1 };
    const plain: Message = { type: 'replicaWrite', reqId: requestId(9), key: 'k', versions: [] };
    expect(Object.entries(sendEvent(msgId(4), S2, hinted, 6)).slice(-2)).toEqual([['deliverAt', 6], ['hinted', true]]);
    expect(sendEvent(msgId(4), S2, plain, 6)).not.toHaveProperty('hinted');
  });
});
