// Pure. How every view groups wire messages and client hops into the kinds a learner follows —
// a put is write → ack from the client to the replicas and back, a get is read → response, a
// sloppy write to a fallback is a hint, a request passed on to a replica to coordinate is a
// forward — with one colour and one label each, so the ring and the timeline always agree. Paul Tol's bright
// scheme stays distinguishable under the common colour-vision deficiencies, and every kind is
// named in a legend, so colour is never the only cue.
import { assertNever } from '../core/assertNever';
import type { OpKind } from '../core/clientApi';
import type { MessageType } from '../core/messages';

export type MessageKind = 'forward' | 'write' | 'ack' | 'read' | 'response' | 'hint' | 'gossip' | 'antiEntropy' | 'stream';

/** Every kind, in the legends' order. */
export const messageKinds: readonly MessageKind[] = ['forward', 'write', 'ack', 'read', 'response', 'hint', 'gossip', 'antiEntropy', 'stream'];

export const kindColours: Readonly<Record<MessageKind, string>> = {
  forward: '#222222',
  write: '#4477AA',
  ack: '#66CCEE',
  read: '#228833',
  response: '#CCBB44',
  hint: '#EE6677',
  gossip: '#BBBBBB',
  antiEntropy: '#AA3377',
  stream: '#8c6d31',
};

export const kindLabels: Readonly<Record<MessageKind, string>> = {
  forward: 'forward',
  write: 'write / repair',
  ack: 'ack',
  read: 'read',
  response: 'response',
  hint: 'hint / handoff',
  gossip: 'gossip',
  antiEntropy: 'anti-entropy',
  stream: 'rebalance stream',
};

/**
 * The kind of one message between nodes (client hops: clientLegKind). `toFallback`: the send was
 * traced `hinted`, a replicaWrite to a fallback standing in for an unreachable replica, which it
 * keeps as a hint (sloppy quorum, Dynamo §4.6).
 */
export function kindOf(msg: MessageType, toFallback = false): MessageKind {
  switch (msg) {
    case 'forward':
    case 'forwardReply':
      return 'forward';
    case 'replicaWrite':
      return toFallback ? 'hint' : 'write';
    case 'readRepair':
      return 'write';
    case 'replicaWriteAck':
      return 'ack';
    case 'replicaRead':
      return 'read';
    case 'replicaReadReply':
      return 'response';
    case 'handoff':
    case 'handoffAck':
      return 'hint';
    case 'gossip':
    case 'ping':
    case 'pong':
      return 'gossip';
    case 'merkleTree':
    case 'merkleKeys':
      return 'antiEntropy';
    case 'stream':
    case 'streamAck':
    case 'streamDone':
    case 'ringSwitched':
      return 'stream';
    default:
      return assertNever(msg, 'message type');
  }
}

/** Which way a client hop goes: the client's request to the node it asked, or the reply back. */
export type ClientLeg = 'request' | 'reply';

/**
 * The kind of a client hop, by its operation: a put or a delete goes out as a write and comes
 * back as an ack, a get as a read and a response. So a put reads write → ack from the client to
 * the replicas and back, in the same colours all the way.
 */
export function clientLegKind(op: OpKind, leg: ClientLeg): MessageKind {
  switch (op) {
    case 'put':
    case 'delete':
      return leg === 'request' ? 'write' : 'ack';
    case 'get':
      return leg === 'request' ? 'read' : 'response';
    default:
      return assertNever(op, 'operation');
  }
}
