// The running node lives of a live cluster (one Worker each) and what the page knows of each:
// starting, up, key count. Spawning joins a life to every running peer by a fresh
// MessageChannel; ending one closes its peers' channels to it. Holds no node state.
import type { NodeId } from '../core/ids';
import type { NodeStatus } from './clusterSnapshot';
import type { NodeInitArgs } from './nodeHandle';
import { NodeHandle } from './nodeHandle';
import type { NodeStats, WorkerEvent } from './workerProtocol';

export class NodeLives {
  private readonly handles = new Map<NodeId, NodeHandle>();
  private readonly status = new Map<NodeId, NodeStatus>();

  constructor(
    private readonly onEvent: (id: NodeId, e: WorkerEvent) => void,
    /** Told of every change; `urgent` when a life started, ended or changed state (the page shows that at once). */
    private readonly changed: (urgent: boolean) => void,
  ) {}

  handle(id: NodeId): NodeHandle | undefined {
    return this.handles.get(id);
  }

  /** Nodes with a running worker (starting or up). */
  ids(): NodeId[] {
    return [...this.handles.keys()];
  }

  all(): NodeHandle[] {
    return [...this.handles.values()];
  }

  /** Lives that finished recovering: the ones whose stats are worth reading. */
  serving(): NodeHandle[] {
    return this.all().filter((h) => this.status.get(h.id)?.state === 'up');
  }

  statusOf(id: NodeId): NodeStatus | undefined {
    return this.status.get(id);
  }

  /**
   * Starts a life and joins it to every running peer. Resolves with the replay's outcome once
   * it serves, or null if the life was ended (killed) before that.
   */
  async spawn(args: NodeInitArgs): Promise<{ readonly records: number; readonly ok: boolean } | null> {
    const { id } = args;
    const handle = new NodeHandle(id, this.onEvent);
    this.handles.set(id, handle);
    this.status.set(id, { id, state: 'starting', keys: 0, incarnation: args.incarnation, unreachablePeers: [] });
    const recovered = handle.init(args);
    // Calls reach a worker in order, so these channels arrive after init has built the node.
    for (const peer of this.handles.values()) {
      if (peer === handle) continue;
      const channel = new MessageChannel();
      handle.connect(peer.id, channel.port1);
      peer.connect(id, channel.port2);
    }
    this.changed(true);
    const r = await recovered;
    if (this.handles.get(id) !== handle) return null;
    this.setStatus(id, { state: 'up' });
    return r;
  }

  /** Terminates a life: its memory is gone, its disk stays. False if it was not running. */
  end(id: NodeId): boolean {
    const h = this.handles.get(id);
    if (h === undefined) return false;
    h.terminate();
    this.handles.delete(id);
    this.status.delete(id);
    for (const peer of this.handles.values()) void peer.api.removePeer(id);
    this.changed(true);
    return true;
  }

  endAll(): void {
    for (const id of this.ids()) this.end(id);
  }

  onStats(id: NodeId, s: NodeStats): void {
    const old = this.status.get(id);
    if (old === undefined || old.state !== 'up') return;
    if (old.keys !== s.keys || old.unreachablePeers.join() !== s.unreachablePeers.join()) {
      this.setStatus(id, { keys: s.keys, unreachablePeers: s.unreachablePeers });
    }
  }

  private setStatus(id: NodeId, change: Partial<NodeStatus>): void {
    const old = this.status.get(id);
    if (old === undefined) return;
    this.status.set(id, { ...old, ...change });
    this.changed(change.state !== undefined && change.state !== old.state);
  }
}
