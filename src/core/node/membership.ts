/**
 * Gossip membership with a timeout failure detector (Dynamo §4.8). Each node keeps a heartbeat
 * counter per member; every gossip interval it raises its own and sends its list to one random
 * peer, and it keeps the higher counter of every entry it receives. A member whose heartbeat
 * has not advanced for `suspectAfterIntervals` gossip intervals is suspected, and after
 * `downAfterIntervals` it is down. Views are local: during a partition each side sees the
 * other go down. The detector never changes the ring; only join and leave do. Pure state.
 *
 * The numbers: with random-peer gossip a heartbeat reaches every one of n nodes in about
 * log2(n) + ln(n) rounds (≈ 4 rounds for 5 nodes, 11 for 64), so 4 quiet intervals make a
 * member suspect and 8 make it down: a slow spread is suspected briefly, not declared dead.
 */
import type { NodeId } from '../ids';

export type MemberStatus = 'alive' | 'suspect' | 'down';

export const suspectAfterIntervals = 4;
export const downAfterIntervals = 8;

interface Entry {
  heartbeat: number;
  /** Local time the heartbeat last advanced: only this node's clock, never another's. */
  advancedAtMs: number;
  status: MemberStatus;
}

/** One member as gossip carries it. */
export type GossipEntry = readonly [id: NodeId, heartbeat: number];

export class Membership {
  private readonly entries = new Map<NodeId, Entry>();

  constructor(
    private readonly self: NodeId,
    members: readonly NodeId[],
    nowMs: number,
  ) {
    for (const id of members) this.entries.set(id, { heartbeat: 0, advancedAtMs: nowMs, status: 'alive' });
  }

  /** Keeps the list in step with the ring: new members start alive, departed ones go. */
  setMembers(members: readonly NodeId[], nowMs: number): void {
    const keep = new Set(members);
    for (const id of [...this.entries.keys()]) if (!keep.has(id)) this.entries.delete(id);
    for (const id of members) if (!this.entries.has(id)) this.entries.set(id, { heartbeat: 0, advancedAtMs: nowMs, status: 'alive' });
  }

  /** Raises this node's own heartbeat and returns the list to send. */
  beat(nowMs: number): GossipEntry[] {
    const own = this.entries.get(this.self);
    if (own !== undefined) {
      own.heartbeat++;
      own.advancedAtMs = nowMs;
    }
    return [...this.entries].map(([id, e]) => [id, e.heartbeat] as const);
  }

  /** Merges a received list: an entry counts only if its heartbeat is higher than ours. */
  merge(list: readonly GossipEntry[], nowMs: number): void {
    for (const [id, heartbeat] of list) {
      const e = this.entries.get(id);
      if (e !== undefined && heartbeat > e.heartbeat) {
        e.heartbeat = heartbeat;
        e.advancedAtMs = nowMs;
      }
    }
  }

  /** Re-evaluates every member; returns the ones whose status changed. */
  detect(nowMs: number, gossipIntervalMs: number): { id: NodeId; status: MemberStatus }[] {
    const changed: { id: NodeId; status: MemberStatus }[] = [];
    for (const [id, e] of this.entries) {
      if (id === this.self) continue;
      const quietMs = nowMs - e.advancedAtMs;
      const status: MemberStatus =
        quietMs >= downAfterIntervals * gossipIntervalMs ? 'down' : quietMs >= suspectAfterIntervals * gossipIntervalMs ? 'suspect' : 'alive';
      if (status !== e.status) {
        e.status = status;
        changed.push({ id, status });
      }
    }
    return changed;
  }

  statusOf(id: NodeId): MemberStatus {
    return id === this.self ? 'alive' : (this.entries.get(id)?.status ?? 'down');
  }

  /** Peers to gossip with: every other member (down ones too, so a healed node is found). */
  peers(): NodeId[] {
    return [...this.entries.keys()].filter((id) => id !== this.self);
  }

  snapshot(): { id: NodeId; heartbeat: number; status: MemberStatus }[] {
    return [...this.entries].map(([id, e]) => ({ id, heartbeat: e.heartbeat, status: id === this.self ? 'alive' : e.status }));
  }
}
