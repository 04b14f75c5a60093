/**
 * A store node: a state machine that reacts to peer messages, timers and client requests and
 * acts only through its NodeEnv. Its roles live beside it: coordinator.ts (quorums, read
 * repair), gossiper.ts (membership and failure detection), handoff.ts (hinted handoff),
 * antiEntropy.ts (Merkle trees). The replica role is here: store what a coordinator sends
 * (or hold it as a hint for another replica), acknowledging only once it is durable.
 */
import type { ClientRequest } from '../clientApi';
import type { NodeEnv, Timer } from '../env';
import type { NodeId, RequestId, TimerId } from '../ids';
import type { Message } from '../messages';
import type { Ring } from '../ring';
import { buildRing, preferenceList } from '../ring';
import { assertNever } from '../assertNever';
import type { TableIo } from '../storage';
import type { Version } from '../versions/version';
import { actorName } from '../versions/version';
import { AntiEntropy } from './antiEntropy';
import { Coordinator } from './coordinator';
import type { ReplyTarget } from './coordinator';
import { Gossiper } from './gossiper';
import { Handoff } from './handoff';
import type { KeyPage, KeyQuery, StoreScan } from './localStore';
import { LocalStore } from './localStore';
import type { AdoptedEntry, AdoptResult } from './adoption';
import { adoptEntries } from './adoption';
export type { AdoptedEntry } from './adoption';
import type { MerkleInspection } from './merkleInspection';
import { inspectMerkleTrees } from './merkleInspection';
import { Membership } from './membership';
import type { NodeContext } from './nodeContext';
import { PeerView } from './peerView';
import { Rebalancer } from './rebalance';
import type { NodeSettings } from './settings';
import { storedEvent } from './storedEvent';
import { invalidReason } from './validate';

export interface NodeInit {
  readonly id: NodeId;
  /** How many times this node's disk was wiped: a wiped node writes dots as a new actor. */
  readonly incarnation: number;
  readonly ring: Ring;
  readonly settings: NodeSettings;
  readonly env: NodeEnv;
  /** The epoch of `ring`: ring changes with a higher epoch, learnt by gossip, replace it. */
  readonly ringEpoch?: number;
}

import type { NodeStats } from './nodeStats';
import { nodeStatsOf } from './nodeStats';

export type { NodeStats } from './nodeStats';

/** How often a node gives its storage engine the time and runs a compaction if one is due. */
export const storageTickMs = 5000;

/** Forwarded requests one node waits on at once; past it new ones are refused, definitely. */
export const maxOpenForwards = 10_000;

/** Input that arrives before the commit log is replayed waits, up to this many items. */
export const maxPendingWhileRecovering = 10_000;

type Input =
  | { readonly kind: 'message'; readonly from: NodeId; readonly m: Message }
  | { readonly kind: 'request'; readonly req: ClientRequest };

/** A client's own request is answered to the client: one shared target, never changed. */
const clientTarget: ReplyTarget = { kind: 'client' };

export class StoreNode {
  readonly id: NodeId;
  private readonly ctx: NodeContext;
  private readonly coordinator: Coordinator;
  private readonly gossiper: Gossiper;
  private readonly handoff: Handoff;
  private readonly antiEntropy: AntiEntropy;
  private readonly rebalancer: Rebalancer;
  private readonly forwards = new Map<RequestId, { readonly target: NodeId; readonly timer: TimerId }>();
  private settingsNow: NodeSettings;
  private ringNow: Ring;
  /** The epoch of the newest ring known here (the next one during a change). */
  private ringEpoch: number;
  private ready = false;
  private pending: Input[] = [];
  private afterRecovery: (() => void)[] = [];

  constructor(init: NodeInit) {
    this.id = init.id;
    this.settingsNow = init.settings;
    this.ringNow = init.ring;
    this.ringEpoch = init.ringEpoch ?? 0;
    const view = new PeerView();
    const membership = new Membership(init.id, init.ring.members.map((m) => m.id), init.env.now());
    this.ctx = {
      id: init.id,
      actor: actorName(init.id, init.incarnation),
      env: init.env,
      store: new LocalStore(init.env.storage, init.settings.conflicts, init.id, (message) => init.env.trace({ type: 'diskError', message })),
      view,
      membership,
      settings: () => this.settingsNow,
      ring: () => this.ringNow,
      dualRing: () => this.rebalancer.dual,
      ringState: () => {
        const ring = this.rebalancer.next ?? this.ringNow;
        return { epoch: this.ringEpoch, members: ring.members, vnodesPerWeight: ring.vnodesPerWeight };
      },
      learnRing: (state) => {
        if (state.epoch > this.ringEpoch) this.beginRingChange(buildRing(state.members, state.vnodesPerWeight), state.epoch);
      },
      reachable: (p) => p === init.id || (membership.statusOf(p) !== 'down' && view.isReachable(p)),
    };
    this.coordinator = new Coordinator(this.ctx);
    this.gossiper = new Gossiper(this.ctx);
    this.handoff = new Handoff(this.ctx);
    this.antiEntropy = new AntiEntropy(this.ctx);
    this.rebalancer = new Rebalancer(this.ctx, (next, epoch) => {
      this.updateRing(next);
      this.ctx.env.trace({ type: 'ringSettled', epoch, keysStreamed: this.rebalancer.keysStreamed });
    });
  }

  /**
   * Opens the storage engine (SSTables, then the commit log) and the hint log, then starts the
   * background roles; input meanwhile waits. A node whose storage cannot open still serves, but
   * answers every request that needs its disk with the `storage` error.
   */
  start(): void {
    this.ctx.store.recover((r) => {
      if (r.ok) this.ctx.env.trace({ type: 'recovered', keys: r.keys, records: r.records });
      // Told as what it means for the node: LocalStore stays broken and refuses all disk work.
      else this.ctx.env.trace({ type: 'diskError', message: `cannot open its database: ${r.message}; it fails every request that needs its disk` });
      this.ready = true;
      this.ctx.env.setTimer(storageTickMs, { type: 'storageTick' });
      this.gossiper.start();
      this.handoff.start();
      this.antiEntropy.start();
      for (const run of this.afterRecovery.splice(0)) run();
      const waiting = this.pending;
      this.pending = [];
      for (const input of waiting) {
        if (input.kind === 'request') this.receiveRequest(input.req, clientTarget);
        else this.receiveMessage(input.from, input.m);
      }
    });
  }

  updateSettings(s: NodeSettings): void {
    this.settingsNow = s;
  }

  /** `id`'s zone on the newest ring this node knows (a moved node is there from the move's start, as in the simulator). */
  zoneOf(id: NodeId): string | undefined {
    const find = (ring: Ring | null | undefined) => ring?.members.find((m) => m.id === id);
    return (find(this.rebalancer.next) ?? find(this.ringNow))?.zone;
  }

  /** Swaps the ring at once, moving no data: for hosts that set up a cluster. */
  updateRing(ring: Ring): void {
    this.ringNow = ring;
    this.ctx.membership.setMembers(ring.members.map((m) => m.id), this.ctx.env.now());
  }

  /** A join or leave: moves to `next`, streaming the ranges that change owners (rebalance.ts). */
  beginRingChange(next: Ring, epoch: number): void {
    if (epoch <= this.ringEpoch) return;
    this.ringEpoch = epoch;
    const members = [...new Set([...this.ringNow.members, ...next.members].map((m) => m.id))];
    this.ctx.membership.setMembers(members, this.ctx.env.now());
    this.ctx.env.trace({ type: 'ringChange', epoch, members: next.members.map((m) => m.id) });
    const begin = () => this.rebalancer.begin(next, epoch);
    if (this.ready) begin();
    else this.afterRecovery.push(begin);
  }

  // Input is wrapped (an Input object) only while it must wait for recovery: every delivery
  // comes through here, so the common path allocates nothing.
  onClientRequest(req: ClientRequest): void {
    if (this.ready) this.receiveRequest(req, clientTarget);
    else this.wait({ kind: 'request', req });
  }

  onMessage(from: NodeId, m: Message): void {
    if (this.ready) this.receiveMessage(from, m);
    else this.wait({ kind: 'message', from, m });
  }

  onTimer(t: Timer): void {
    switch (t.type) {
      case 'requestTimeout':
        this.coordinator.onTimeout(t.reqId);
        return;
      case 'replicaTimeout':
        this.coordinator.onReplicaTimeout(t.reqId);
        return;
      case 'forwardTimeout':
        this.onForwardTimeout(t.reqId);
        return;
      case 'gossipTick':
        this.gossiper.onTick();
        return;
      case 'handoffTick':
        this.handoff.onTick();
        return;
      case 'antiEntropyTick':
        this.antiEntropy.onTick();
        return;
      case 'rebalanceTick':
        this.rebalancer.onTick();
        return;
      case 'storageTick':
        this.ctx.store.maintain(this.ctx.env.now());
        this.ctx.env.setTimer(storageTickMs, { type: 'storageTick' });
        return;
      default:
        assertNever(t, 'timer');
    }
  }

  /**
   * Every key this replica holds with its versions, read directly (not through a quorum): a
   * full scan of the storage engine. `via` may stand in for the engine's own device and
   * compressor (an instant view, so that inspecting a run does not change or wait on it).
   */
  scanReplica(done: (r: StoreScan) => void, via?: TableIo): void {
    this.ctx.store.scan(done, via);
  }

  /** A page of this node's keys with their siblings, read directly (inspector); `via` as for scanReplica. */
  inspectKeys(query: KeyQuery, done: (r: KeyPage) => void, via?: TableIo): void {
    this.ctx.store.inspectKeys(query, via, done);
  }

  /**
   * Takes versions from elsewhere (a shared run loaded into a fresh cluster) through the replica
   * write path, as hints where `hintFor` names another node; `done` once all are durable.
   */
  adopt(entries: readonly AdoptedEntry[], done: (r: AdoptResult) => void): void {
    if (this.ready) adoptEntries(this.ctx.store, this.id, entries, done);
    else this.afterRecovery.push(() => adoptEntries(this.ctx.store, this.id, entries, done));
  }

  /** The hints held here as a fallback, by owner, at most `limit` keys each (inspector). */
  hintsHeld(limit: number): { owner: NodeId; keys: { key: string; versions: readonly Version[] }[] }[] {
    const { store } = this.ctx;
    return store.hintOwners().map(({ owner }) => ({ owner, keys: store.hintsFor(owner, limit) }));
  }

  /** This node's Merkle trees, one per peer, built now from its store (inspector). */
  merkleTrees(): MerkleInspection {
    const { store } = this.ctx;
    return inspectMerkleTrees({
      peers: this.ctx.membership.peers(),
      sharedKeys: (peer) => this.antiEntropy.sharedKeys(peer),
      versionsOf: (key) => store.headers(key),
      lastDiffered: (peer) => this.antiEntropy.lastDiffered.get(peer),
    });
  }

  stats(): NodeStats {
    return nodeStatsOf(this.ctx, this.coordinator, this.antiEntropy);
  }

  private wait(input: Input): void {
    if (this.pending.length < maxPendingWhileRecovering) this.pending.push(input);
  }

  /** Validates, then coordinates here if this node may (see below), else forwards once. */
  private receiveRequest(req: ClientRequest, target: ReplyTarget): void {
    const { env } = this.ctx;
    const why = invalidReason(req.op, this.settingsNow, this.ringNow.members.length);
    if (why !== undefined) {
      env.trace({ type: 'quorum', reqId: req.reqId, key: String(req.op.key), ok: false, error: 'invalid', replicas: [] });
      const reply = { reqId: req.reqId, ok: false as const, error: 'invalid' as const, message: why, coordinator: this.id };
      if (target.kind === 'client') env.reply(reply);
      else env.send(target.origin, { type: 'forwardReply', reqId: req.reqId, reply });
      return;
    }
    const pref = preferenceList(this.ringNow, req.op.key, this.settingsNow.n);
    // With sloppy quorum every node is in the key's preference list (replicas, then
    // fallbacks), so the receiving node coordinates itself: availability never hangs on a hop.
    if (target.kind === 'forward' || this.settingsNow.sloppyQuorum || pref.replicas.includes(this.id)) {
      this.coordinator.start(req, target, pref);
      return;
    }
    const to = pref.replicas.find((p) => this.ctx.reachable(p));
    const refusal =
      to === undefined ? 'no replica of the key is reachable to coordinate' : this.forwards.size >= maxOpenForwards ? 'this node has too many forwarded requests open' : undefined;
    if (to === undefined || refusal !== undefined) {
      env.trace({ type: 'quorum', reqId: req.reqId, key: req.op.key, ok: false, error: 'unavailable', replicas: [] });
      env.reply({ reqId: req.reqId, ok: false, error: 'unavailable', message: refusal ?? '', coordinator: null });
      return;
    }
    // The forward waits for the coordinator's own timeout plus a margin for the two hops.
    const timer = env.setTimer(this.settingsNow.requestTimeoutMs * 2, { type: 'forwardTimeout', reqId: req.reqId });
    this.forwards.set(req.reqId, { target: to, timer });
    env.send(to, { type: 'forward', reqId: req.reqId, request: req });
  }

  private receiveMessage(from: NodeId, m: Message): void {
    const { env, store, view } = this.ctx;
    if (view.heardFrom(from, env.now())) env.trace({ type: 'peerView', peer: from, reachable: true });
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
        this.storeReplicaWrite(from, m.reqId, m.key, m.versions, m.hintFor);
        return;
      case 'replicaWriteAck':
        this.coordinator.onWriteAck(m.reqId, from, m.ok);
        return;
      case 'replicaRead':
        // A replica whose disk fails does not answer: the coordinator passes it over, as for a silent one.
        store.readWithHints(m.key, (r) => {
          if (r.ok) env.send(from, { type: 'replicaReadReply', reqId: m.reqId, key: m.key, versions: r.versions });
          else env.trace({ type: 'diskError', message: r.message });
        });
        return;
      case 'replicaReadReply':
        this.coordinator.onReadReply(m.reqId, from, m.versions);
        return;
      case 'readRepair':
        store.merge(m.key, m.versions, (r) => {
          if (r.ok && env.tracing !== false) for (const v of m.versions) env.trace(storedEvent(m.reqId, m.key, v, store.siblingCount(m.key)));
        });
        return;
      case 'gossip':
        this.gossiper.onGossip(m.members, m.ring);
        return;
      case 'handoff':
        this.handoff.onHandoff(from, m.key, m.versions);
        return;
      case 'handoffAck':
        this.handoff.onHandoffAck(from, m.key, m.versions);
        return;
      case 'merkleTree':
        this.antiEntropy.onTree(from, m.level, m.hashes);
        return;
      case 'merkleKeys':
        this.antiEntropy.onKeys(from, m.leaves, m.entries, m.reply);
        return;
      case 'stream':
        this.rebalancer.onStream(from, m.epoch, m.batch, m.entries);
        return;
      case 'streamAck':
        this.rebalancer.onStreamAck(m.batch);
        return;
      case 'streamDone':
        this.rebalancer.onStreamDone(from, m.epoch);
        return;
      case 'ringSwitched':
        this.rebalancer.onSwitched(from, m.epoch);
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

  /** The replica role: merge and ack once durable; as a fallback, hold the versions as a hint. */
  private storeReplicaWrite(from: NodeId, reqId: RequestId, key: string, versions: readonly Version[], hintFor: NodeId | undefined): void {
    const { env, store } = this.ctx;
    const done = (r: { ok: boolean; message?: string }) => {
      if (!r.ok) env.trace({ type: 'diskError', message: r.message ?? 'disk failure' });
      else if (hintFor !== undefined) env.trace({ type: 'hintStored', key, owner: hintFor, reqId });
      else {
        if (env.tracing !== false) for (const v of versions) env.trace(storedEvent(reqId, key, v, store.siblingCount(key)));
        this.rebalancer.passOn(key);
      }
      env.send(from, { type: 'replicaWriteAck', reqId, key, ok: r.ok });
    };
    if (hintFor !== undefined && hintFor !== this.id) store.storeHint(hintFor, key, versions, done);
    else store.merge(key, versions, done);
  }

  private onForwardTimeout(reqId: RequestId): void {
    const f = this.forwards.get(reqId);
    if (f === undefined) return;
    this.forwards.delete(reqId);
    this.coordinator.suspect(f.target);
    this.ctx.env.reply({ reqId, ok: false, error: 'timeout', message: `the coordinator ${f.target} did not answer`, coordinator: f.target });
  }
}
