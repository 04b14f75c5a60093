// What the page may know about the live cluster, as plain immutable data: node status, clock,
// settings, cut links, the ring change under way and problems to show. Also the N/W/R bounds a
// settings change must keep.
import type { NodeId } from '../core/ids';
import type { NodeSettings } from '../core/node/settings';
import { nodeId } from '../core/ids';
import type { Ring } from '../core/ring';
import type { LiveClusterConfig, PendingRingChange, RingChangeKind, SavedNode } from './clusterConfig';
import { defaultLiveStorage, networkOf, nodeSettingsOf, presentNodes, ringChangeDoing } from './clusterConfig';
import type { ClockState, LiveStorageSettings, NetworkModel } from './workerProtocol';

export type NodeState = 'starting' | 'up' | 'down';

export interface NodeStatus {
  readonly id: NodeId;
  readonly state: NodeState;
  /** Keys the node holds (read every half second while it is up). */
  readonly keys: number;
  readonly incarnation: number;
  readonly unreachablePeers: readonly NodeId[];
  /** Its zone (data centre), if it has one. */
  readonly zone?: string;
  /** Relative capacity: it holds `weight × vnodes` tokens. */
  readonly weight?: number;
  /** Set while this node is joining, leaving or changing zone: its ranges are moving. */
  readonly moving?: (typeof ringChangeDoing)[RingChangeKind];
  /** The palette slot saved for it (SavedNode.colourSlot), if the page has drawn it before. */
  readonly colourSlot?: number;
}

/** A join, leave or zone move under way: the ring before and after, and the nodes not yet switched. */
export interface RingTransition {
  readonly from: Ring;
  readonly to: Ring;
  readonly kind: RingChangeKind;
  readonly node: NodeId;
  readonly settling: readonly NodeId[];
}

export interface ClusterSnapshot {
  readonly name: string;
  readonly nodes: readonly NodeStatus[];
  readonly clock: ClockState;
  readonly settings: NodeSettings;
  readonly network: NetworkModel;
  /** Each node's clock skew, by id (ms; lww timestamps are now + skew). */
  readonly clockSkewMs: Readonly<Record<string, number>>;
  readonly cutLinks: readonly { readonly from: NodeId; readonly to: NodeId }[];
  /** The ring change under way (join, leave or zone move), or null. */
  readonly ringChange: { readonly kind: RingChangeKind; readonly node: NodeId; readonly epoch: number } | null;
  /** How the nodes' storage engines write IndexedDB (from each node's next start). */
  readonly storage: LiveStorageSettings;
  /** Disk errors and worker failures, newest last: the page shows them, never hides them. */
  readonly problems: readonly string[];
}

export type QuorumChange = Partial<Pick<NodeSettings, 'n' | 'w' | 'r'>>;

/**
 * The cluster-wide settings the page may change while the cluster runs. A node folds its commit
 * log and merges siblings by the conflict mode it started with, so a new mode reaches a node at
 * its next start: the page restarts every node when it changes it (settingsCommands.ts).
 */
export type SettingsChange = QuorumChange & Partial<Pick<NodeSettings, 'sloppyQuorum' | 'readRepair' | 'conflicts'>>;

/** Why N/W/R are refused, or null: 1 ≤ W, R ≤ N ≤ the number of nodes, all integers. */
export function quorumProblem(s: Pick<NodeSettings, 'n' | 'w' | 'r'>, nodeCount: number): string | null {
  if (![s.n, s.w, s.r].every(Number.isInteger)) return 'N, W and R must be whole numbers';
  if (s.n < 1 || s.n > nodeCount) return `N must be between 1 and the number of nodes (${nodeCount})`;
  if (s.w < 1 || s.w > s.n) return `W must be between 1 and N (${s.n})`;
  if (s.r < 1 || s.r > s.n) return `R must be between 1 and N (${s.n})`;
  return null;
}

/** What the live cluster holds beyond its configuration that its snapshot shows. */
export interface SnapshotParts {
  /** A node's running life's status; undefined when it has none. */
  readonly statusOf: (id: NodeId) => NodeStatus | undefined;
  readonly clock: ClockState;
  readonly cutLinks: ClusterSnapshot['cutLinks'];
  readonly problems: readonly string[];
}

/** The snapshot of the live cluster whose configuration is `config`. */
export function snapshotOf(config: LiveClusterConfig, parts: SnapshotParts): ClusterSnapshot {
  return {
    name: config.clusterName,
    nodes: presentNodes(config).map((n) => nodeStatusOf(n, parts.statusOf(nodeId(n.id)), config.pendingChange)),
    clock: parts.clock,
    settings: config.settings,
    network: networkOf(config),
    clockSkewMs: Object.fromEntries(config.nodes.map((n) => [n.id, nodeSettingsOf(config, n.id).clockSkewMs])),
    cutLinks: parts.cutLinks,
    ringChange: ringChangeOf(config),
    storage: config.storage ?? defaultLiveStorage,
    problems: parts.problems,
  };
}

/** A saved node's status: its running life's if it has one, else down; with zone, weight and colour slot. */
export function nodeStatusOf(n: SavedNode, running: NodeStatus | undefined, pending: PendingRingChange | undefined): NodeStatus {
  const base: NodeStatus = running ?? { id: nodeId(n.id), state: 'down', keys: 0, incarnation: n.incarnation, unreachablePeers: [] };
  const moving = pending?.id !== n.id ? {} : { moving: ringChangeDoing[pending.kind] };
  return { ...base, ...(n.zone !== undefined ? { zone: n.zone } : {}), weight: n.weight ?? 1, ...moving, ...(n.colourSlot !== undefined ? { colourSlot: n.colourSlot } : {}) };
}

export function ringChangeOf(config: LiveClusterConfig): ClusterSnapshot['ringChange'] {
  const p = config.pendingChange;
  return p === undefined ? null : { kind: p.kind, node: nodeId(p.id), epoch: config.ringEpoch ?? 0 };
}

/**
 * `next` with every part equal to `prev`'s replaced by `prev`'s own object (each node too), and
 * `prev` itself when nothing changed: the page's selectors then return the same objects, and
 * the views showing a part that did not change skip their render. Under load a snapshot is
 * rebuilt for each node's new key count, while its settings, links and skews stay the same.
 */
export function shareUnchanged(prev: ClusterSnapshot | null, next: ClusterSnapshot): ClusterSnapshot {
  if (prev === null) return next;
  const same = <T>(a: T, b: T): T => (a === b || JSON.stringify(a) === JSON.stringify(b) ? a : b);
  const nodes = next.nodes.map((n) => same(prev.nodes.find((p) => p.id === n.id), n) ?? n);
  const shared: ClusterSnapshot = {
    name: next.name,
    nodes: nodes.length === prev.nodes.length && nodes.every((n, i) => n === prev.nodes[i]) ? prev.nodes : nodes,
    clock: same(prev.clock, next.clock),
    settings: same(prev.settings, next.settings),
    network: same(prev.network, next.network),
    clockSkewMs: same(prev.clockSkewMs, next.clockSkewMs),
    cutLinks: same(prev.cutLinks, next.cutLinks),
    ringChange: same(prev.ringChange, next.ringChange),
    storage: same(prev.storage, next.storage),
    problems: same(prev.problems, next.problems),
  };
  const keys = Object.keys(shared) as (keyof ClusterSnapshot)[];
  return keys.every((k) => shared[k] === prev[k]) ? prev : shared;
}
