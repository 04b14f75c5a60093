// Autoscaling in the live cluster: samples load (client requests per simulated second per node,
// keys per node) every check interval of simulated time, asks the core's pure decideScaling,
// and joins or removes a node, tracing each decision with its reason (the simulator's
// `autoscale` event, so the timeline shows it). Hysteresis, sustain, cooldown and the
// [minNodes, maxNodes] bounds are the rule's; this only measures and acts. Waits while a ring
// change is under way, so one rebalance settles before the next, and while time is paused.
import type { AutoscaleConfig, AutoscaleState } from '../core/autoscaler';
import { decideScaling, initialAutoscaleState } from '../core/autoscaler';
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { HostTraceEvent, TraceEvent } from '../core/trace';
import { checkedAutoscale } from './clusterChecks';
import type { JoinSpec } from './clusterMembership';
import { maxLiveNodes } from './clusterMembership';
import type { NodeStatus } from './clusterSnapshot';
import type { LiveCluster } from './liveCluster';

/** The page's defaults: off, and thresholds a few clicks of load will not cross. */
export const defaultLiveAutoscale: AutoscaleConfig = {
  enabled: false,
  minNodes: 3,
  maxNodes: 8,
  upOpsPerSecPerNode: 50,
  upKeysPerNode: 10_000,
  downOpsPerSecPerNode: 5,
  downKeysPerNode: 10_000,
  sustainMs: 5_000,
  cooldownMs: 10_000,
  checkIntervalMs: 1_000,
};

/** How often (real ms) the sampler looks whether a check interval of simulated time has passed. */
const pollRealMs = 200;
/** Decisions kept for the page's list; the trace keeps them all. */
const decisionsMax = 10;

export interface AutoscaleDecisionRecord {
  readonly atMs: number;
  readonly action: 'add' | 'remove';
  readonly target: NodeId;
  readonly reason: string;
}

/** What the autoscaler needs of the live cluster. */
export interface ScalableLiveCluster {
  now(): number;
  paused(): boolean;
  nodes(): readonly NodeStatus[];
  /** A join or leave is under way. */
  ringChanging(): boolean;
  /** The cluster's N: never shrink below it. */
  replicas(): number;
  join(spec: JoinSpec): string | null;
  leave(id: NodeId): string | null;
  traceHost(lane: NodeId, e: HostTraceEvent): void;
}

export class LiveAutoscaler {
  private state: AutoscaleState = initialAutoscaleState;
  private requests = 0;
  private lastSampleMs: number | null = null;
  private readonly added: NodeId[] = [];
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | undefined;
  private recent: AutoscaleDecisionRecord[] = [];
  private stopped = false;

  constructor(
    private readonly cluster: ScalableLiveCluster,
    private config: AutoscaleConfig,
    /** Saves the settings with the cluster, so a reload keeps them. */
    private readonly save: (config: AutoscaleConfig) => void,
    private readonly changed: () => void,
  ) {
    this.start(config);
  }

  get settings(): AutoscaleConfig {
    return this.config;
  }

  /** The newest decisions, newest last. */
  decisions(): readonly AutoscaleDecisionRecord[] {
    return this.recent;
  }

  /** New thresholds or on/off, saved; resolves to why they are refused, or null. */
  async configure(change: Partial<AutoscaleConfig>): Promise<string | null> {
    const checked = await checkedAutoscale({ ...this.config, ...change });
    if (!checked.ok) return checked.message;
    // The check loads its schema first: the cluster may have closed meanwhile, and must stay stopped.
    if (this.stopped) return 'the cluster was closed';
    this.start(checked.config);
    this.save(checked.config);
    this.changed();
    return null;
  }

  /** The sustained-load clocks start again with the new settings. */
  private start(config: AutoscaleConfig): void {
    this.config = config;
    this.state = { ...initialAutoscaleState, lastDecisionMs: this.state.lastDecisionMs };
    this.lastSampleMs = null;
    this.requests = 0;
    clearInterval(this.timer);
    this.timer = config.enabled ? setInterval(() => this.poll(), pollRealMs) : undefined;
  }

  /** Counts client requests as the nodes take them. */
  onTrace(batch: readonly TraceEvent[]): void {
    if (!this.config.enabled) return;
    for (const e of batch) if (e.type === 'clientRequest') this.requests++;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    const { cluster, config } = this;
    if (cluster.paused()) return;
    const nowMs = cluster.now();
    if (this.lastSampleMs === null) {
      this.lastSampleMs = nowMs;
      this.requests = 0;
      return;
    }
    const elapsedMs = nowMs - this.lastSampleMs;
    if (elapsedMs < config.checkIntervalMs) return;
    const up = cluster.nodes().filter((n) => n.state === 'up');
    const count = Math.max(1, up.length);
    const keys = up.reduce((sum, n) => sum + n.keys, 0);
    const sample = { nowMs, nodes: cluster.nodes().length, opsPerSecPerNode: this.requests / (elapsedMs / 1000) / count, keysPerNode: keys / count };
    this.lastSampleMs = nowMs;
    this.requests = 0;
    if (cluster.ringChanging()) return;
    // Never fewer nodes than N (a key needs N replicas), never more than a page can host.
    const bounded = { ...config, minNodes: Math.max(config.minNodes, cluster.replicas()), maxNodes: Math.min(config.maxNodes, maxLiveNodes) };
    const { state, decision } = decideScaling(bounded, this.state, sample);
    this.state = state;
    if (decision.action === 'none') return;
    const target = decision.action === 'add' ? this.freshId() : this.removable();
    if (target === undefined) return;
    const refused = decision.action === 'add' ? cluster.join({ id: target }) : cluster.leave(target);
    if (refused !== null) return;
    cluster.traceHost(nodeId('cluster'), { type: 'autoscale', action: decision.action, target, reason: decision.reason });
    if (decision.action === 'add') this.added.push(target);
    this.recent = [...this.recent, { atMs: nowMs, action: decision.action, target, reason: decision.reason }].slice(-decisionsMax);
    this.changed();
  }

  private freshId(): NodeId {
    const taken = new Set(this.cluster.nodes().map((n) => n.id));
    let id = nodeId(`auto${this.nextId++}`);
    while (taken.has(id)) id = nodeId(`auto${this.nextId++}`);
    return id;
  }

  /** The newest node the autoscaler added goes first; else the newest member. */
  private removable(): NodeId | undefined {
    const present = this.cluster.nodes().map((n) => n.id);
    while (this.added.length > 0) {
      const id = this.added.pop();
      if (id !== undefined && present.includes(id)) return id;
    }
    return present[present.length - 1];
  }
}

/** The autoscaler of a live cluster, over its public face, saving its settings with it. */
export function liveAutoscalerFor(
  c: Pick<LiveCluster, 'now' | 'snapshot' | 'membership' | 'traceHost' | 'trace'>,
  saved: AutoscaleConfig | undefined,
  save: (config: AutoscaleConfig) => void,
  changed: () => void,
): LiveAutoscaler {
  const scaler = new LiveAutoscaler(
    {
      now: () => c.now(),
      paused: () => c.snapshot().clock.paused,
      nodes: () => c.snapshot().nodes,
      ringChanging: () => c.snapshot().ringChange !== null,
      replicas: () => c.snapshot().settings.n,
      join: (spec) => c.membership.admit(spec),
      leave: (id) => c.membership.leave(id),
      traceHost: (lane, e) => c.traceHost(lane, e),
    },
    saved ?? defaultLiveAutoscale,
    save,
    changed,
  );
  c.trace.subscribe((batch) => scaler.onTrace(batch));
  return scaler;
}
