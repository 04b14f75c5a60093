// The plain data one drawing of the ring and the network is made from: gathered from the
// cluster snapshot, the ring, the feed, the page's clients and the selection. Views draw it;
// they decide nothing.
import type { NodeId, RequestId } from '../../core/ids';
import type { RangeMove, Ring } from '../../core/ring';
import type { MemberStatus } from '../../core/node/membership';
import type { NodeState } from '../../runtime/clusterSnapshot';
import type { KeyPlacement } from './ringGeometry';
import type { RequestPath } from './requestPath';

export interface RingNode {
  readonly id: NodeId;
  readonly state: NodeState;
  readonly colour: string;
}

export interface RingModel {
  /** The newest ring: a joining node's tokens on it, a leaving node's gone. */
  readonly ring: Ring;
  /** During a join or leave: the ranges whose replicas change, until streaming ends. */
  readonly moving: readonly RangeMove[];
  readonly nodes: readonly RingNode[];
  /** The clients given an anchor beside the network (the named clients, then the workload's), in order. */
  readonly clients: readonly string[];
  /** Directed links that are cut, as `from→to`. */
  readonly cut: ReadonlySet<string>;
  readonly keys: ReadonlyMap<string, boolean>;
  /** Grows whenever `keys` (kept and changed in place by the feed) changed. */
  readonly keysVersion: number;
  /** The selected key's place and preference list, or null. */
  readonly placement: KeyPlacement | null;
  readonly selectedNode: NodeId | null;
  /** The selected node's own membership view (Dynamo §4.8: views are local), when read. */
  readonly view: ReadonlyMap<NodeId, MemberStatus> | null;
  /** The request highlighted: the one hovered on the timeline, else the one selected (focusedRequest). */
  readonly focusedRequest: RequestId | null;
  /** True while that is a hovered request, not the selected one. */
  readonly focusHovered: boolean;
  /** The focused request's path (client → node asked → coordinator → replicas asked, those that answered), once traced. */
  readonly requestPath: RequestPath | null;
}

/** What the drawing may ask the page to do: select things and cut or heal links. */
export interface RingActions {
  selectNode(id: NodeId): void;
  selectKey(key: string): void;
  /** Toggles a link: both directions, or only from → to when oneWay. */
  toggleLink(from: NodeId, to: NodeId, oneWay: boolean): void;
}
