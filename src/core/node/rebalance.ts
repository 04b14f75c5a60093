/**
 * Rebalancing when a node joins or leaves (the chapter's automatic scaling). A ring change is
 * a transition from the serving ring to the next one. During it, quorums are still counted on
 * the old owners (reads and W), writes also go to the new owners, and every old owner streams
 * the keys of the ranges that move to the nodes that gain them; a replica that stores a write
 * of a moving key passes it on too. Each node announces when its streams are acknowledged;
 * once every live old member has done so, and every request begun on the old ring has had
 * time to end, a node switches to the new ring. Pure state machine over the NodeContext.
 */
import type { NodeId } from '../ids';
import type { KeyVersions } from '../messages';
import type { Ring } from '../ring';
import { replicasFor } from '../ring';
import type { NodeContext } from './nodeContext';

/** Keys per stream message: big enough to move fast, small enough to keep messages modest. */
export const streamBatchKeys = 100;

interface Transition {
  readonly epoch: number;
  readonly next: Ring;
  readonly startedAtMs: number;
  /** Stream batches sent and not yet acknowledged, by batch id: resent every tick. */
  readonly unacked: Map<number, { readonly to: NodeId; readonly entries: KeyVersions[] }>;
  readonly doneFrom: Set<NodeId>;
  announced: boolean;
}

export class Rebalancer {
  private transition: Transition | null = null;
  private nextBatch = 1;
  keysStreamed = 0;

  constructor(
    private readonly node: NodeContext,
    private readonly settle: (next: Ring, epoch: number) => void,
  ) {}

  get next(): Ring | null {
    return this.transition?.next ?? null;
  }

  get epoch(): number | null {
    return this.transition?.epoch ?? null;
  }

  /** Starts moving to `next`: streams what this node holds that others gain. */
  begin(next: Ring, epoch: number): void {
    const { node } = this;
    this.transition = { epoch, next, startedAtMs: node.env.now(), unacked: new Map(), doneFrom: new Set(), announced: false };
    const byGainer = new Map<NodeId, KeyVersions[]>();
    for (const key of node.store.keys()) {
      for (const g of this.gainers(key)) {
        const list = byGainer.get(g) ?? [];
        list.push({ key, versions: node.store.get(key) });
        byGainer.set(g, list);
      }
    }
    for (const [to, entries] of byGainer) {
      for (let i = 0; i < entries.length; i += streamBatchKeys) this.sendBatch(to, entries.slice(i, i + streamBatchKeys));
    }
    this.maybeAnnounce();
    node.env.setTimer(node.settings().gossipIntervalMs, { type: 'rebalanceTick' });
  }

  /** Nodes that replicate `key` on the next ring but not on the serving one. */
  gainers(key: string): NodeId[] {
    const t = this.transition;
    if (t === null) return [];
    const n = this.node.settings().n;
    const old = replicasFor(this.node.ring(), key, n);
    if (!old.includes(this.node.id)) return [];
    return replicasFor(t.next, key, n).filter((p) => !old.includes(p));
  }

  /** A write stored here while its key is moving goes on to the gainers (no ack needed). */
  passOn(key: string): void {
    const t = this.transition;
    if (t === null) return;
    for (const g of this.gainers(key)) this.node.env.send(g, { type: 'stream', epoch: t.epoch, batch: 0, entries: [{ key, versions: this.node.store.get(key) }] });
  }

  onStream(from: NodeId, epoch: number, batch: number, entries: readonly KeyVersions[]): void {
    const { env, store } = this.node;
    let left = entries.length;
    const ack = () => {
      if (--left === 0 && batch !== 0) env.send(from, { type: 'streamAck', epoch, batch });
    };
    if (entries.length === 0) ack();
    for (const { key, versions } of entries) {
      store.merge(key, versions, (r) => {
        if (!r.ok) env.trace({ type: 'diskError', message: r.message });
        else ack();
      });
    }
  }

  onStreamAck(batch: number): void {
    const t = this.transition;
    if (t === null) return;
    const sent = t.unacked.get(batch);
    if (sent === undefined) return;
    t.unacked.delete(batch);
    this.keysStreamed += sent.entries.length;
    this.maybeAnnounce();
  }

  onStreamDone(from: NodeId, epoch: number): void {
    if (this.transition?.epoch === epoch) this.transition.doneFrom.add(from);
    this.maybeSettle();
  }

  /** Resends what was not acknowledged (a stream can be lost like any message), then checks. */
  onTick(): void {
    const t = this.transition;
    if (t === null) return;
    for (const [batch, { to, entries }] of t.unacked) this.node.env.send(to, { type: 'stream', epoch: t.epoch, batch, entries });
    if (t.announced) this.announce(t);
    this.maybeSettle();
    if (this.transition !== null) this.node.env.setTimer(this.node.settings().gossipIntervalMs, { type: 'rebalanceTick' });
  }

  private sendBatch(to: NodeId, entries: KeyVersions[]): void {
    const t = this.transition;
    if (t === null) return;
    const batch = this.nextBatch++;
    t.unacked.set(batch, { to, entries });
    this.node.env.send(to, { type: 'stream', epoch: t.epoch, batch, entries });
  }

  private maybeAnnounce(): void {
    const t = this.transition;
    if (t === null || t.unacked.size > 0 || t.announced) return;
    t.announced = true;
    this.announce(t);
  }

  private announce(t: Transition): void {
    t.doneFrom.add(this.node.id);
    for (const p of this.everyone(t)) if (p !== this.node.id) this.node.env.send(p, { type: 'streamDone', epoch: t.epoch });
    this.maybeSettle();
  }

  /** Settles once every live old member is done and old-ring requests have had time to end. */
  private maybeSettle(): void {
    const t = this.transition;
    if (t === null || !t.announced) return;
    const { node } = this;
    // A request begun on the old ring ends within two request timeouts (a forward included).
    if (node.env.now() - t.startedAtMs < 2 * node.settings().requestTimeoutMs) return;
    const waiting = node.ring().members.map((m) => m.id).filter((p) => !t.doneFrom.has(p) && node.membership.statusOf(p) !== 'down');
    if (waiting.length > 0) return;
    this.transition = null;
    this.settle(t.next, t.epoch);
  }

  private everyone(t: Transition): NodeId[] {
    return [...new Set([...this.node.ring().members.map((m) => m.id), ...t.next.members.map((m) => m.id)])];
  }
}
