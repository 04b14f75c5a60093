/**
 * The simulated network: per-message latency from the link's model (by WARS class, plus the
 * inter-zone model between zones), loss, and cut links. A cut link drops what is in flight on
 * it and everything sent until it heals: each message remembers the link's epoch at send time
 * and is dropped at delivery if a cut happened since.
 */
import type { NodeId } from '../core/ids';
import type { LatencyModel, MessageClass, SimpleLatency } from '../core/network/latency';
import { hopLatencyMs } from '../core/network/latency';
import type { Random } from '../core/prng';

export interface NetworkConfig {
  readonly latency: LatencyModel;
  readonly interZoneLatency?: SimpleLatency | undefined;
  readonly loss: number;
}

export class SimNetwork {
  private readonly cut = new Set<string>();
  private readonly epochs = new Map<string, number>();

  constructor(
    private config: NetworkConfig,
    private readonly random: Random,
    private readonly zoneOf: (id: NodeId) => string | undefined,
  ) {}

  /** Latency, loss and the delay between zones from now on; messages already sent keep theirs. */
  change(change: Partial<NetworkConfig>): void {
    this.config = { ...this.config, ...change };
  }

  get settings(): NetworkConfig {
    return this.config;
  }

  // Both are asked twice per message, at send and at delivery. Most runs never cut a link, and
  // then neither builds the link's name (a string concatenation and a hash per call).
  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.size !== 0 && this.cut.has(linkName(from, to));
  }

  epoch(from: NodeId, to: NodeId): number {
    return this.epochs.size === 0 ? 0 : (this.epochs.get(linkName(from, to)) ?? 0);
  }

  /** Cuts the link from → to (one direction). Returns false if it was already cut. */
  cutLink(from: NodeId, to: NodeId): boolean {
    const name = linkName(from, to);
    if (this.cut.has(name)) return false;
    this.cut.add(name);
    this.epochs.set(name, (this.epochs.get(name) ?? 0) + 1);
    return true;
  }

  healLink(from: NodeId, to: NodeId): boolean {
    return this.cut.delete(linkName(from, to));
  }

  cutLinks(): { from: NodeId; to: NodeId }[] {
    return [...this.cut].map((name) => {
      const [from, to] = name.split('\u0000') as [NodeId, NodeId];
      return { from, to };
    });
  }

  /** True when this message is lost to the configured loss probability. */
  lost(): boolean {
    return this.config.loss > 0 && this.random() < this.config.loss;
  }

  /** Samples one message's latency between two nodes (or a client hop when `to` has no zone). */
  latencyMs(cls: MessageClass, from: NodeId | undefined, to: NodeId | undefined): number {
    return hopLatencyMs(this.config.latency, this.config.interZoneLatency, cls, this.random, this.zoneOf, from, to);
  }
}

function linkName(from: NodeId, to: NodeId): string {
  return `${from}\u0000${to}`;
}
