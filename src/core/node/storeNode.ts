/**
 * A store node: a state machine that reacts to peer messages, timers and client requests and
 * acts only through its NodeEnv. It holds the coordinator role (coordinator.ts) and the replica
 * role (below): store what a coordinator sends, acknowledging only once it is durable.
 */
import type { ClientRequest } from '../clientApi';
import type { NodeEnv, Timer } from '../env';
import type { NodeId, RequestId, TimerId } from '../ids';
import type { Message } from '../messages';
import type { Ring } from '../ring';
import { replicasFor } from '../ring';
import { assertNever } from '../assertNever';
import type { Version } from '../versions/version';
import { actorName } from '../versions/version';
import { Coordinator, storedEvent } from './coordinator';
import type { ReplyTarget } from './coordinator';
import { LocalStore } from './localStore';
import type { NodeContext } from './nodeContext';
import { PeerView } from './peerView';
import type { NodeSettings } from './settings';
import { invalidReason } from './validate';

export interface NodeInit {
  readonly id: NodeId;
  /** How many times this node's disk was wiped: a wiped node writes dots as a new actor. */
  readonly incarnation: number;
  readonly ring: Ring;
  readonly settings: NodeSettings;
  readonly env: NodeEnv;
}

/** Input that arrives before the commit log is replayed waits, up to this many items. */
export const maxPendingWhileRecovering = 10_000;

type Input =
  | { readonly kind: 'message'; readonly from: NodeId; readonly m: Message }
  | { readonly kind: 'request'; readonly req: ClientRequest };

export class StoreNode {
  readonly id: NodeId;
  private readonly ctx: NodeContext;
  private readonly coordinator: Coordinator;
  private readonly forwards = new Map<RequestId, { readonly target: NodeId; readonly timer: TimerId }>();
  private settingsNow: NodeSettings;
  private ringNow: Ring;
  private ready = false;
  private pending: Input[] = [];

  constructor(init: NodeInit) {
    this.id = init.id;
    this.settingsNow = init.settings;
    this.ringNow = init.ring;
    const store = new LocalStore(init.env.disk, init.settings.conflicts);
    this.ctx = {
      id: init.id,
      actor: actorName(init.id, init.incarnation),
      env: init.env,
      store,
      view: new PeerView(),
      settings: () => this.settingsNow,
      ring: () => this.ringNow,
    };
    this.coordinator = new Coordinator(this.ctx);
  }

  /** Replays the commit log; input that arrives meanwhile is handled once it is done. */
  start(): void {
    this.ctx.store.recover((r) => {
      if (r.ok) this.ctx.env.trace({ type: 'recovered', keys: this.ctx.store.keyCount, records: r.records });
      else this.ctx.env.trace({ type: 'diskError', message: r.message });
      this.ready = true;
      const waiting = this.pending;
      this.pending = [];
      for (const input of waiting) this.handle(input);
    });
  }

  updateSettings(s: NodeSettings): void {
    this.settingsNow = s;
  }

  updateRing(ring: Ring): void {
    this.ringNow = ring;
  }

  onClientRequest(req: ClientRequest): void {
    this.handle({ kind: 'request', req });
  }

  onMessage(from: NodeId, m: Message): void {
    this.handle({ kind: 'message', from, m });
  }

  onTimer(t: Timer): void {
    switch (t.type) {
      case 'requestTimeout':
        this.coordinator.onTimeout(t.reqId);
        return;
      case 'forwardTimeout':
        this.onForwardTimeout(t.reqId);
        return;
      default:
        assertNever(t, 'timer');
    }
  }

  /** The versions this replica holds for a key, read directly (not through a quorum). */
  versionsOf(key: string): readonly Version[] {
    return this.ctx.store.get(key);
  }

  keys(): string[] {
    return [...this.ctx.store.keys()];
  }

  stats(): { keys: number; openRequests: number; unreachablePeers: NodeId[] } {
    return { keys: this.ctx.store.keyCount, openRequests: this.coordinator.openRequests, unreachablePeers: this.ctx.view.unreachablePeers() };
  }

  private handle(input: Input): void {
    if (!this.ready) {
      if (this.pending.length < maxPendingWhileRecovering) this.pending.push(input);
      return;
    }
    if (input.kind === 'request') this.receiveRequest(input.req, { kind: 'client' });
    else this.receiveMessage(input.from, input.m);
  }

  /** Validates, then coordinates here if this node is one of the key's first N, else forwards once. */
  private receiveRequest(req: ClientRequest, target: ReplyTarget): void {
    const { env, view } = this.ctx;
    const why = invalidReason(req.op, this.settingsNow, this.ringNow.members.length);
    if (why !== undefined) {
      env.trace({ type: 'quorum', reqId: req.reqId, key: String(req.op.key), ok: false, error: 'invalid', replicas: [] });
      const reply = { reqId: req.reqId, ok: false as const, error: 'invalid' as const, message: why, coordinator: this.id };
      if (target.kind === 'client') env.reply(reply);
      else env.send(target.origin, { type: 'forwardReply', reqId: req.reqId, reply });
      return;
    }
    const replicas = replicasFor(this.ringNow, req.op.key, this.settingsNow.n);
    if (target.kind === 'forward' || replicas.includes(this.id)) {
      this.coordinator.start(req, target, replicas);
      return;
    }
    const to = replicas.find((p) => view.isReachable(p));
    if (to === undefined) {
      env.trace({ type: 'quorum', reqId: req.reqId, key: req.op.key, ok: false, error: 'unavailable', replicas: [] });
      env.reply({ reqId: req.reqId, ok: false, error: 'unavailable', message: 'no replica of the key is reachable to coordinate', coordinator: null });
      return;
    }
    // The forward waits for the coordinator's own timeout plus a margin for the two hops.
    const timer = env.setTimer(this.settingsNow.requestTimeoutMs * 2, { type: 'forwardTimeout', reqId: req.reqId });
    this.forwards.set(req.reqId, { target: to, timer });
    env.send(to, { type: 'forward', reqId: req.reqId, request: req });
  }

  private receiveMessage(from: NodeId, m: Message): void {
    const { env, store, view } = this.ctx;
    if (view.heardFrom(from)) env.trace({ type: 'peerView', peer: from, reachable: true });
    switch (m.type) {
      case 'forward':
        this.receiveRequest(m.request, { kind: 'forward', origin: from });
        return;
      case 'forwardReply': {
        const f = this.forwards.get(m.reqId);
        if (f === undefined) return;
        env.clearTimer(f.timer);
        this.forwards.delete(m.reqId);
        env.reply(m.reply);
        return;
      }
      case 'replicaWrite':
        store.merge(m.key, m.versions, (r) => {
          if (r.ok) for (const v of m.versions) env.trace(storedEvent(m.reqId, m.key, v, store.get(m.key).length));
          else env.trace({ type: 'diskError', message: r.message });
          env.send(from, { type: 'replicaWriteAck', reqId: m.reqId, key: m.key, ok: r.ok });
        });
        return;
      case 'replicaWriteAck':
        this.coordinator.onWriteAck(m.reqId, from, m.ok);
        return;
      case 'replicaRead':
        env.send(from, { type: 'replicaReadReply', reqId: m.reqId, key: m.key, versions: store.get(m.key) });
        return;
      case 'replicaReadReply':
        this.coordinator.onReadReply(m.reqId, from, m.versions);
        return;
      case 'ping':
        env.send(from, { type: 'pong' });
        return;
      case 'pong':
        return;
      default:
        assertNever(m, 'message');
    }
  }

  private onForwardTimeout(reqId: RequestId): void {
    const f = this.forwards.get(reqId);
    if (f === undefined) return;
    this.forwards.delete(reqId);
    if (this.ctx.view.markUnreachable(f.target)) this.ctx.env.trace({ type: 'peerView', peer: f.target, reachable: false });
    this.ctx.env.reply({ reqId, ok: false, error: 'timeout', message: `the coordinator ${f.target} did not answer`, coordinator: f.target });
  }
}
