// What the page may know about the live cluster, as plain immutable data: node status, clock,
// settings, cut links and problems to show. Also the N/W/R bounds a settings change must keep.
import type { NodeId } from '../core/ids';
import type { NodeSettings } from '../core/node/settings';
import type { ClockState, NetworkModel } from './workerProtocol';

export type NodeState = 'starting' | 'up' | 'down';

export interface NodeStatus {
  readonly id: NodeId;
  readonly state: NodeState;
  /** Keys the node holds (read every half second while it is up). */
  readonly keys: number;
  readonly incarnation: number;
  readonly unreachablePeers: readonly NodeId[];
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
