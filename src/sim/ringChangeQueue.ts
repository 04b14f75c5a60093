/**
 * Joins and leaves, one at a time: a ring change starts only when every live node has settled
 * on the previous one (streamed what it gains or gives away), as an operator adds one node at
 * a time to a Dynamo ring. Pure bookkeeping; the cluster applies the changes and tells the nodes.
 */
import type { NodeId } from '../core/ids';

export class RingChangeQueue {
  /** Each waiting change; it answers false when it no longer applies (node gone, already there). */
  private readonly waiting: (() => boolean)[] = [];
  /** The live nodes still moving to the newest ring. */
  private readonly settling = new Set<NodeId>();

  /**
   * `begin` tells the live members of a change just applied and answers which of them now
   * have to settle.
   */
  constructor(private readonly begin: () => Iterable<NodeId>) {}

  /** True while a change is streaming or waiting its turn. */
  get changing(): boolean {
    return this.settling.size > 0 || this.waiting.length > 0;
  }

  enqueue(change: () => boolean): void {
    this.waiting.push(change);
    if (this.settling.size === 0) this.next();
  }

  /**
   * A node settled on the newest ring; true when it was one the change waited for. The caller
   * then calls `resume` (after retiring a leaving node, which must go before the next change).
   */
  settled(id: NodeId): boolean {
    return this.settling.delete(id);
  }

  /** Starts the next change once no node is settling any more. */
  resume(): void {
    if (this.settling.size === 0) this.next();
  }

  /**
   * A dead node cannot finish a ring change; the others go on without it. True when that ended
   * the change, so the next one may start (the caller decides when: not inside the kill).
   */
  died(id: NodeId): boolean {
    return this.settling.delete(id) && this.settling.size === 0;
  }

  /** Starts waiting changes until one leaves nodes to settle. */
  next(): void {
    for (let change = this.waiting.shift(); change !== undefined; change = this.waiting.shift()) {
      if (!change()) continue;
      for (const id of this.begin()) this.settling.add(id);
      if (this.settling.size > 0) return;
    }
  }
}
