// Message kinds as the timeline (and its filter) groups them, with an Okabe–Ito colour each:
// that palette stays distinguishable under the common colour-vision deficiencies.
import { assertNever } from '../../core/assertNever';
import type { MessageType } from '../../core/messages';

export type MessageKind = 'request' | 'write' | 'ack' | 'read' | 'response' | 'hint' | 'gossip' | 'antiEntropy' | 'stream';

export const messageKinds: readonly MessageKind[] = ['request', 'write', 'ack', 'read', 'response', 'hint', 'gossip', 'antiEntropy', 'stream'];

export const kindColour: Readonly<Record<MessageKind, string>> = {
  request: '#000000',
  write: '#0072B2',
  ack: '#56B4E9',
  read: '#009E73',
  response: '#66c2a5',
  hint: '#CC79A7',
  gossip: '#b0b0b0',
  antiEntropy: '#E69F00',
  stream: '#8c6d31',
};

/** The kind of a wire message, or of a client request that found its node dead. */
export function kindOf(msg: MessageType | 'clientRequest'): MessageKind {
  switch (msg) {
    case 'clientRequest':
    case 'forward':
    case 'forwardReply':
      return 'request';
    case 'replicaWrite':
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
