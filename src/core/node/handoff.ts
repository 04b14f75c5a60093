/**
 * Hinted handoff (Dynamo §4.6): a fallback periodically offers the hints it holds to their
 * owners once it believes them reachable; the owner stores them durably and acknowledges, and
 * only then does the fallback delete the hint (durably too). Bounded per round.
 */
import type { NodeId } from '../ids';
import type { Version } from '../versions/version';
import type { NodeContext } from './nodeContext';

/** Keys offered per owner per round, so a long outage drains steadily instead of all at once. */
export const handoffKeysPerRound = 64;

export class Handoff {
  constructor(private readonly node: NodeContext) {}

  start(): void {
    const { env } = this.node;
    env.setTimer(env.random() * this.node.settings().gossipIntervalMs, { type: 'handoffTick' });
  }

  onTick(): void {
    const { env, store } = this.node;
    for (const { owner } of store.hintOwners()) {
      if (!this.node.reachable(owner)) continue;
      for (const { key, versions } of store.hintsFor(owner, handoffKeysPerRound)) env.send(owner, { type: 'handoff', key, versions });
    }
    env.setTimer(this.node.settings().gossipIntervalMs, { type: 'handoffTick' });
  }

  /** As the owner: store what a fallback held for us, then say so. */
  onHandoff(from: NodeId, key: string, versions: readonly Version[]): void {
    const { env, store } = this.node;
    store.merge(key, versions, (r) => {
      if (r.ok) env.send(from, { type: 'handoffAck', key, versions });
      else env.trace({ type: 'diskError', message: r.message });
    });
  }

  /** As the fallback: the owner has them; forget exactly those versions. */
  onHandoffAck(owner: NodeId, key: string, versions: readonly Version[]): void {
    const { env, store } = this.node;
    store.dropHint(owner, key, versions, (r) => {
      if (r.ok) env.trace({ type: 'hintHandedOff', key, owner });
      else env.trace({ type: 'diskError', message: r.message });
    });
  }
}
