// Pure. How the drawing groups wire messages into the kinds a learner follows: a put is
// write → ack, a get is read → response, a sloppy write to a fallback is a hint.
import { assertNever } from '../../core/assertNever';
import type { MessageType } from '../../core/messages';

export type MessageKind = 'write' | 'ack' | 'read' | 'response' | 'hint' | 'gossip' | 'antiEntropy' | 'other';

/** Every kind, in the legend's order. */
export const messageKinds: readonly MessageKind[] = ['write', 'ack', 'read', 'response', 'hint', 'gossip', 'antiEntropy', 'other'];

export const kindLabels: Readonly<Record<MessageKind, string>> = {
  write: 'write',
  ack: 'ack',
  read: 'read',
  response: 'response',
  hint: 'hint / handoff',
  gossip: 'gossip',
  antiEntropy: 'anti-entropy',
  other: 'forward, repair, stream',
};

/**
 * The kind of one sent message. `toFallback` says the receiver is not among the key's first N
 * replicas (known from the coordinator's `coordinate` trace event): a replicaWrite to it is a
 * sloppy-quorum write that the receiver keeps as a hint (Dynamo §4.6).
 */
export function kindOf(msg: MessageType, toFallback: boolean): MessageKind {
  switch (msg) {
    case 'replicaWrite':
      return toFallback ? 'hint' : 'write';
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
    case 'forward':
    case 'forwardReply':
    case 'readRepair':
    case 'stream':
    case 'streamAck':
    case 'streamDone':
    case 'ringSwitched':
      return 'other';
    default:
      return assertNever(msg, 'message type');
  }
}
