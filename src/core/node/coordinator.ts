/**
 * The coordinator role (Dynamo §4.5): it proxies a client's request to the key's first N
 * replicas, answers after W durable acks (put/delete) or R replies (get), and never reports a
 * success that did not happen. `unavailable` is decided before anything is written; a missed
 * quorum after that is `timeout` (indefinite: some replica may hold the write).
 */
import type { ClientReply, ClientRequest, ErrorKind } from '../clientApi';
import type { NodeId, RequestId, TimerId } from '../ids';
import { contextOf, mergeSiblings, nextCounter } from '../versions/siblings';
import type { Version } from '../versions/version';
import { displayClock } from '../versions/version';
import { pruneClock } from '../versions/vectorClock';
import type { NodeContext } from './nodeContext';

/** Where the answer goes: straight to the client, or back to the node that forwarded. */
export type ReplyTarget = { readonly kind: 'client' } | { readonly kind: 'forward'; readonly origin: NodeId };

interface OpBase {
  readonly reqId: RequestId;
  readonly key: string;
  readonly target: ReplyTarget;
  readonly replicas: readonly NodeId[];
  /** Replicas that answered, successfully or not. */
  readonly heard: Set<NodeId>;
  /** Replicas whose answer counted, in arrival order. */
  readonly counted: NodeId[];
  readonly need: number;
  failures: number;
  answered: boolean;
  readonly timer: TimerId;
}
interface WriteOp extends OpBase {
  readonly kind: 'write';
  readonly op: 'put' | 'delete';
  readonly version: Version;
}
interface ReadOp extends OpBase {
  readonly kind: 'read';
  merged: Version[];
}
type Op = WriteOp | ReadOp;

/** Bounds the requests one coordinator holds open; past it new ones are refused. */
export const maxOpenRequests = 10_000;

export class Coordinator {
  private readonly ops = new Map<RequestId, Op>();

  constructor(private readonly node: NodeContext) {}

  get openRequests(): number {
    return this.ops.size;
  }

  /** Coordinates `req` over the key's first N `replicas` (the caller looked them up). */
  start(req: ClientRequest, target: ReplyTarget, replicas: readonly NodeId[]): void {
    const { node } = this;
    const s = node.settings();
    const op = req.op;
    node.env.trace({ type: 'coordinate', reqId: req.reqId, op: op.kind, key: op.key, replicas });
    const need = op.kind === 'get' ? (op.r ?? s.r) : (op.w ?? s.w);
    const reachable = replicas.filter((p) => p === node.id || node.view.isReachable(p));
    if (reachable.length < need || this.ops.size >= maxOpenRequests) {
      this.probe(replicas);
      const why =
        this.ops.size >= maxOpenRequests
          ? 'the coordinator has too many requests open'
          : `only ${reachable.length} of the key's ${replicas.length} replicas are reachable; ${op.kind === 'get' ? 'R' : 'W'}=${need}`;
      this.finishEarly(req.reqId, op.key, target, 'unavailable', why);
      return;
    }
    const timer = node.env.setTimer(s.requestTimeoutMs, { type: 'requestTimeout', reqId: req.reqId });
    const base = { reqId: req.reqId, key: op.key, target, replicas, heard: new Set<NodeId>(), counted: [], need, failures: 0, answered: false, timer };
    if (op.kind === 'get') {
      const read: ReadOp = { ...base, kind: 'read', merged: [] };
      this.ops.set(req.reqId, read);
      for (const p of replicas) if (p !== node.id) node.env.send(p, { type: 'replicaRead', reqId: req.reqId, key: op.key });
      if (replicas.includes(node.id)) this.onReadReply(req.reqId, node.id, node.store.get(op.key));
      return;
    }
    const version = this.newVersion(op.key, op.kind === 'put' ? op.value : null, op.kind === 'delete', op.context);
    const siblings = mergeSiblings(node.store.getWithMinting(op.key), [version], s.conflicts);
    if (siblings.length > s.maxSiblings) {
      node.env.clearTimer(timer);
      this.finishEarly(req.reqId, op.key, target, 'invalid', `the put would leave ${siblings.length} siblings; the limit is ${s.maxSiblings}: read and reconcile first`);
      return;
    }
    const write: WriteOp = { ...base, kind: 'write', op: op.kind, version };
    this.ops.set(req.reqId, write);
    if (!replicas.includes(node.id)) {
      this.replicate(write, [version]);
      return;
    }
    // Dynamo §4.5: the coordinator writes locally, then sends to the replicas. Durable first,
    // so a dot that leaves this node can never be minted again after a crash.
    node.store.mint(op.key, version, (r) => {
      if (!r.ok) {
        node.env.trace({ type: 'diskError', message: r.message });
        if (!write.answered) this.answer(write, this.failure(write, 'storage', `the coordinator's disk failed: ${r.message}`));
        return;
      }
      node.env.trace(storedEvent(req.reqId, op.key, version, node.store.get(op.key).length));
      // The whole sibling set travels, as Riak sends the whole object: a replica never learns
      // of a dot without the concurrent versions of the same actor that it might otherwise miss.
      this.replicate(write, node.store.get(op.key));
      this.onWriteAck(req.reqId, node.id, true);
    });
  }

  private replicate(op: WriteOp, versions: readonly Version[]): void {
    for (const p of op.replicas) {
      if (p !== this.node.id) this.node.env.send(p, { type: 'replicaWrite', reqId: op.reqId, key: op.key, versions });
    }
  }

  onWriteAck(reqId: RequestId, from: NodeId, ok: boolean): void {
    const op = this.ops.get(reqId);
    if (op?.kind !== 'write' || op.heard.has(from)) return;
    op.heard.add(from);
    if (ok) op.counted.push(from);
    else op.failures++;
    if (!op.answered && op.counted.length >= op.need) {
      const siblings = mergeSiblings(this.node.store.get(op.key), [op.version], this.node.settings().conflicts);
      this.answer(op, { reqId, ok: true, kind: op.op, coordinator: this.node.id, version: op.version, siblings, context: contextOf(siblings), replicas: [...op.counted] });
    } else if (!op.answered && op.replicas.length - op.failures < op.need) {
      this.answer(op, this.failure(op, 'storage', `${op.failures} replicas failed to make the write durable`));
    }
    this.closeIfAllHeard(op);
  }

  onReadReply(reqId: RequestId, from: NodeId, versions: readonly Version[]): void {
    const op = this.ops.get(reqId);
    if (op?.kind !== 'read' || op.heard.has(from)) return;
    op.heard.add(from);
    op.counted.push(from);
    op.merged = mergeSiblings(op.merged, versions, this.node.settings().conflicts);
    if (!op.answered && op.counted.length >= op.need) {
      const versionsOut = [...op.merged];
      this.answer(op, { reqId, ok: true, kind: 'get', coordinator: this.node.id, versions: versionsOut, context: contextOf(versionsOut), replicas: [...op.counted] });
    }
    this.closeIfAllHeard(op);
  }

  onTimeout(reqId: RequestId): void {
    const op = this.ops.get(reqId);
    if (op === undefined) return;
    for (const p of op.replicas) {
      if (p !== this.node.id && !op.heard.has(p) && this.node.view.markUnreachable(p)) {
        this.node.env.trace({ type: 'peerView', peer: p, reachable: false });
      }
    }
    if (!op.answered) {
      const got = op.counted.length;
      this.answer(op, this.failure(op, 'timeout', `${got} of ${op.need} replicas answered within ${this.node.settings().requestTimeoutMs} ms`));
    }
    this.ops.delete(reqId);
  }

  /** The new version of a put: a fresh dot of this node's actor, from the client's context. */
  private newVersion(key: string, value: Version['value'], deleted: boolean, clientContext: Version['context']): Version {
    const { node } = this;
    const s = node.settings();
    const local = node.store.getWithMinting(key);
    const nowMs = node.env.now() + s.clockSkewMs;
    const lastUpdatedMs: Record<string, number> = {};
    for (const v of local) lastUpdatedMs[v.dot.node] = Math.max(lastUpdatedMs[v.dot.node] ?? -Infinity, v.timestampMs);
    const context = pruneClock(clientContext, lastUpdatedMs, s.maxClockEntries - 1);
    const counter = nextCounter(node.actor, local, clientContext);
    return { value, deleted, dot: { node: node.actor, counter }, context, timestampMs: nowMs };
  }

  private answer(op: Op, reply: ClientReply): void {
    op.answered = true;
    this.node.env.trace(
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

  /** Keeps an op open after answering until every replica is heard, so the view learns who is slow. */
  private closeIfAllHeard(op: Op): void {
    if (op.answered && op.heard.size === op.replicas.length) {
      this.node.env.clearTimer(op.timer);
      this.ops.delete(op.reqId);
    }
  }

  private probe(replicas: readonly NodeId[]): void {
    const { node } = this;
    const intervalMs = node.settings().requestTimeoutMs;
    for (const p of replicas) {
      if (p !== node.id && node.view.shouldProbe(p, node.env.now(), intervalMs)) node.env.send(p, { type: 'ping' });
    }
  }
}

/** The trace event of a version made durable here. */
export function storedEvent(reqId: RequestId | undefined, key: string, v: Version, siblings: number) {
  return {
    type: 'versionStored' as const,
    ...(reqId !== undefined ? { reqId } : {}),
    key,
    dot: v.dot,
    clock: displayClock(v),
    deleted: v.deleted,
    siblings,
  };
}
