/**
 * Rebalancing when a node joins or leaves (the chapter's automatic scaling). A ring change is
 * a transition from the serving ring to the next one. During it, quorums are still counted on
 * the old owners (reads and W), writes also go to the new owners, and every old owner streams
 * the keys of the ranges that move to the nodes that gain them; a replica that stores a write
 * of a moving key passes it on too. Each node announces when its streams are acknowledged;
 * once every live old member has done so, and every request begun on the old ring has had
 * time to end, a node switches to the new ring (reads and W on the new owners).
 *
 * Nodes learn of a change by gossip and switch at different moments, so for a while some read
 * on the old owners and some on the new. From the start of the change until a node knows that
 * every live node has switched, its writes must reach W owners on both rings (the "dual"
 * ring): then a read on either ring overlaps every write. Pure state machine over the context.
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
  /** Nodes already switched to `next` (heard early, kept for after the switch). */
  readonly switchedFrom: Set<NodeId>;
  /** Reading the moving keys from the storage engine: nothing is announced before it is done. */
  reading: 'pending' | 'failed' | 'done';
  announced: boolean;
}

/** After the switch, until every live node has switched too: the ring left behind. */
interface AfterSwitch {
  readonly epoch: number;
  readonly previous: Ring;
  readonly switchedFrom: Set<NodeId>;
}

export class Rebalancer {
  private transition: Transition | null = null;
  private after: AfterSwitch | null = null;
  /** Announcements for a change this node has not heard of yet (gossip is slower). Bounded. */
  private early: { epoch: number; from: NodeId; switched: boolean }[] = [];
  private lastEpoch = 0;
  private nextBatch = 1;
  keysStreamed = 0;

  constructor(
    private readonly node: NodeContext,
    private readonly settle: (next: Ring, epoch: number) => void,
  ) {}

  get next(): Ring | null {
    return this.transition?.next ?? null;
  }

  /** The ring whose owners a write must also reach W of (see the file comment). */
  get dual(): Ring | null {
    return this.transition?.next ?? this.after?.previous ?? null;
  }

  get epoch(): number | null {
    return this.transition?.epoch ?? null;
  }

  /** Starts moving to `next`: streams what this node holds that others gain. */
  begin(next: Ring, epoch: number): void {
    const { node } = this;
    this.transition = { epoch, next, startedAtMs: node.env.now(), unacked: new Map(), doneFrom: new Set(), switchedFrom: new Set(), reading: 'pending', announced: false };
    this.after = null;
    this.lastEpoch = epoch;
    for (const e of this.early) {
      if (e.epoch !== epoch) continue;
      this.transition.doneFrom.add(e.from);
      if (e.switched) this.transition.switchedFrom.add(e.from);
    }
    this.early = [];
    this.streamMoving(this.transition);
    node.env.setTimer(node.settings().gossipIntervalMs, { type: 'rebalanceTick' });
  }

  /**
   * Reads every key this node holds that another node gains (values live in the storage engine,
   * so this is asynchronous) and streams them in batches. Until the read is done the node is
   * not done streaming; a failed read is retried on the next tick.
   */
  private streamMoving(t: Transition): void {
    const { node } = this;
    const moving = [...node.store.keys()].filter((key) => this.gainers(key).length > 0);
    t.reading = 'pending';
    node.store.readMany(moving, (r) => {
      if (this.transition !== t) return;
      if (!r.ok) {
        t.reading = 'failed';
        node.env.trace({ type: 'diskError', message: r.message });
        return;
      }
      const byGainer = new Map<NodeId, KeyVersions[]>();
      for (const entry of r.entries) {
        for (const g of this.gainers(entry.key)) {
          const list = byGainer.get(g) ?? [];
          list.push(entry);
          byGainer.set(g, list);
        }
      }
      for (const [to, entries] of byGainer) {
        for (let i = 0; i < entries.length; i += streamBatchKeys) this.sendBatch(to, entries.slice(i, i + streamBatchKeys));
      }
      t.reading = 'done';
      this.maybeAnnounce();
    });
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
    const gainers = this.gainers(key);
    if (gainers.length === 0) return;
    this.node.store.read(key, (r) => {
      if (!r.ok || this.transition !== t) return;
      for (const g of gainers) this.node.env.send(g, { type: 'stream', epoch: t.epoch, batch: 0, entries: [{ key, versions: r.versions }] });
    });
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

  onSwitched(from: NodeId, epoch: number): void {
    this.remember(from, epoch, true);
    // A node that switched was certainly done streaming.
    if (this.transition?.epoch === epoch) {
      this.transition.switchedFrom.add(from);
      this.transition.doneFrom.add(from);
      this.maybeSettle();
    }
    if (this.after?.epoch === epoch) {
      this.after.switchedFrom.add(from);
      this.maybeEndDual();
    }
  }

  onStreamDone(from: NodeId, epoch: number): void {
    this.remember(from, epoch, false);
    if (this.transition?.epoch === epoch) this.transition.doneFrom.add(from);
    this.maybeSettle();
  }

  private remember(from: NodeId, epoch: number, switched: boolean): void {
    const current = this.transition?.epoch ?? this.after?.epoch ?? this.lastEpoch;
    if (epoch > current && this.early.length < 1024) this.early.push({ epoch, from, switched });
  }

  /** Resends what was not acknowledged (a stream can be lost like any message), then checks. */
  onTick(): void {
    const t = this.transition;
    if (t !== null) {
      if (t.reading === 'failed') this.streamMoving(t);
      for (const [batch, { to, entries }] of t.unacked) this.node.env.send(to, { type: 'stream', epoch: t.epoch, batch, entries });
      if (t.announced) this.announce(t);
      this.maybeSettle();
    } else if (this.after !== null) {
      this.broadcast(this.after.epoch, 'switched');
      this.maybeEndDual();
    }
    if (this.transition !== null || this.after !== null) this.node.env.setTimer(this.node.settings().gossipIntervalMs, { type: 'rebalanceTick' });
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
    if (t === null || t.reading !== 'done' || t.unacked.size > 0 || t.announced) return;
    t.announced = true;
    this.announce(t);
  }

  private announce(t: Transition): void {
    t.doneFrom.add(this.node.id);
    this.broadcast(t.epoch, 'done');
    this.maybeSettle();
  }

  private broadcast(epoch: number, what: 'done' | 'switched'): void {
    const ring = this.node.ring();
    const others = [...new Set([...ring.members.map((m) => m.id), ...(this.dual?.members.map((m) => m.id) ?? [])])];
    for (const p of others) {
      if (p !== this.node.id) this.node.env.send(p, what === 'done' ? { type: 'streamDone', epoch } : { type: 'ringSwitched', epoch });
    }
  }

  /** Ends the dual writes once every live node of either ring has switched. */
  private maybeEndDual(): void {
    const a = this.after;
    if (a === null) return;
    const { node } = this;
    const everyone = new Set([...node.ring().members.map((m) => m.id), ...a.previous.members.map((m) => m.id)]);
    for (const p of everyone) if (!a.switchedFrom.has(p) && node.membership.statusOf(p) !== 'down') return;
    this.after = null;
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
    const previous = node.ring();
    this.transition = null;
    this.after = { epoch: t.epoch, previous, switchedFrom: new Set([...t.switchedFrom, node.id]) };
    this.settle(t.next, t.epoch);
    this.broadcast(t.epoch, 'switched');
    this.maybeEndDual();
  }
}
