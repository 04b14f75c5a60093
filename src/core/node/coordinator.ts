/**
 * The coordinator role (Dynamo §4.5): it proxies a client's request to the key's replicas —
 * or, with sloppy quorum, to fallbacks standing in for unreachable ones — answers after W
 * durable acks (put/delete) or R replies (get), and never reports a success that did not
 * happen. `unavailable` is decided before anything is written; a quorum missed after that is
 * `timeout` (indefinite: some replica may hold the write). After a get has heard everyone it
 * asked, read repair sends the merged result to replicas that were behind.
 */
import type { ClientReply, ClientRequest, ErrorKind } from '../clientApi';
import type { NodeId, RequestId, TimerId } from '../ids';
import type { PreferenceList } from '../ring';
import { replicasFor } from '../ring';
import { contextOf, mergeIntoSiblings, mergeSiblings, nextCounter, sameSiblings, siblingCountWith } from '../versions/siblings';
import type { Version } from '../versions/version';
import { clockSize, pruneClock } from '../versions/vectorClock';
import type { NodeContext } from './nodeContext';
import type { Target } from './requestPlan';
import { planRead, planWrite } from './requestPlan';
import { storedEvent } from './storedEvent';

/** Where the answer goes: straight to the client, or back to the node that forwarded. */
export type ReplyTarget = { readonly kind: 'client' } | { readonly kind: 'forward'; readonly origin: NodeId };

interface OpBase {
  readonly reqId: RequestId;
  readonly key: string;
  readonly target: ReplyTarget;
  /** The key's first N: read repair only writes to these. */
  readonly replicas: readonly NodeId[];
  /** Where the request went; grows when a silent target is passed over for a spare. */
  readonly targets: Target[];
  readonly spares: NodeId[];
  /**
   * Targets that answered, successfully or not. This and the other per-op node lists are
   * arrays, not Sets: they hold a handful of nodes, and every request makes them.
   */
  readonly heard: NodeId[];
  /** Targets whose answer counted, in arrival order. */
  readonly counted: NodeId[];
  readonly need: number;
  failures: number;
  answered: boolean;
  readonly timer: TimerId;
  replicaTimer: TimerId;
}
interface WriteOp extends OpBase {
  readonly kind: 'write';
  readonly op: 'put' | 'delete';
  readonly version: Version;
  /** Replication starts once the coordinator's own copy is durable. */
  minted: boolean;
  /** During a ring change, the key's owners on the other ring: W of them must ack too. */
  readonly dual: readonly NodeId[];
  readonly dualAcked: NodeId[];
  /**
   * What the coordinator held for the key when its copy became durable, the new version
   * among them: what replicas are sent and what the client is told (its context covers them).
   * Taken then, not at the answer, so a hint handed off meanwhile cannot leave a gap.
   */
  siblings: Version[];
}
interface ReadOp extends OpBase {
  readonly kind: 'read';
  /** Replaced by each reply's merge, never changed in place: the answer shares it. */
  merged: readonly Version[];
  /** Each target's reply, in arrival order (read repair compares them with the merged result). */
  readonly replies: { readonly from: NodeId; readonly versions: readonly Version[] }[];
}
type Op = WriteOp | ReadOp;

/** Bounds the requests one coordinator holds open; past it new ones are refused. */
export const maxOpenRequests = 10_000;

export class Coordinator {
  private readonly ops = new Map<RequestId, Op>();
  /** The node's reachability query, made once rather than as a closure per request. */
  private readonly reachable: (p: NodeId) => boolean;

  constructor(private readonly node: NodeContext) {
    this.reachable = (p) => node.reachable(p);
  }

  get openRequests(): number {
    return this.ops.size;
  }

  /** Coordinates `req` over the key's preference list (the caller looked it up). */
  start(req: ClientRequest, target: ReplyTarget, pref: PreferenceList): void {
    const { node } = this;
    const s = node.settings();
    const op = req.op;
    const input = { replicas: pref.replicas, fallbacks: pref.fallbacks, sloppy: s.sloppyQuorum, reachable: this.reachable };
    const plan = op.kind === 'get' ? planRead(input) : planWrite(input);
    if (node.env.tracing !== false) node.env.trace({ type: 'coordinate', reqId: req.reqId, op: op.kind, key: op.key, replicas: plan.targets.map((t) => t.node) });
    const need = op.kind === 'get' ? (op.r ?? s.r) : (op.w ?? s.w);
    if (plan.reachableCount < need || this.ops.size >= maxOpenRequests) {
      this.probe(pref.replicas);
      const why =
        this.ops.size >= maxOpenRequests
          ? 'the coordinator has too many requests open'
          : `only ${plan.reachableCount} of the key's ${s.sloppyQuorum ? 'nodes' : 'replicas'} are reachable; ${op.kind === 'get' ? 'R' : 'W'}=${need}`;
      this.finishEarly(req.reqId, op.key, target, 'unavailable', why);
      return;
    }
    const timer = node.env.setTimer(s.requestTimeoutMs, { type: 'requestTimeout', reqId: req.reqId });
    const replicaTimer = node.env.setTimer(replicaTimeoutMs(s.requestTimeoutMs), { type: 'replicaTimeout', reqId: req.reqId });
    // Each op is one literal, not `{ ...base, kind, ... }`: V8 (Node 20) gives every object made
    // by spreading and then adding fields a hidden class of its own, which cost kilobytes per
    // request and made every later access to the op megamorphic.
    const { reqId } = req;
    const { replicas } = pref;
    const { targets, spares } = plan;
    if (op.kind === 'get') {
      const read: ReadOp = { kind: 'read', reqId, key: op.key, target, replicas, targets, spares, heard: [], counted: [], need, failures: 0, answered: false, timer, replicaTimer, merged: [], replies: [] };
      this.ops.set(req.reqId, read);
      for (const t of plan.targets) if (t.node !== node.id) node.env.send(t.node, { type: 'replicaRead', reqId: req.reqId, key: op.key });
      if (targetFor(plan.targets, node.id) !== undefined) this.readLocal(req.reqId, op.key);
      return;
    }
    const self = targetFor(plan.targets, node.id);
    const asHint = self === undefined || self.hintFor !== undefined;
    // What the node holds for the key: the new dot must not collide with any of it.
    const held = node.store.headers(op.key);
    const unsettled = node.store.unsettled(op.key);
    const local = unsettled.length === 0 ? held : [...held, ...unsettled];
    const version = this.newVersion(op.key, local, op.kind === 'put' ? op.value : null, op.kind === 'delete', op.context, asHint);
    // Without hints or mints in flight (the usual case) `local` is a sibling set, whose count
    // with the new version needs no merge.
    const count = unsettled.length === 0 ? siblingCountWith(local, version, s.conflicts) : mergeSiblings(local, [version], s.conflicts).length;
    if (count > s.maxSiblings) {
      this.clearTimers({ timer, replicaTimer });
      this.finishEarly(req.reqId, op.key, target, 'invalid', `the put would leave ${count} siblings; the limit is ${s.maxSiblings}: read and reconcile first`);
      return;
    }
    const dualRing = node.dualRing();
    const dual = dualRing === null ? [] : replicasFor(dualRing, op.key, s.n);
    const write: WriteOp = { kind: 'write', reqId, key: op.key, target, replicas, targets, spares, heard: [], counted: [], need, failures: 0, answered: false, timer, replicaTimer, op: op.kind, version, minted: false, siblings: [version], dual, dualAcked: [] };
    this.ops.set(req.reqId, write);
    this.mintAndReplicate(write);
  }

  onWriteAck(reqId: RequestId, from: NodeId, ok: boolean): void {
    const op = this.ops.get(reqId);
    if (op?.kind !== 'write') return;
    if (ok && op.dual.includes(from) && !op.dualAcked.includes(from)) op.dualAcked.push(from);
    if (op.heard.includes(from) || targetFor(op.targets, from) === undefined) {
      this.answerIfQuorum(op);
      return;
    }
    op.heard.push(from);
    if (ok) op.counted.push(from);
    else op.failures++;
    this.answerIfQuorum(op);
    if (!op.answered && op.targets.length + op.spares.length - op.failures < op.need) {
      this.answer(op, this.failure(op, 'storage', `${op.failures} replicas failed to make the write durable`));
    }
    this.closeIfAllHeard(op);
  }

  /** W acks among the targets, and during a ring change W among the other ring's owners too. */
  private answerIfQuorum(op: WriteOp): void {
    const dualNeed = Math.min(op.need, op.dual.length);
    if (!op.answered && op.counted.length >= op.need && op.dualAcked.length >= dualNeed) {
      const siblings = op.siblings;
      this.answer(op, { reqId: op.reqId, ok: true, kind: op.op, coordinator: this.node.id, version: op.version, siblings, context: contextOf(siblings), replicas: [...op.counted] });
    }
  }

  onReadReply(reqId: RequestId, from: NodeId, versions: readonly Version[]): void {
    const op = this.ops.get(reqId);
    if (op?.kind !== 'read' || op.heard.includes(from) || targetFor(op.targets, from) === undefined) return;
    op.heard.push(from);
    op.counted.push(from);
    op.replies.push({ from, versions });
    op.merged = mergeIntoSiblings(op.merged, versions, this.node.settings().conflicts);
    if (!op.answered && op.counted.length >= op.need) {
      // No copy: a merge makes a new array, so later replies replace op.merged, never change it.
      const out = op.merged;
      this.answer(op, { reqId, ok: true, kind: 'get', coordinator: this.node.id, versions: out, context: contextOf(out), replicas: [...op.counted] });
    }
    this.closeIfAllHeard(op);
  }

  /**
   * Targets silent for a while are marked unreachable; with sloppy quorum the spares take
   * over. A write goes on doing so after it is answered: W acks answer the client, but
   * durability wants N copies (Dynamo §4.6).
   */
  onReplicaTimeout(reqId: RequestId): void {
    const op = this.ops.get(reqId);
    if (op === undefined || (op.answered && op.kind === 'read')) return;
    const { node } = this;
    const silent = op.targets.filter((t) => t.node !== node.id && !op.heard.includes(t.node));
    for (const t of silent) this.suspect(t.node);
    // Every spare at once: a spare may be silent too, and waiting a round per spare could
    // outlast the request. Extra copies are hints, handed off and deleted later.
    const owners = silent.map((t) => t.hintFor ?? t.node);
    if (node.settings().sloppyQuorum && owners.length > 0 && (op.kind === 'read' || op.minted)) {
      for (const [i, spare] of op.spares.splice(0).entries()) {
        const stand: Target = op.kind === 'write' ? { node: spare, hintFor: owners[i % owners.length] } : { node: spare };
        op.targets.push(stand);
        if (spare === node.id) {
          // The coordinator itself stands in: its minted copy is already durable here.
          if (op.kind === 'write') this.onWriteAck(reqId, node.id, true);
          else this.readLocal(reqId, op.key);
        } else if (op.kind === 'write') this.sendWrite(op, stand);
        else node.env.send(spare, { type: 'replicaRead', reqId, key: op.key });
      }
    }
    if (this.ops.has(reqId) && silent.length > 0) {
      op.replicaTimer = node.env.setTimer(replicaTimeoutMs(node.settings().requestTimeoutMs), { type: 'replicaTimeout', reqId });
    }
  }

  onTimeout(reqId: RequestId): void {
    const op = this.ops.get(reqId);
    if (op === undefined) return;
    for (const t of op.targets) if (t.node !== this.node.id && !op.heard.includes(t.node)) this.suspect(t.node);
    if (!op.answered) {
      this.answer(op, this.failure(op, 'timeout', `${op.counted.length} of ${op.need} replicas answered within ${this.node.settings().requestTimeoutMs} ms`));
    }
    this.finish(op);
  }

  /** The coordinator's own reply to a read, from its disk; a disk failure answers `storage`. */
  private readLocal(reqId: RequestId, key: string): void {
    const { node } = this;
    node.store.readWithHints(key, (r) => {
      if (r.ok) {
        this.onReadReply(reqId, node.id, r.versions);
        return;
      }
      node.env.trace({ type: 'diskError', message: r.message });
      const op = this.ops.get(reqId);
      if (op !== undefined && !op.answered) this.answer(op, this.failure(op, 'storage', `the coordinator's disk failed: ${r.message}`));
    });
  }

  /** Dynamo §4.5: the coordinator writes locally, then sends to the replicas. */
  private mintAndReplicate(op: WriteOp): void {
    const { node } = this;
    const self = targetFor(op.targets, node.id);
    // A coordinator outside the plan still keeps what it mints, as a hint, so its dots stay unique.
    const hintFor = self !== undefined ? self.hintFor : op.replicas[0];
    // Durable first: a dot that leaves this node can never be minted again after a crash.
    node.store.mint(op.key, op.version, hintFor, (r) => {
      if (!r.ok) {
        node.env.trace({ type: 'diskError', message: r.message });
        if (!op.answered) this.answer(op, this.failure(op, 'storage', `the coordinator's disk failed: ${r.message}`));
        this.finish(op);
        return;
      }
      op.minted = true;
      // r.versions is a sibling set (a read's answer), so the shortcut merge gives the full one.
      op.siblings = mergeIntoSiblings(r.versions, [op.version], node.settings().conflicts);
      if (hintFor !== undefined) node.env.trace({ type: 'hintStored', key: op.key, owner: hintFor, reqId: op.reqId });
      else if (node.env.tracing !== false) node.env.trace(storedEvent(op.reqId, op.key, op.version, node.store.siblingCount(op.key)));
      for (const t of op.targets) if (t.node !== node.id) this.sendWrite(op, t);
      // During a ring change the other ring's owners get every write too.
      for (const p of op.dual) {
        if (p !== node.id && targetFor(op.targets, p) === undefined) this.sendWrite(op, { node: p });
      }
      if (self !== undefined || op.dual.includes(node.id)) this.onWriteAck(op.reqId, node.id, true);
    });
  }

  /**
   * The whole sibling set travels, as Riak sends the whole object: a replica never learns of a
   * dot without the concurrent versions of the same actor that it might otherwise miss.
   */
  private sendWrite(op: WriteOp, t: Target): void {
    // Two literals rather than a spread of an optional part: this runs for every replica of every put.
    const { reqId, key, siblings: versions } = op;
    this.node.env.send(t.node, t.hintFor !== undefined ? { type: 'replicaWrite', reqId, key, versions, hintFor: t.hintFor } : { type: 'replicaWrite', reqId, key, versions });
  }

  /**
   * The new version of a put: a fresh dot of this node's actor, from the client's context.
   *
   * A coordinator that is not one of the key's replicas keeps what it mints only as a hint,
   * and forgets it after the handoff; a later dot of the same actor would then claim, through
   * its counter, versions this node can no longer name (a gap in the vector clock). So it
   * writes under a one-off actor, `n2+7`, whose only dot is 1: there is nothing to leave out.
   * `local` is what the node holds for the key (its headers, hints and mints), which the caller
   * needs as well.
   */
  private newVersion(key: string, local: readonly Version[], value: Version['value'], deleted: boolean, clientContext: Version['context'], asHint: boolean): Version {
    const { node } = this;
    const s = node.settings();
    const maxEntries = s.maxClockEntries - 1;
    // Only a context past the bound is pruned (rare), and only pruning needs when each actor last wrote here.
    const context = clockSize(clientContext) <= maxEntries ? clientContext : pruneClock(clientContext, lastUpdatedMs(local), maxEntries);
    const counter = Math.max(nextCounter(node.actor, local, clientContext), node.store.counterFloor(key, node.actor) + 1);
    const dot = asHint ? { node: `${node.actor}+${counter}`, counter: 1 } : { node: node.actor, counter };
    return { value, deleted, dot, context, timestampMs: node.env.now() + s.clockSkewMs };
  }

  private answer(op: Op, reply: ClientReply): void {
    op.answered = true;
    if (this.node.env.tracing !== false) this.node.env.trace(
      reply.ok
        ? { type: 'quorum', reqId: op.reqId, key: op.key, ok: true, replicas: [...op.counted] }
        : { type: 'quorum', reqId: op.reqId, key: op.key, ok: false, error: reply.error, replicas: [...op.counted] },
    );
    this.deliver(op.target, reply);
  }

  private failure(op: Op, error: ErrorKind, message: string): ClientReply {
    return { reqId: op.reqId, ok: false, error, message, coordinator: this.node.id };
  }

  private finishEarly(reqId: RequestId, key: string, target: ReplyTarget, error: ErrorKind, message: string): void {
    this.node.env.trace({ type: 'quorum', reqId, key, ok: false, error, replicas: [] });
    this.deliver(target, { reqId, ok: false, error, message, coordinator: this.node.id });
  }

  private deliver(target: ReplyTarget, reply: ClientReply): void {
    if (target.kind === 'client') this.node.env.reply(reply);
    else this.node.env.send(target.origin, { type: 'forwardReply', reqId: reply.reqId, reply });
  }

  /** Keeps an op open after answering until every target is heard, so the view learns who is slow. */
  private closeIfAllHeard(op: Op): void {
    if (op.answered && op.heard.length === op.targets.length) this.finish(op);
  }

  private finish(op: Op): void {
    if (!this.ops.delete(op.reqId)) return;
    this.clearTimers(op);
    if (op.kind === 'read' && this.node.settings().readRepair) this.readRepair(op);
  }

  /** Sends the merged result to every replica whose reply was behind it (Dynamo §5). */
  private readRepair(op: ReadOp): void {
    const { node } = this;
    const repaired: NodeId[] = [];
    for (const { from, versions } of op.replies) {
      if (!op.replicas.includes(from) || sameSiblings(versions, op.merged)) continue;
      repaired.push(from);
      if (from === node.id) node.store.merge(op.key, op.merged, () => undefined);
      else node.env.send(from, { type: 'readRepair', reqId: op.reqId, key: op.key, versions: op.merged });
    }
    if (repaired.length > 0) node.env.trace({ type: 'readRepair', reqId: op.reqId, key: op.key, repaired });
  }

  private clearTimers(op: { readonly timer: TimerId; readonly replicaTimer: TimerId }): void {
    this.node.env.clearTimer(op.timer);
    this.node.env.clearTimer(op.replicaTimer);
  }

  /** Suspects a peer that owed an answer and has sent nothing at all for a replica timeout. */
  suspect(p: NodeId): void {
    const { node } = this;
    const silentSince = node.env.now() - replicaTimeoutMs(node.settings().requestTimeoutMs);
    if (node.view.markUnreachable(p, silentSince)) this.node.env.trace({ type: 'peerView', peer: p, reachable: false });
  }

  private probe(replicas: readonly NodeId[]): void {
    const { node } = this;
    const intervalMs = node.settings().requestTimeoutMs;
    for (const p of replicas) {
      if (p !== node.id && node.view.shouldProbe(p, node.env.now(), intervalMs)) node.env.send(p, { type: 'ping' });
    }
  }
}

/** When each actor last wrote one of these versions: what pruning keeps the newest of. */
function lastUpdatedMs(local: readonly Version[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of local) out[v.dot.node] = Math.max(out[v.dot.node] ?? -Infinity, v.timestampMs);
  return out;
}

/** The target that is `node`, if any (a loop: no closure per request and reply). */
function targetFor(targets: readonly Target[], node: NodeId): Target | undefined {
  for (const t of targets) if (t.node === node) return t;
  return undefined;
}

/** How long a target may stay silent before it is passed over: a quarter of the request timeout. */
export function replicaTimeoutMs(requestTimeoutMs: number): number {
  return Math.max(1, Math.floor(requestTimeoutMs / 4));
}
