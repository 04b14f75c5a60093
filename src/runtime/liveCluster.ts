// The live cluster, on the main thread: one Worker per node, one MessageChannel per pair of
// nodes, the cluster clock, links, lifecycle (kill, restart, wipe), join and leave (through
// clusterMembership.ts) and the saved configuration. It routes no node-to-node message and
// holds no node state: that lives in workers and disks.
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { ClientId, NodeId, RequestId } from '../core/ids';
import { clientId, nodeId } from '../core/ids';
import { deriveSeed } from '../core/prng';
import type { Ring, RingMember } from '../core/ring';
import { replicasFor } from '../core/ring';
import type { HostTraceEvent, TraceEvent } from '../core/trace';
import { assertNever } from '../core/assertNever';
import type { ClusterLock } from './clusterLock';
import { acquireClusterLock, releaseAfter, unguardedNote } from './clusterLock';
import type { LiveClusterConfig } from './clusterConfig';
import { defaultClusterConfig, defaultLiveStorage, forgetClusterConfig, freshSeed, knownClusterNames, loadClusterConfig, networkOf, nodeSettingsOf, presentNodes, rememberClusterName, withColourSlots, withNetwork } from './clusterConfig';
import { ClusterClock } from './clusterClock';
import { ClusterMembership } from './clusterMembership';
import { ClusterPersistence } from './clusterPersistence';
import { deleteNodeDatabase } from './idbDisk';
import { LiveClient } from './liveClient';
import type { LiveAutoscaler } from './liveAutoscaler';
import { liveAutoscalerFor } from './liveAutoscaler';
import { LiveNetwork } from './liveNetwork';
import { NodeLives } from './nodeLives';
import { StatsPoller } from './statsPoller';
import { liveStorageProblem } from './storage/liveStorageOptions';
import { TraceBuffer } from './traceBuffer';
import { sweepKeptTracesSoon, TraceKeep } from './traceKeep';
import { decodeEvents } from './traceDecoder';
import type { ClusterSnapshot, SettingsChange } from './clusterSnapshot';
import { quorumProblem, shareUnchanged, snapshotOf } from './clusterSnapshot';
import type { KeyQuery, LiveStorageSettings, NetworkModel, NodeInspection, WorkerEvent } from './workerProtocol';
import type { AdoptedEntry } from '../core/node/storeNode';

/** The outcome of opening a cluster: another tab may hold it. */
export type OpenResult = { readonly kind: 'open'; readonly cluster: LiveCluster } | { readonly kind: 'locked'; readonly clusterName: string };

/** Problems (disk errors, worker failures) kept for the page to show. */
const problemsMax = 20;
/** How long a closed cluster's lock waits at most for its kept trace's last writes. */
const lockHeldForWritesMaxMs = 3_000;
/** The lane of cluster-wide host events (settings), as in the simulator. */
const clusterLane = nodeId('cluster');

export class LiveCluster {
  readonly trace = new TraceBuffer();
  /** The trace kept on disk, so a reload or a return to this cluster shows its run again. */
  readonly keep: TraceKeep;
  readonly client: LiveClient;
  private readonly lives = new NodeLives(
    (id, e) => this.onWorkerEvent(id, e),
    (urgent) => this.changed(urgent),
  );
  /** Cut and heal links: `cluster.network.cut(a, b)`. */
  readonly network: LiveNetwork = new LiveNetwork({
    members: () => this.members(),
    handle: (id) => this.lives.handle(id),
    traceHost: (lane, e) => this.traceHost(lane, e),
    changed: () => this.setConfig({ ...this.config, cutLinks: this.network.cutLinks() }),
    now: () => this.clock.now(),
  });
  private readonly clock = new ClusterClock(
    (state) => {
      for (const h of this.lives.all()) void h.api.setClock(state);
      this.changed();
    },
    () => this.changed(),
  );
  private readonly listeners = new Set<(urgent: boolean) => void>();
  private problems: string[] = [];
  private snap: ClusterSnapshot | null = null;
  /** The snapshot handed out last: the next one shares its unchanged parts. */
  private lastSnap: ClusterSnapshot | null = null;
  /** Join and leave (`membership.join(spec)`), the ring change under way. */
  readonly membership: ClusterMembership;
  /** Autoscaling on load, off unless the page turns it on; saved with the cluster. */
  readonly autoscaler: LiveAutoscaler;
  /** The configuration in force, saved at every change with the id counters and the resume point. */
  private readonly saved: ClusterPersistence;
  /** Set by close(): a join whose check finishes later must not start a worker. */
  private isClosed = false;
  private readonly poller: StatsPoller;

  /** Opens this tab's cluster: its saved configuration if any (fresh === false), else a new one. */
  static async open(clusterName: string): Promise<OpenResult> {
    const lock = await acquireClusterLock(clusterName);
    if (lock === null) return { kind: 'locked', clusterName };
    const notRemembered = rememberClusterName(clusterName);
    sweepKeptTracesSoon((name) => knownClusterNames().includes(name));
    const saved = loadClusterConfig(clusterName);
    const cluster = new LiveCluster(saved ?? defaultClusterConfig(clusterName, freshSeed()), lock, saved === null);
    if (notRemembered !== null) cluster.problem(notRemembered);
    cluster.membership.boot();
    return { kind: 'open', cluster };
  }

  private constructor(
    config: LiveClusterConfig,
    private readonly lock: ClusterLock,
    /** True when this cluster was created now rather than restored: the page seeds a few keys. */
    readonly fresh: boolean,
  ) {
    if (!lock.guarded) this.problems = [unguardedNote];
    this.saved = new ClusterPersistence(config, { now: () => this.clock.now(), problem: (message) => this.problem(message) });
    this.membership = new ClusterMembership(this.lives, {
      config: () => this.config,
      setConfig: (c) => this.setConfig(c),
      startLife: (id, members, epoch) => this.startLife(id, members, epoch),
      problem: (message) => this.problem(message),
      closed: () => this.isClosed,
    });
    // Time never runs backwards for a cluster: last-write-wins timestamps depend on it.
    if (Number.isFinite(config.resumeAtMs)) this.clock.set({ ...this.clock.current, simTime: config.resumeAtMs ?? 0 });
    // Cut before the reload: cut again silently, as the kept trace and the story hold the cut.
    this.network.restore(config.cutLinks ?? []);
    this.keep = new TraceKeep(config.clusterName, { beforeWrite: (at) => this.saved.keepPresent(at) });
    this.trace.subscribe((batch, bytes) => this.keep.append(batch, bytes));
    this.client = new LiveClient(this.clientHost(), clientId('page'));
    this.autoscaler = liveAutoscalerFor(this, config.autoscale, (autoscale) => this.saved.save({ ...this.config, autoscale }), () => this.changed());
    this.poller = new StatsPoller(
      () => (this.clock.paused ? [] : this.lives.serving()),
      (id, stats) => this.lives.onStats(id, stats),
    );
  }

  private get config(): LiveClusterConfig {
    return this.saved.config;
  }

  get name(): string {
    return this.config.clusterName;
  }

  // ── what the page reads ─────────────────────────────────────────────────────────────────────

  snapshot(): ClusterSnapshot {
    this.snap ??= shareUnchanged(this.lastSnap, snapshotOf(this.config, { statusOf: (id) => this.lives.statusOf(id), clock: this.clock.current, cutLinks: this.network.cutLinks(), problems: this.problems }));
    this.lastSnap = this.snap;
    return this.snap;
  }

  /** `listener(urgent)` on every change; urgent ones (a node up or down, a problem, a ring change settled) are worth showing at once. */
  subscribe(listener: (urgent: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Nodes in the cluster (a leaving one until it has gone), up or down. */
  members(): NodeId[] {
    return presentNodes(this.config).map((n) => nodeId(n.id));
  }

  /** The key's first N replicas on the ring: the page uses it to pick whom to kill. */
  replicasOf(key: string): readonly NodeId[] {
    return replicasFor(this.membership.ring, key, this.config.settings.n);
  }

  /**
   * A further named client of this cluster, with its own contexts and trace lane, so that two
   * clients writing from stale contexts make siblings as Dynamo's do.
   */
  createClient(name: string): LiveClient {
    return new LiveClient(this.clientHost(), clientId(name));
  }

  /** What a recorded scenario needs beyond the snapshot; nodes as this page opened them (joins are steps). */
  scenarioBase(): Pick<LiveClusterConfig, 'seed' | 'vnodes' | 'latency' | 'interZoneLatency'> & { readonly nodes: readonly RingMember[] } {
    const { seed, vnodes, latency, interZoneLatency } = this.config;
    return { seed, vnodes, latency, interZoneLatency, nodes: this.membership.initialNodes };
  }

  /** Current simulated time, for views that follow the present. */
  now(): number {
    return this.clock.now();
  }

  /** The newest consistent-hashing ring (a joining node on it, a leaving one off): the page draws it. */
  currentRing(): Ring {
    return this.membership.ring;
  }

  /** A node's replica state, read directly (not through a quorum): every key, or one page of them. */
  inspect(id: NodeId, query?: KeyQuery): Promise<NodeInspection> | null {
    return this.lives.handle(id)?.api.inspect(query) ?? null;
  }

  /** Hands a node versions from elsewhere (see loadedCluster.ts); false with why if it is down. */
  adopt(id: NodeId, entries: readonly AdoptedEntry[]): Promise<{ readonly ok: boolean; readonly message?: string }> {
    return this.lives.handle(id)?.api.adopt(entries) ?? Promise.resolve({ ok: false, message: `${id} is down` });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  kill(id: NodeId): void {
    if (!this.lives.end(id)) return;
    this.membership.onLifeEnded(id);
    this.traceHost(id, { type: 'nodeDown' });
    this.saveNode(id, { down: true });
  }

  /** A new worker on the same database, once the last one is terminated: it recovers by replaying its commit log. */
  restart(id: NodeId): void {
    if (this.lives.has(id) || !this.members().includes(id)) return;
    this.saveNode(id, { down: false });
    // It comes back on the newest ring, as in the simulator.
    this.startLife(id, this.membership.ring.members, this.config.ringEpoch ?? 0);
  }

  /** A permanent failure: the node dies and its database is deleted; restart brings it back empty. */
  async wipe(id: NodeId): Promise<void> {
    this.kill(id);
    // The new incarnation is saved first: a restart clicked while the delete runs must already
    // write dots as the new actor (its counters start again from an empty disk).
    const saved = this.config.nodes.find((n) => n.id === id);
    this.saveNode(id, { incarnation: (saved?.incarnation ?? 0) + 1 });
    // Traced now, before any restart the user clicks: the story replays kill, wipe, restart.
    this.traceHost(id, { type: 'wiped' });
    // Deleted once the killed worker is terminated (it must not write into the new, empty
    // database), and a restart meanwhile waits for the delete.
    const r = await this.lives.deleteAfterEnd(id, () => deleteNodeDatabase(this.config.clusterName, id));
    if (!r.ok) this.problem(`wipe of ${id}: ${r.message}`);
  }

  private startLife(id: NodeId, members: readonly RingMember[], ringEpoch: number): void {
    const incarnation = this.config.nodes.find((n) => n.id === id)?.incarnation ?? 0;
    const life = this.saved.nextLife();
    // A node that cannot open its database says so in its trace (a diskError, shown as a problem).
    void this.lives.spawn(id, incarnation, () => ({
      id, incarnation, members, ringEpoch, life,
      vnodes: this.config.vnodes,
      settings: nodeSettingsOf(this.config, id),
      clusterName: this.config.clusterName,
      seed: deriveSeed(this.config.seed, `${id}:${life}`),
      ...networkOf(this.config),
      clock: this.clock.current,
      links: this.network.all(),
      storage: this.config.storage ?? defaultLiveStorage,
    }));
    this.traceHost(id, { type: 'nodeUp' });
  }

  // ── time and settings ──────────────────────────────────────────────────────────────────────

  pause(): void {
    this.clock.change({ paused: true });
  }

  resume(): void {
    this.clock.change({ paused: false });
  }

  setSpeed(speed: number): void {
    this.clock.change({ speed });
  }

  /** Runs simulated time up to `simTime` everywhere and pauses there (a step); resolves once paused. */
  runUntil(simTime: number): Promise<void> {
    return this.clock.runUntil(simTime);
  }

  /**
   * Changes cluster-wide settings (N/W/R, sloppy quorum, read repair) on every running worker
   * and in the saved configuration, so a restart or a reload keeps them. Returns why not when
   * N/W/R would break a bound; then nothing changes.
   */
  setSettings(change: SettingsChange): string | null {
    const settings = { ...this.config.settings, ...change };
    const why = quorumProblem(settings, this.membership.members().length);
    if (why !== null) return why;
    this.setConfig({ ...this.config, settings });
    for (const h of this.lives.all()) void h.api.setSettings(nodeSettingsOf(this.config, h.id));
    this.traceHost(clusterLane, { type: 'settings', changes: JSON.stringify(change) });
    return null;
  }

  /** Latency and loss for every link from now on, saved with the cluster. */
  setNetwork(network: NetworkModel): void {
    this.setConfig(withNetwork(this.config, network));
    const now = networkOf(this.config);
    for (const h of this.lives.all()) void h.api.setNetwork(now);
    // The whole network in force (no delay between zones is no field): a `network` step of the story.
    this.traceHost(clusterLane, { type: 'settings', changes: JSON.stringify(now) });
  }

  /**
   * How nodes store (IndexedDB durability, memtable size, tombstone grace), saved with the cluster. A storage
   * engine is opened with these when its node starts, so they apply from each node's next start.
   */
  setStorage(storage: LiveStorageSettings): void {
    if (liveStorageProblem(storage) !== null) return;
    this.setConfig({ ...this.config, storage });
    this.traceHost(clusterLane, { type: 'settings', changes: JSON.stringify({ storage }) });
  }

  /** One node's clock skew (lww timestamps are its now + skew), saved with the cluster. */
  setClockSkew(id: NodeId, clockSkewMs: number): void {
    if (!Number.isFinite(clockSkewMs)) return;
    this.setConfig({ ...this.config, nodes: this.config.nodes.map((n) => (n.id === id ? { ...n, clockSkewMs } : n)) });
    void this.lives.handle(id)?.api.setSettings(nodeSettingsOf(this.config, id));
    this.traceHost(id, { type: 'settings', changes: JSON.stringify({ clockSkewMs }) });
  }

  /** Saves the palette slot the page draws each node's colour from, so a reload keeps every colour; nothing when none changed. */
  keepColourSlots(slots: ReadonlyMap<string, number>): void {
    const config = withColourSlots(this.config, slots);
    if (config !== null) this.setConfig(config);
  }

  // ── fresh start and closing ────────────────────────────────────────────────────────────────

  /** Forgets everything: every node's database, the saved configuration, the trace. */
  async startFresh(): Promise<void> {
    // A join or leave under way is dropped first: its end must not touch the fresh cluster's disks.
    this.membership.reset();
    for (const id of this.lives.ids()) this.kill(id);
    await this.lives.allEnded();
    const deleted = await Promise.all(this.config.nodes.map(async (n) => ({ id: n.id, r: await deleteNodeDatabase(this.config.clusterName, n.id) })));
    const failed = deleted.flatMap(({ id, r }) => (r.ok ? [] : [`start fresh: ${id}: ${r.message}`]));
    forgetClusterConfig(this.config.clusterName);
    // The old cluster's problems go; a database the fresh start could not delete is the new one's.
    this.problems = [...(this.lock.guarded ? [] : [unguardedNote]), ...failed];
    this.saved.startAgain(defaultClusterConfig(this.config.clusterName, freshSeed()));
    this.membership.reset();
    this.client.forget();
    this.network.healAll();
    this.trace.clear();
    void this.keep.forget();
    this.membership.boot();
    this.changed();
  }

  /** Stops every worker and releases the tab's lock once the kept trace is written; the databases stay. */
  close(): void {
    this.isClosed = true;
    this.saved.keepPresent(0);
    const written = this.keep.close();
    this.poller.stop();
    this.autoscaler.stop();
    this.lives.endAll();
    // Held until the kept trace's last writes land: another tab opening the cluster reads them.
    releaseAfter(this.name, this.lock, written, lockHeldForWritesMaxMs);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private clientHost() {
    return {
      now: () => this.clock.now(),
      nextRequestId: (): RequestId => this.saved.nextRequestId(),
      upNodes: () => this.lives.ids(),
      sendRequest: (to: NodeId, req: ClientRequest): Promise<ClientReply> =>
        this.lives.request(to, req) ?? Promise.resolve({ reqId: req.reqId, ok: false, error: 'unavailable', message: `node ${to} is down`, coordinator: null }),
      traceHost: (lane: ClientId, e: HostTraceEvent) => this.traceHost(lane, e),
    };
  }

  private onWorkerEvent(id: NodeId, e: WorkerEvent): void {
    switch (e.type) {
      case 'trace': {
        const events = decodeEvents<TraceEvent>(e.bytes);
        for (const t of events) if (t.type === 'diskError') this.problem(`${t.node}: ${t.message}`);
        this.trace.append(events, e.droppedEvents, e.bytes);
        this.membership.onTrace(events);
        return;
      }
      case 'fatal':
        this.problem(`${id} failed: ${e.message}`);
        return;
      default:
        assertNever(e, 'worker event');
    }
  }

  traceHost(lane: NodeId | ClientId, e: HostTraceEvent): void {
    this.trace.hold({ ...e, at: this.clock.now(), node: lane });
  }

  private saveNode(id: NodeId, change: { down?: boolean; incarnation?: number }): void {
    this.setConfig({ ...this.config, nodes: this.config.nodes.map((n) => (n.id === id ? { ...n, ...change } : n)) });
  }

  /** Saves the configuration (a reload brings it back) and tells the page. */
  private setConfig(config: LiveClusterConfig): void {
    this.saved.save(config);
    this.changed(true);
  }

  private problem(message: string): void {
    this.problems = [...this.problems, message].slice(-problemsMax);
    this.changed(true);
  }

  private changed(urgent = false): void {
    this.snap = null;
    for (const listener of this.listeners) listener(urgent);
  }
}
