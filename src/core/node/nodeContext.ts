/** What the coordinator and replica roles share of their node: plain references, no behaviour. */
import type { NodeEnv } from '../env';
import type { NodeId } from '../ids';
import type { Ring } from '../ring';
import type { LocalStore } from './localStore';
import type { PeerView } from './peerView';
import type { NodeSettings } from './settings';

export interface NodeContext {
  readonly id: NodeId;
  /** The name this node writes dots under (changes after a wipe). */
  readonly actor: string;
  readonly env: NodeEnv;
  readonly store: LocalStore;
  readonly view: PeerView;
  settings(): NodeSettings;
  ring(): Ring;
}
