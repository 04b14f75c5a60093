// Join, leave and zone moves in the live cluster: which nodes are on the ring, at which epoch,
// and the one ring change under way. It drives the core's rebalance path as the simulator does
// (src/sim/simCluster.ts): a joining node starts on the serving ring, then the node concerned
// and one seed are told of the next ring and the rest learn it by gossip; every running node
// switches once the moving ranges are streamed (its `ringSettled` trace event), and a leaving
// node's worker stops only after it has switched, its ranges handed to their new owners.
// Membership is saved with the configuration, so a reload brings the grown or shrunk cluster.
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { Ring, RingMember } from '../core/ring';
import { buildRing } from '../core/ring';
import type { TraceEvent } from '../core/trace';
import { nodeSpecProblem, zoneProblem } from './clusterChecks';
import type { LiveClusterConfig, SavedNode } from './clusterConfig';
import { memberOf, presentNodes, ringChangeDoing, previousMembersOf, ringMembersOf } from './clusterConfig';
import type { RingTransition } from './clusterSnapshot';
import { deleteNodeDatabase } from './idbDisk';
import type { NodeLives } from './nodeLives';

/** Nodes a live cluster may have: each is a Web Worker, and the machine's cores are few. */
export const maxLiveNodes = 12;

/** What a joining node may be given: its id, zone (data centre) and weight (capacity). */
export interface JoinSpec {
  readonly id: string;
  readonly zone?: string;
  readonly weight?: number;
}

/** What membership needs of the live cluster beyond its node lives. */
export interface MembershipHost {
  config(): LiveClusterConfig;
  /** Saves the configuration and tells the page. */
  setConfig(config: LiveClusterConfig): void;
  /** Starts a node's worker on the ring of `members` at `epoch`. */
  startLife(id: NodeId, members: readonly RingMember[], epoch: number): void;
  /** A problem for the page to show. */
  problem(message: string): void;
  /** True once the cluster has closed (its workers ended): it must change nothing more. */
  closed(): boolean;
}

export class ClusterMembership {
  private ringNow: Ring;
  /** The ring before the change under way; null when none is. */
  private previous: Ring | null = null;
  /** Running nodes that have not switched to the newest ring yet. */
  private readonly settling = new Set<NodeId>();
  /** The nodes when this page opened the cluster (or started fresh): a recorded story's cast. */
  initialNodes: readonly RingMember[];

  constructor(
    private readonly lives: NodeLives,
    private readonly host: MembershipHost,
  ) {
    this.ringNow = this.buildNewest();
    this.initialNodes = presentNodes(host.config()).map(memberOf);
  }

  /** The newest ring: a joining node's tokens are on it, a leaving node's are not. */
  get ring(): Ring {
    return this.ringNow;
  }

  /** The change under way, for the drawing: the ring before, the ring after, who moves. */
  transition(): RingTransition | null {
    const pending = this.host.config().pendingChange;
    if (this.previous === null || pending === undefined) return null;
    return { from: this.previous, to: this.ringNow, kind: pending.kind, node: nodeId(pending.id), settling: [...this.settling] };
  }

  /** Ring members now, the leaving node already left out. */
  members(): NodeId[] {
    return this.ringNow.members.map((m) => m.id);
  }

  /** Starts every node that was up; a change cut short by a reload runs again. */
  boot(): void {
    const config = this.host.config();
    const epoch = config.ringEpoch ?? 0;
    const pending = config.pendingChange;
    const before = previousMembersOf(config);
    for (const n of presentNodes(config)) {
      if (n.down) continue;
      // Before the change is re-run, everyone serves the ring it replaces.
      this.host.startLife(nodeId(n.id), pending === undefined ? this.ringNow.members : before, pending === undefined ? epoch : epoch - 1);
    }
    if (pending !== undefined) this.begin(buildRing(before, config.vnodes));
  }

  /** Forgets the change under way (a fresh start): the new configuration is read again. */
  reset(): void {
    this.previous = null;
    this.settling.clear();
    this.ringNow = this.buildNewest();
    this.initialNodes = presentNodes(this.host.config()).map(memberOf);
  }

  /** Why a node with a valid spec may not join now, or null. */
  private admitProblem(spec: JoinSpec): string | null {
    const config = this.host.config();
    if (presentNodes(config).some((n) => n.id === spec.id)) return `a node named ${spec.id} is already in the cluster`;
    if (presentNodes(config).length >= maxLiveNodes) return `the cluster already has ${maxLiveNodes} nodes, the most a live cluster may have`;
    return this.busy();
  }

  /** Why this node may not leave, or null. */
  leaveProblem(id: NodeId): string | null {
    const { n } = this.host.config().settings;
    if (!this.members().includes(id)) return `${id} is not on the ring`;
    const left = this.members().length - 1;
    if (left < n) return `removing ${id} would leave ${left} node${left === 1 ? '' : 's'}, fewer than N = ${n} replicas; lower N first`;
    return this.busy();
  }

  /** A node the page's user asked for joins, once its spec is checked; resolves to why not, or null. */
  async join(spec: JoinSpec): Promise<string | null> {
    const bad = await nodeSpecProblem(spec);
    if (bad !== null) return bad;
    // The check loads its schema first: the cluster may have closed meanwhile. Its state is
    // checked after that load, with the change itself, in one task.
    return this.host.closed() ? 'the cluster was closed' : this.admit(spec);
  }

  /**
   * A node joins with its share of tokens (weight × vnodes); returns why not, or null. Its spec
   * must be valid already: checked by `join`, or made by the autoscaler (`auto<n>`, no zone).
   */
  admit(spec: JoinSpec): string | null {
    const why = this.admitProblem(spec);
    if (why !== null) return why;
    const config = this.host.config();
    const before = this.ringNow;
    // A node that left before under this id comes back as a new actor (its raised incarnation).
    const earlier = config.nodes.find((n) => n.id === spec.id);
    const node: SavedNode = {
      id: spec.id,
      incarnation: earlier?.incarnation ?? 0,
      down: false,
      ...(spec.zone !== undefined && spec.zone !== '' ? { zone: spec.zone } : {}),
      ...(spec.weight !== undefined && spec.weight !== 1 ? { weight: spec.weight } : {}),
    };
    const epoch = (config.ringEpoch ?? 0) + 1;
    this.host.setConfig({ ...config, nodes: [...config.nodes.filter((n) => n.id !== spec.id), node], ringEpoch: epoch, pendingChange: { kind: 'join', id: spec.id } });
    // It starts on the serving ring, as a newcomer that has not heard of the change yet.
    this.host.startLife(nodeId(spec.id), before.members, epoch - 1);
    this.begin(before);
    return null;
  }

  /** A node leaves: it streams its ranges to their new owners, then its worker stops. */
  leave(id: NodeId): string | null {
    const why = this.leaveProblem(id);
    if (why !== null) return why;
    const config = this.host.config();
    const before = this.ringNow;
    this.host.setConfig({ ...config, ringEpoch: (config.ringEpoch ?? 0) + 1, pendingChange: { kind: 'leave', id } });
    this.begin(before);
    return null;
  }

  /**
   * A node moves to another zone (undefined: none); resolves to why not, or null. Replicas are
   * spread across zones, so the move changes preference lists: the ranges whose owners change
   * stream to them, as in a join.
   */
  async rezone(id: NodeId, zone: string | undefined): Promise<string | null> {
    const bad = await zoneProblem(zone);
    if (bad !== null) return bad;
    if (this.host.closed()) return 'the cluster was closed';
    const config = this.host.config();
    const node = presentNodes(config).find((n) => n.id === id);
    if (node === undefined || !this.members().includes(id)) return `${id} is not on the ring`;
    if (node.zone === zone) return null;
    const busy = this.busy();
    if (busy !== null) return busy;
    const before = this.ringNow;
    const { zone: fromZone, ...rest } = node;
    const moved: SavedNode = { ...rest, ...(zone !== undefined ? { zone } : {}) };
    this.host.setConfig({
      ...config,
      nodes: config.nodes.map((n) => (n.id === id ? moved : n)),
      ringEpoch: (config.ringEpoch ?? 0) + 1,
      pendingChange: { kind: 'zone', id, ...(fromZone !== undefined ? { fromZone } : {}) },
    });
    this.begin(before);
    return null;
  }

  /** Reads the trace for nodes that switched to the newest ring. */
  onTrace(events: readonly TraceEvent[]): void {
    const epoch = this.host.config().ringEpoch ?? 0;
    for (const e of events) if (e.type === 'ringSettled' && e.epoch === epoch) this.settled(nodeId(e.node));
  }

  /** A node's worker ended (a kill): a dead node cannot finish a change; the others go on. */
  onLifeEnded(id: NodeId): void {
    if (this.settling.delete(id)) this.maybeFinish();
  }

  private begin(before: Ring): void {
    const config = this.host.config();
    const epoch = config.ringEpoch ?? 0;
    const pending = config.pendingChange;
    this.previous = before;
    this.ringNow = this.buildNewest();
    const members = this.ringNow.members;
    // Only the node concerned and one seed hear of it; the rest learn by gossip, so views
    // disagree for a few rounds, as in the simulator and a real cluster.
    let seeded = false;
    for (const h of this.lives.all()) {
      this.settling.add(h.id);
      const concerned = h.id === pending?.id;
      if (concerned || !seeded) void h.api.beginRingChange(members, config.vnodes, epoch);
      if (!concerned) seeded = true;
    }
    this.maybeFinish();
  }

  private settled(id: NodeId): void {
    if (!this.settling.delete(id)) return;
    const pending = this.host.config().pendingChange;
    // The leaving node has handed its ranges over: it goes now.
    // (Ended as a departure, not a failure: no `nodeDown`, so no `kill` step is recorded.)
    if (pending?.kind === 'leave' && pending.id === id) this.lives.end(id);
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.settling.size > 0 || this.previous === null) return;
    const config = this.host.config();
    const pending = config.pendingChange;
    this.previous = null;
    if (pending?.kind === 'leave') {
      const id = nodeId(pending.id);
      this.lives.end(id);
      // Its disk goes with it; a later node of the same id starts empty, as a new actor.
      const nodes = config.nodes.map((n) => (n.id === pending.id ? { ...n, left: true, down: true, incarnation: n.incarnation + 1 } : n));
      this.host.setConfig({ ...settledConfig(config), nodes });
      // Deleted once its worker is terminated, as a wipe's: a dying life must not write into it,
      // and a node joining again under this id waits for the delete.
      void this.lives.deleteAfterEnd(id, () => deleteNodeDatabase(config.clusterName, id)).then((r) => {
        if (!r.ok) this.host.problem(`${id} left, but its disk could not be deleted: ${r.message}`);
      });
    } else {
      this.host.setConfig(settledConfig(config));
    }
  }

  private busy(): string | null {
    const p = this.host.config().pendingChange;
    return p === undefined ? null : `${p.id} is still ${ringChangeDoing[p.kind]}; wait until its ranges have moved`;
  }

  private buildNewest(): Ring {
    const config = this.host.config();
    return buildRing(ringMembersOf(config), config.vnodes);
  }
}

function settledConfig(config: LiveClusterConfig): LiveClusterConfig {
  const rest: { -readonly [K in keyof LiveClusterConfig]?: LiveClusterConfig[K] } = { ...config };
  delete rest.pendingChange;
  return rest as LiveClusterConfig;
}
