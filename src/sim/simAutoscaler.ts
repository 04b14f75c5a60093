/**
 * Runs the core's autoscaling rule in the simulator: samples client load every check interval,
 * asks decideScaling, and joins or removes a node, tracing each decision with its reason.
 * Waits while a ring change is still settling, so one rebalance finishes before the next.
 */
import type { AutoscaleConfig, AutoscaleState } from '../core/autoscaler';
import { decideScaling, initialAutoscaleState } from '../core/autoscaler';
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';

/** What the autoscaler needs of the cluster. */
export interface ScalableCluster {
  readonly now: number;
  schedule(delayMs: number, run: () => void): void;
  members(): NodeId[];
  isAlive(id: NodeId): boolean;
  keyCount(): number;
  ringChanging(): boolean;
  join(spec: { id: string }): void;
  leave(id: NodeId): void;
  traceAutoscale(action: 'add' | 'remove', target: NodeId, reason: string): void;
}

export class SimAutoscaler {
  private state: AutoscaleState = initialAutoscaleState;
  private requests = 0;
  private added: NodeId[] = [];
  private nextId = 1;

  constructor(
    private readonly cluster: ScalableCluster,
    private readonly config: AutoscaleConfig,
  ) {
    if (config.enabled) cluster.schedule(config.checkIntervalMs, () => this.check());
  }

  /** One client request arrived at a node. */
  countRequest(): void {
    this.requests++;
  }

  private check(): void {
    const { cluster, config } = this;
    const live = cluster.members().filter((m) => cluster.isAlive(m));
    const nodes = Math.max(1, live.length);
    const sample = { nowMs: cluster.now, nodes: live.length, opsPerSecPerNode: this.requests / (config.checkIntervalMs / 1000) / nodes, keysPerNode: cluster.keyCount() / nodes };
    this.requests = 0;
    if (!cluster.ringChanging()) {
      const { state, decision } = decideScaling(config, this.state, sample);
      this.state = state;
      if (decision.action === 'add') {
        let id = nodeId(`auto${this.nextId++}`);
        while (cluster.members().includes(id)) id = nodeId(`auto${this.nextId++}`);
        this.added.push(id);
        cluster.traceAutoscale('add', id, decision.reason);
        cluster.join({ id });
      } else if (decision.action === 'remove') {
        // The newest node the autoscaler added goes first; else the newest member.
        const target = this.added.pop() ?? live[live.length - 1];
        if (target !== undefined) {
          cluster.traceAutoscale('remove', target, decision.reason);
          cluster.leave(target);
        }
      }
    }
    cluster.schedule(config.checkIntervalMs, () => this.check());
  }
}
