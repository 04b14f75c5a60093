// The running node lives of a live cluster (one Worker each) and what the page knows of each:
// starting, up, key count. Spawning joins a life to every running peer by a fresh
// MessageChannel; ending one closes its peers' channels to it. A node's next life starts only
// once its last one's worker is terminated: two lives must never use one database at once.
// Holds no node state.
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { NodeId } from '../core/ids';
import type { NodeStatus } from './clusterSnapshot';
import type { NodeInitArgs } from './nodeHandle';
import { NodeHandle } from './nodeHandle';
import type { NodeStats, WorkerEvent } from './workerProtocol';

export class NodeLives {
  private readonly handles = new Map<NodeId, NodeHandle>();
  private readonly status = new Map<NodeId, NodeStatus>();
  /** Ended lives whose worker is not terminated yet (it may still touch its databases). */
  private readonly ending = new Map<NodeId, Promise<void>>();
  /** Lives asked to start that wait for their node's last life to be terminated. */
  private readonly waiting = new Map<NodeId, object>();

  constructor(
    private readonly onEvent: (id: NodeId, e: WorkerEvent) => void,
    /** Told of every change; `urgent` when a life started, ended or changed state (the page shows that at once). */
    private readonly changed: (urgent: boolean) => void,
  ) {}

  handle(id: NodeId): NodeHandle | undefined {
    return this.handles.get(id);
  }

  /**
   * A client's request to `id`, answered by its life: one still waiting for its last life's end
   * takes it once it starts, as a starting worker does (a restart right after a kill is
   * otherwise refused for up to 100 ms). Null when the node has no life.
   */
  request(id: NodeId, req: ClientRequest): Promise<ClientReply> | null {
    const h = this.handles.get(id);
    if (h !== undefined) return h.request(req);
    const ending = this.ending.get(id);
    if (!this.waiting.has(id) || ending === undefined) return null;
    // spawn awaited the same promise first, so its handle is in place when this resumes.
    const gone: ClientReply = { reqId: req.reqId, ok: false, error: 'unavailable', message: `node ${id} went down before it started`, coordinator: null };
    return ending.then(() => this.handles.get(id)?.request(req) ?? gone);
  }

  /** Nodes with a life (starting or up), a worker or not yet (waiting for its last one's end). */
  ids(): NodeId[] {
    return [...this.handles.keys(), ...this.waiting.keys()];
  }

  /** Whether the node has a life, started or waiting to start. */
  has(id: NodeId): boolean {
    return this.handles.has(id) || this.waiting.has(id);
  }

  /** Resolves once every ended life is terminated. */
  async allEnded(): Promise<void> {
    await Promise.all(this.ending.values());
  }

  /** Resolves once the node's last ended life is terminated (at once if none is ending). */
  ended(id: NodeId): Promise<void> {
    return this.ending.get(id) ?? Promise.resolve();
  }

  /**
   * Deletes the node's databases once its last life is terminated (a wipe, a leave), and holds
   * its next life until the delete is done: a restart clicked meanwhile must not open a
   * database that is about to be deleted, nor replay what the delete was to remove.
   */
  deleteAfterEnd<T>(id: NodeId, remove: () => Promise<T>): Promise<T> {
    const deleted = this.ended(id).then(remove);
    const held = deleted.then(
      () => undefined,
      () => undefined,
    );
    this.ending.set(id, held);
    void held.then(() => {
      if (this.ending.get(id) === held) this.ending.delete(id);
    });
    return deleted;
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
  async spawn(id: NodeId, incarnation: number, argsOf: () => NodeInitArgs): Promise<{ readonly records: number; readonly ok: boolean } | null> {
    const ending = this.ending.get(id);
    if (ending !== undefined) {
      // The new life is shown starting at once; it gets its arguments (clock, links, settings) when it really starts.
      const ticket = {};
      this.waiting.set(id, ticket);
      this.status.set(id, { id, state: 'starting', keys: 0, incarnation, unreachablePeers: [] });
      this.changed(true);
      await ending;
      if (this.waiting.get(id) !== ticket) return null;
      this.waiting.delete(id);
    }
    const args = argsOf();
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
    if (this.waiting.delete(id)) {
      this.status.delete(id);
      this.changed(true);
      return true;
    }
    const h = this.handles.get(id);
    if (h === undefined) return false;
    const terminated = h.terminate();
    this.ending.set(id, terminated);
    void terminated.then(() => {
      if (this.ending.get(id) === terminated) this.ending.delete(id);
    });
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
