// Goal: a client's hops take the kinds of the operation they carry, so a put is followed as write
// → ack and a get as read → response from the client to the replicas and back. Method: every
// operation and leg.
import { describe, expect, it } from 'vitest';
import { clientLegKind, kindOf } from './messageKinds';

describe('clientLegKind', () => {
  it('sends a put or a delete as a write and brings its reply back as an ack, as its replicas do', () => {
    expect([clientLegKind('put', 'request'), kindOf('replicaWrite'), kindOf('replicaWriteAck'), clientLegKind('put', 'reply')]).toEqual(['write', 'write', 'ack', 'ack']);
    expect([clientLegKind('delete', 'request'), clientLegKind('delete', 'reply')]).toEqual(['write', 'ack']);
  });

  it('sends a get as a read and brings its reply back as a response, as its replicas do', () => {
    expect([clientLegKind('get', 'request'), kindOf('replicaRead'), kindOf('replicaReadReply'), clientLegKind('get', 'reply')]).toEqual(['read', 'read', 'response', 'response']);
  });
});
