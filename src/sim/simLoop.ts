// The simulator's event loop and message transport: one queue of timed events on a virtual
// clock, the NodeEnv each node acts through, messages between nodes over the simulated network
// (latency, loss, cut links), client hops, and the trace. SimCluster (simCluster.ts) builds on
// it with the nodes' lifecycle, membership and settings. Same seed, same steps, same build ⇒ the
// same trace.
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { NodeEnv } from '../core/env';
import type { ClientId, MsgId, NodeId } from '../core/ids';
import { msgId as toMsgId, timerId as toTimerId } from '../core/ids';
import type { Message } from '../core/messages';
import type { StoreNode } from '../core/node/storeNode';
import { messageClass } from '../core/messages';
import { createRandom, deriveSeed } from '../core/prng';
import type { HostTraceEvent, TraceEvent } from '../core/trace';
import { assertNever } from '../core/assertNever';
import { TimedQueue } from '../core/timedQueue';
import type { QueueHandle } from '../core/timedQueue';
import { SimNetwork } from './network';
import type { SimOptions } from './simConfig';
import type { SimEvent } from './simEvents';
import { deliverEvent, dropEvent, sendEvent } from '../core/messageTrace';
import { stamped } from './simEvents';
import type { HostedNode, Slot } from './simSlots';
import { TraceRecorder } from './traceRecorder';

export abstract class SimLoop<N extends HostedNode = StoreNode> {
  now = 0;
  deliveries = 0;
  protected readonly queue = new TimedQueue<SimEvent>();
  protected readonly slots = new Map<NodeId, Slot<N>>();
  protected readonly network: SimNetwork;
  private readonly recorder: TraceRecorder | null;
  private nextMsgId = 1;
  /** Where replies for clients go: set by SimClients. */
  onClientReply: (client: ClientId, reply: ClientReply) => void = () => undefined;

  constructor(options: SimOptions) {
    this.recorder = options.trace === false ? null : new TraceRecorder(options.traceLimit ?? 100_000);
    this.network = new SimNetwork(options.network, createRandom(deriveSeed(options.seed, 'network')), (id) => this.slots.get(id)?.spec.zone);
  }

  /** A node reported `ringSettled`: it has switched to the newest ring. */
  protected abstract onSettled(id: NodeId): void;

  /** A client request reached a node (the autoscaler counts them). */
  protected abstract countRequest(): void;

  // ── the event loop ────────────────────────────────────────────────────────────────────────

  /** Runs every event up to and including `untilMs`, then leaves the clock there. */
  runUntil(untilMs: number): void {
    const queue = this.queue;
    for (let at = queue.peekTime(); at <= untilMs; at = queue.peekTime()) {
      const e = queue.popItem() as SimEvent;
      this.now = at;
      this.dispatch(e);
    }
    if (untilMs > this.now) this.now = untilMs;
  }

  /** Runs `run` at now + delayMs, unless `cancel` is given the returned handle first. */
  schedule(delayMs: number, run: () => void): QueueHandle {
    return this.queue.push(this.now + delayMs, { type: 'call', run });
  }

  cancel(handle: QueueHandle): void {
    this.queue.remove(handle);
  }

  private dispatch(e: SimEvent): void {
    switch (e.type) {
      case 'deliver': {
        const to = this.slots.get(e.to);
        if (this.network.epoch(e.from, e.to) !== e.epoch || this.network.isCut(e.from, e.to)) {
          this.traceHost(e.from, dropEvent(e.msgId, e.to, e.m, 'cut'));
          return;
        }
        if (to?.node == null) {
          this.traceHost(e.from, dropEvent(e.msgId, e.to, e.m, 'dead'));
          return;
        }
        this.deliveries++;
        if (this.recorder !== null) this.traceHost(e.to, deliverEvent(e.msgId, e.from, e.m));
        to.node.onMessage(e.from, e.m);
        return;
      }
      case 'request': {
        const node = this.slots.get(e.to)?.node;
        if (node == null) {
          this.traceHost(e.req.client, { type: 'drop', msgId: e.msgId, to: e.to, msg: 'clientRequest', key: e.req.op.key, reqId: e.req.reqId, reason: 'dead' });
          return;
        }
        if (this.recorder !== null) this.traceHost(e.to, { type: 'clientRequest', client: e.req.client, reqId: e.req.reqId, op: e.req.op.kind, key: e.req.op.key });
        this.countRequest();
        node.onClientRequest(e.req);
        return;
      }
      case 'reply':
        this.onClientReply(e.client, e.reply);
        return;
      case 'timer': {
        const slot = this.slots.get(e.node);
        if (slot?.node == null || slot.generation !== e.generation) return;
        slot.node.onTimer(e.timer);
        return;
      }
      case 'call':
        e.run();
        return;
      default:
        assertNever(e, 'sim event');
    }
  }

  // ── the environment of one node ────────────────────────────────────────────────────────────

  protected envFor(id: NodeId, slot: Slot<N>): NodeEnv {
    const generation = slot.generation;
    return {
      now: () => this.now,
      send: (to, m) => this.send(id, to, m),
      reply: (reply) => this.replyToClient(id, reply),
      // A timer's id is its handle in the event queue: clearing it takes it out of the queue,
      // so cleared timers (most request timeouts) cost no pop and are collected young.
      setTimer: (afterMs, timer) => toTimerId(this.queue.push(this.now + afterMs, { type: 'timer', node: id, generation, timer })),
      clearTimer: (tid) => {
        this.queue.remove(tid);
      },
      random: slot.random,
      storage: slot.disk.forNode(),
      tracing: this.recorder !== null,
      trace: (e) => {
        if (this.recorder !== null) this.recorder.record(stamped(e, this.now, id));
        if (e.type === 'ringSettled') this.onSettled(id);
      },
    };
  }

  private send(from: NodeId, to: NodeId, m: Message): void {
    const mid = toMsgId(this.nextMsgId++);
    if (this.network.isCut(from, to)) {
      this.traceSend(from, to, m, mid, this.now);
      this.traceHost(from, dropEvent(mid, to, m, 'cut'));
      return;
    }
    if (this.network.lost()) {
      this.traceSend(from, to, m, mid, this.now);
      this.traceHost(from, dropEvent(mid, to, m, 'loss'));
      return;
    }
    const at = this.now + this.network.latencyMs(messageClass(m), from, to);
    this.traceSend(from, to, m, mid, at);
    this.queue.push(at, { type: 'deliver', from, to, m, msgId: mid, epoch: this.network.epoch(from, to) });
  }

  private traceSend(from: NodeId, to: NodeId, m: Message, mid: MsgId, deliverAt: number): void {
    if (this.recorder !== null) this.traceHost(from, sendEvent(mid, to, m, deliverAt));
  }

  /** A client's request travels to its node as a message of class `other`; it cannot be cut. */
  sendFromClient(to: NodeId, req: ClientRequest): void {
    const mid = toMsgId(this.nextMsgId++);
    const deliverAt = this.now + this.network.latencyMs('other', undefined, undefined);
    if (this.recorder !== null) this.traceHost(req.client, { type: 'clientHop', leg: 'request', client: req.client, reqId: req.reqId, to, deliverAt });
    this.queue.push(deliverAt, { type: 'request', to, req, msgId: mid });
  }

  private replyToClient(from: NodeId, reply: ClientReply): void {
    const mid = toMsgId(this.nextMsgId++);
    const client = this.clientOf(reply);
    if (client === undefined) return;
    const deliverAt = this.now + this.network.latencyMs('other', undefined, undefined);
    if (this.recorder !== null) this.traceHost(from, { type: 'clientHop', leg: 'reply', client, reqId: reply.reqId, to: client, deliverAt });
    this.queue.push(deliverAt, { type: 'reply', from, client, reply, msgId: mid });
  }

  /** Which client a reply belongs to: SimClients registers requests as it sends them. */
  clientOf: (reply: ClientReply) => ClientId | undefined = () => undefined;

  traceHost(lane: NodeId | ClientId, e: HostTraceEvent): void {
    if (this.recorder !== null) this.recorder.record(stamped(e, this.now, lane));
  }

  /** True when trace events are recorded: callers skip building them otherwise. */
  get tracing(): boolean {
    return this.recorder !== null;
  }

  traceEvents(): TraceEvent[] {
    return this.recorder?.events() ?? [];
  }

  traceDigest(): string {
    return this.recorder?.digest() ?? '';
  }

  traceCount(): number {
    return this.recorder?.count ?? 0;
  }
}
