/**
 * The deterministic host: every node of a cluster in one thread, on a virtual clock, with a
 * seeded RNG and one event queue. Same seed, same steps, same build ⇒ the same trace.
 * The event loop, the nodes' environments and the messages between them are simLoop.ts; this
 * adds node lifecycle (kill, restart, wipe), link faults, join and leave (waiting their turn in
 * ringChangeQueue.ts), settings and inspection. Clients live in simClients.ts.
 */
import type { NodeId } from '../core/ids';
import { nodeId as toNodeId } from '../core/ids';
import { sampleLatencyMs } from '../core/network/latency';
import type { NodeSettings } from '../core/node/settings';
import { StoreNode } from '../core/node/storeNode';
import type { Random } from '../core/prng';
import { createRandom, deriveSeed } from '../core/prng';
import type { Ring, RingMember } from '../core/ring';
import { buildRing, preferenceList } from '../core/ring';
import type { Version } from '../core/versions/version';
import { foldLogRecord } from '../core/disk';
import { defaultStorageOptions } from '../core/storage';
import { RingChangeQueue } from './ringChangeQueue';
import { SimAutoscaler } from './simAutoscaler';
import { SimStorage } from './simDisk';
import type { SettingsChange, SimClusterConfig, SimNodeSpec, SimOptions } from './simConfig';
import { nodeSettingsOf } from './simConfig';
import { SimLoop } from './simLoop';
import type { NetworkConfig } from './network';
import type { SimNodeStats, Slot } from './simSlots';
import { keyCountOf, memberEndsOf, nodeStatsOf, replicaStateOf } from './simSlots';
import type { MemberEnd } from './simSlots';

export class SimCluster extends SimLoop {
  private readonly faultRandom: Random;
  private config: SimClusterConfig;
  private ring: Ring;
  private pool: readonly NodeId[] | null = null;
  private readonly ringChanges = new RingChangeQueue(() => this.beginRingChange());
  private epoch = 0;
  private readonly autoscaler: SimAutoscaler | null;
  /** The node the newest join added or rezone moved: it learns of the change directly. */
  private concerned: NodeId | null = null;

  constructor(private readonly options: SimOptions) {
    super(options);
    this.config = options.cluster;
    this.faultRandom = createRandom(deriveSeed(options.seed, 'faults'));
    for (const spec of options.cluster.nodes) this.addSlot(spec);
    this.ring = this.buildRing();
    for (const id of this.slots.keys()) this.startNode(id);
    this.autoscaler = options.cluster.autoscale === undefined ? null : new SimAutoscaler(this, options.cluster.autoscale);
  }

  // ── lifecycle and faults ──────────────────────────────────────────────────────────────────

  private addSlot(spec: SimNodeSpec): void {
    const id = toNodeId(spec.id);
    const slot: Slot = {
      spec,
      disk: new SimStorage(
        (delayMs, run) => this.schedule(delayMs, run),
        () => sampleLatencyMs(this.config.diskLatency, this.faultRandom),
        (prev, rec) => foldLogRecord(prev, rec, this.config.conflicts),
        { ...defaultStorageOptions, ...this.options.storage },
      ),
      random: createRandom(deriveSeed(this.options.seed, `node:${spec.id}`)),
      node: null,
      generation: 0,
      incarnation: 0,
      member: true,
      leaving: false,
    };
    this.slots.set(id, slot);
    this.pool = null;
  }

  private buildRing(): Ring {
    const members: RingMember[] = [];
    for (const [id, slot] of this.slots) if (slot.member && !slot.leaving) members.push({ id, zone: slot.spec.zone, weight: slot.spec.weight ?? 1 });
    return buildRing(members, this.config.vnodes);
  }

  nodeSettings(id: NodeId): NodeSettings {
    return nodeSettingsOf(this.config, id, this.slots.size);
  }

  private startNode(id: NodeId, ring: Ring = this.ring): void {
    const slot = this.slots.get(id);
    if (slot === undefined || slot.node !== null || !slot.member) return;
    slot.generation++;
    const node = new StoreNode({ id, incarnation: slot.incarnation, ring, ringEpoch: this.epoch, settings: this.nodeSettings(id), env: this.envFor(id, slot) });
    slot.node = node;
    this.pool = null;
    this.traceHost(id, { type: 'nodeUp' });
    node.start();
  }

  kill(id: NodeId): void {
    const slot = this.slots.get(id);
    if (slot?.node == null) return;
    slot.node = null;
    this.pool = null;
    slot.generation++;
    slot.disk.crash(this.faultRandom);
    this.traceHost(id, { type: 'nodeDown' });
    // A dead node cannot finish a ring change; the others go on without it.
    if (this.ringChanges.died(id)) this.schedule(0, () => this.ringChanges.next());
  }

  restart(id: NodeId): void {
    this.startNode(id);
  }

  /** A permanent failure: the node dies and its disk is erased; restart brings it back empty. */
  wipe(id: NodeId): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.kill(id);
    slot.disk.wipe();
    slot.incarnation++;
    this.traceHost(id, { type: 'wiped' });
  }

  cut(from: NodeId, to: NodeId, oneWay: boolean): void {
    if (this.network.cutLink(from, to)) this.traceHost(from, { type: 'linkCut', to });
    if (!oneWay && this.network.cutLink(to, from)) this.traceHost(to, { type: 'linkCut', to: from });
  }

  heal(from: NodeId, to: NodeId, oneWay: boolean): void {
    if (this.network.healLink(from, to)) this.traceHost(from, { type: 'linkHealed', to });
    if (!oneWay && this.network.healLink(to, from)) this.traceHost(to, { type: 'linkHealed', to: from });
  }

  /** Cuts every link between nodes of different groups (nodes in no group form their own). */
  partition(groups: readonly (readonly string[])[]): void {
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    const ids = [...this.slots.keys()];
    for (const a of ids) for (const b of ids) {
      if (a === b) continue;
      const ga = groupOf.get(a) ?? `solo:${a}`;
      const gb = groupOf.get(b) ?? `solo:${b}`;
      if (ga !== gb) this.cut(a, b, true);
    }
  }

  healAll(): void {
    for (const { from, to } of this.network.cutLinks()) this.heal(from, to, true);
  }

  /**
   * A node joins: it starts on the current ring, and every live node moves to the ring with
   * it, streaming the ranges it gains (rebalance.ts). Ring changes run one at a time.
   */
  join(spec: SimNodeSpec): void {
    this.ringChanges.enqueue(() => {
      const id = toNodeId(spec.id);
      if (this.slots.has(id)) return false;
      const serving = this.ring;
      this.concerned = id;
      this.addSlot(spec);
      this.ring = this.buildRing();
      this.startNode(id, serving);
      return true;
    });
  }

  /** A node leaves: it streams its ranges to their new owners, then goes. */
  leave(id: NodeId): void {
    this.ringChanges.enqueue(() => {
      const slot = this.slots.get(id);
      if (slot === undefined || !slot.member || slot.leaving) return false;
      slot.leaving = true;
      this.ring = this.buildRing();
      return true;
    });
  }

  /**
   * A node moves to another zone (undefined: none). Zone-aware placement spreads replicas
   * again, so it is a ring change like a join: the ranges whose owners change are streamed.
   */
  rezone(id: NodeId, zone: string | undefined): void {
    this.ringChanges.enqueue(() => {
      const slot = this.slots.get(id);
      if (slot === undefined || !slot.member || slot.leaving || slot.spec.zone === zone) return false;
      slot.spec = { ...slot.spec, zone };
      this.concerned = id;
      this.ring = this.buildRing();
      return true;
    });
  }

  /** A change was applied to the ring: the live members that must now settle on it. */
  private beginRingChange(): NodeId[] {
    this.epoch++;
    // Only the nodes concerned and one seed hear of it; the rest learn by gossip, so views
    // disagree for a few rounds, as they would in a real cluster.
    let seeded = false;
    const settling: NodeId[] = [];
    for (const [id, slot] of this.slots) {
      if (slot.node === null || !slot.member) continue;
      settling.push(id);
      const concerned = slot.leaving || id === this.concerned;
      if (concerned || !seeded) slot.node.beginRingChange(this.ring, this.epoch);
      if (!concerned) seeded = true;
    }
    this.pushSettings();
    return settling;
  }

  /** A node switched to the new ring; a leaving node goes once it has. */
  protected onSettled(id: NodeId): void {
    if (!this.ringChanges.settled(id)) return;
    const slot = this.slots.get(id);
    if (slot?.leaving === true) {
      this.kill(id);
      slot.member = false;
      this.pool = null;
      slot.leaving = false;
    }
    this.ringChanges.resume();
  }

  set(change: SettingsChange): void {
    const modeChanged = change.conflicts !== undefined && change.conflicts !== this.config.conflicts;
    this.config = { ...this.config, ...change, clockSkewMs: { ...this.config.clockSkewMs, ...change.clockSkewMs } };
    this.pushSettings();
    this.traceHost(toNodeId('cluster'), { type: 'settings', changes: JSON.stringify(change) });
    // A node's store merges by the mode it started with: each live node restarts to take it up.
    if (modeChanged) for (const id of this.members()) if (this.isAlive(id)) {
      this.kill(id);
      this.restart(id);
    }
  }

  /** A `network` step: latency, loss and the delay between zones for messages sent from now on. */
  changeNetwork(change: Partial<NetworkConfig>): void {
    this.network.change(change);
    this.traceHost(toNodeId('cluster'), { type: 'settings', changes: JSON.stringify(change) });
  }

  /** The network in force now (after every `network` step so far). */
  networkSettings(): NetworkConfig {
    return this.network.settings;
  }

  protected countRequest(): void {
    this.autoscaler?.countRequest();
  }

  private pushSettings(): void {
    for (const [id, slot] of this.slots) slot.node?.updateSettings(this.nodeSettings(id));
  }

  // ── inspection ────────────────────────────────────────────────────────────────────────────

  get settings(): SimClusterConfig {
    return this.config;
  }

  /** Current ring members (joined and not left), alive or not. */
  members(): NodeId[] {
    return [...this.slots].filter(([, s]) => s.member).map(([id]) => id);
  }

  /** True for a current ring member (alive or not): a client may name only these. */
  isMember(id: NodeId): boolean {
    return this.slots.get(id)?.member === true;
  }

  /**
   * Where a client sends a request that names no node: the live members, or every member when
   * none is alive. Kept until a node starts, dies or leaves (clients ask once per request).
   */
  clientPool(): readonly NodeId[] {
    if (this.pool === null) {
      const members = this.members();
      const live = members.filter((m) => this.isAlive(m));
      this.pool = live.length > 0 ? live : members;
    }
    return this.pool;
  }

  /** True while a join or leave is streaming or waiting its turn. */
  ringChanging(): boolean {
    return this.ringChanges.changing;
  }

  /** Keys held by live members, counting each replica copy. */
  keyCount(): number {
    return keyCountOf(this.slots);
  }

  traceAutoscale(action: 'add' | 'remove', target: NodeId, reason: string): void {
    this.traceHost(toNodeId('cluster'), { type: 'autoscale', action, target, reason });
  }

  /** The key's first N replicas on the current ring. */
  replicasFor(key: string): readonly NodeId[] {
    return preferenceList(this.ring, key, this.config.n).replicas;
  }

  isAlive(id: NodeId): boolean {
    return this.slots.get(id)?.node != null;
  }

  /** Each member's versions of every key, read without changing the run (simSlots.ts). */
  replicaState(): { node: NodeId; key: string; versions: readonly Version[] }[] {
    return replicaStateOf(this.slots, this.config.conflicts);
  }

  /** How each member ended (up or down, wipe count, hints held): to load the run elsewhere. */
  memberEnds(): MemberEnd[] {
    return memberEndsOf(this.slots);
  }

  cutLinks(): { from: NodeId; to: NodeId }[] {
    return this.network.cutLinks();
  }

  nodeStats(): Record<string, SimNodeStats> {
    return nodeStatsOf(this.slots);
  }

}
