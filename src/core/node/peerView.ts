/**
 * The minimal failure view of the protocol core: a peer that failed to answer a request in time,
 * and sent nothing else either for a while, counts as unreachable until any message from it
 * arrives. Gossip and a failure detector replace this later. Pure state; the node decides when
 * to probe.
 */
import type { NodeId } from '../ids';

export class PeerView {
  private readonly unreachable = new Set<NodeId>();
  private readonly lastProbeAt = new Map<NodeId, number>();
  private readonly lastHeardAt = new Map<NodeId, number>();

  isReachable(peer: NodeId): boolean {
    return !this.unreachable.has(peer);
  }

  /**
   * Suspects a peer that owed an answer, unless anything came from it at or after
   * `silentSinceMs`: a peer busy answering other requests is slow, not gone, and suspecting it
   * would turn a backlog into `unavailable` errors. Returns true when this changed the view.
   */
  markUnreachable(peer: NodeId, silentSinceMs: number): boolean {
    if (this.unreachable.has(peer) || (this.lastHeardAt.get(peer) ?? -Infinity) >= silentSinceMs) return false;
    this.unreachable.add(peer);
    return true;
  }

  /** Any message from a peer proves it is reachable. Returns true when this changed the view. */
  heardFrom(peer: NodeId, nowMs: number): boolean {
    this.lastHeardAt.set(peer, nowMs);
    return this.unreachable.delete(peer);
  }

  /**
   * Whether to probe an unreachable peer now: at most once per interval, so a refused request
   * cannot flood the network, yet a peer that came back is noticed.
   */
  shouldProbe(peer: NodeId, nowMs: number, intervalMs: number): boolean {
    if (this.isReachable(peer)) return false;
    const last = this.lastProbeAt.get(peer);
    if (last !== undefined && nowMs - last < intervalMs) return false;
    this.lastProbeAt.set(peer, nowMs);
    return true;
  }

  unreachablePeers(): NodeId[] {
    return [...this.unreachable].sort();
  }
}
