/**
 * The gossip role: every gossip interval, raise the own heartbeat, send the membership list
 * and the newest ring to one random peer, and run the failure detector; trace every status change (views are local,
 * so each node's trace shows its own view).
 */
import type { RingState } from '../messages';
import type { GossipEntry } from './membership';
import type { NodeContext } from './nodeContext';

export class Gossiper {
  constructor(private readonly node: NodeContext) {}

  /** First round at a random offset, so nodes started together do not gossip in lockstep. */
  start(): void {
    const { env } = this.node;
    env.setTimer(env.random() * this.node.settings().gossipIntervalMs, { type: 'gossipTick' });
  }

  onTick(): void {
    const { env, membership } = this.node;
    const s = this.node.settings();
    const list = membership.beat(env.now());
    const peers = membership.peers();
    const peer = peers[Math.floor(env.random() * peers.length)];
    if (peer !== undefined) env.send(peer, { type: 'gossip', members: list, ring: this.node.ringState() });
    this.detect();
    env.setTimer(s.gossipIntervalMs, { type: 'gossipTick' });
  }

  onGossip(list: readonly GossipEntry[], ring: RingState): void {
    this.node.learnRing(ring);
    this.node.membership.merge(list, this.node.env.now());
    this.detect();
  }

  private detect(): void {
    const { env, membership } = this.node;
    for (const { id, status } of membership.detect(env.now(), this.node.settings().gossipIntervalMs)) {
      env.trace({ type: 'peerView', peer: id, reachable: status !== 'down', status });
    }
  }
}
