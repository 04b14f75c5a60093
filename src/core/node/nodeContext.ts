/** What a node's roles share: plain references and two queries, no behaviour of their own. */
import type { NodeEnv } from '../env';
import type { NodeId } from '../ids';
import type { RingState } from '../messages';
import type { Ring } from '../ring';
import type { LocalStore } from './localStore';
import type { Membership } from './membership';
import type { PeerView } from './peerView';
import type { NodeSettings } from './settings';

export interface NodeContext {
  readonly id: NodeId;
  /** The name this node writes dots under (changes after a wipe). */
  readonly actor: string;
  readonly env: NodeEnv;
  readonly store: LocalStore;
  /** Requests a peer failed to answer (per request, immediate). */
  readonly view: PeerView;
  /** Gossip and the failure detector (slower, cluster-wide). */
  readonly membership: Membership;
  settings(): NodeSettings;
  /** The ring requests are served on (during a ring change, the old one). */
  ring(): Ring;
  /**
   * During a ring change, and after it until every node has switched, the other ring: the one
   * being moved to, then the one left. A write must reach W owners on it too, so a read on
   * either ring overlaps it while nodes disagree about which ring serves.
   */
  dualRing(): Ring | null;
  /** The newest ring this node knows (the next one during a change), for gossip. */
  ringState(): RingState;
  /** Gossip brought a ring: if it is newer, start moving to it. */
  learnRing(state: RingState): void;
  /** This node's own belief: not down by the detector and not silent on a recent request. */
  reachable(p: NodeId): boolean;
}
