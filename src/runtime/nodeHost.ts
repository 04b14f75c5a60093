// Hosts one StoreNode inside a worker: implements its NodeEnv over the local agenda (simulated
// time), the peer MessagePorts and a Disk, and stamps every trace event. The worker's brain.
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { NodeStorage } from '../core/disk';
import type { NodeEnv, Timer } from '../core/env';
import type { ClientId, MsgId, NodeId, RequestId, TimerId } from '../core/ids';
import { msgId as toMsgId, timerId as toTimerId } from '../core/ids';
import type { Message } from '../core/messages';
import { messageClass } from '../core/messages';
import { deliverEvent, dropEvent, sendEvent } from '../core/messageTrace';
import type { LatencyModel, MessageClass, SimpleLatency } from '../core/network/latency';
import { hopLatencyMs } from '../core/network/latency';
import type { AdoptedEntry } from '../core/node/storeNode';
import { StoreNode } from '../core/node/storeNode';
import type { Random } from '../core/prng';
import { createRandom, deriveSeed } from '../core/prng';
import { buildRing } from '../core/ring';
import type { DropReason, HostTraceEvent, NodeTraceEvent } from '../core/trace';
import { assertNever } from '../core/assertNever';
import type { QueueHandle } from '../core/timedQueue';
import { AgendaLoop } from './agendaLoop';
import type { FlushScheduler } from './packetPort';
import { cutDrops, PeerLinks } from './peerLinks';
import { msgIdsPerLife } from './clusterIds';
import { agendaStorage } from './storage/agendaStorage';
import type { SimClock } from './simClock';
import type { TraceBatcher } from './traceBatcher';
import type { NetworkModel, NodeInitParams, NodeStats, PeerFrame } from './workerProtocol';

/** Items held on the agenda until their simulated time. */
type AgendaItem =
  | { readonly type: 'deliver'; readonly frame: PeerFrame }
  | { readonly type: 'timer'; readonly id: TimerId; readonly timer: Timer }
  | { readonly type: 'request'; readonly req: ClientRequest }
  | { readonly type: 'reply'; readonly reply: ClientReply }
  /** A disk completion: it waits its turn (and for resume) like everything else. */
  | { readonly type: 'call'; readonly run: () => void };

/** Messages and timers held at once; past it incoming frames are dropped as lost. */
export const agendaMax = 200_000;

export class NodeHost {
  readonly node: StoreNode;
  readonly links: PeerLinks;
  private readonly loop: AgendaLoop<AgendaItem>;
  private readonly id: NodeId;
  private latency: LatencyModel;
  private lossProbability: number;
  private interZoneLatency: SimpleLatency | undefined;
  private readonly networkRandom: Random;
  /**
   * Who gets each client request's reply (the worker's reply packets, or a test's promise), and
   * the client that asked: the reply's hop back to it is traced.
   */
  private readonly waiting = new Map<RequestId, { readonly client: ClientId; readonly answer: (r: ClientReply) => void }>();
  /** Timers set and not yet fired, so that a cleared one leaves the agenda at once. */
  private readonly timers = new Map<TimerId, QueueHandle>();
  private nextTimerId = 1;
  private nextMsgSeq = 1;
  private readonly msgIdBase: number;
  private recovered: ((r: { records: number; ok: boolean }) => void) | null = null;
  private dead = false;

  constructor(
    params: Omit<NodeInitParams, 'events' | 'requests'>,
    storage: NodeStorage,
    private readonly clock: SimClock,
    private readonly batcher: TraceBatcher,
    /** When frames to peers go out (the worker shares one with its reply port); default: at the end of each task. */
    flushes?: FlushScheduler,
  ) {
    this.id = params.id;
    this.latency = params.latency;
    this.lossProbability = params.lossProbability ?? 0;
    this.interZoneLatency = params.interZoneLatency;
    this.msgIdBase = params.life * msgIdsPerLife;
    this.networkRandom = createRandom(deriveSeed(params.seed, `network:${params.id}`));
    this.loop = new AgendaLoop(clock, (item) => this.dispatch(item));
    this.links = new PeerLinks((frames) => this.loop.arriving(() => frames.forEach((f) => this.receive(f))), flushes);
    for (const link of params.links) this.links.setLink(link);
    const ring = buildRing(params.members, params.vnodes);
    this.node = new StoreNode({ id: params.id, incarnation: params.incarnation, ring, ringEpoch: params.ringEpoch ?? 0, settings: params.settings, env: this.env(storage, createRandom(deriveSeed(params.seed, `node:${params.id}`))) });
  }

  /** Opens the storage engine and replays its commit log; resolves once the node serves. */
  start(): Promise<{ records: number; ok: boolean }> {
    return new Promise((resolve) => {
      this.recovered = resolve;
      this.node.start();
    });
  }

  /** A packet of client requests from the main thread; each reply goes to `answer`. */
  requests(reqs: readonly ClientRequest[], answer: (r: ClientReply) => void): void {
    this.loop.arriving(() => {
      for (const req of reqs) {
        this.waiting.set(req.reqId, { client: req.client, answer });
        // The hop's latency is sampled here, so its delivery time is traced here: the ring draws
        // the request on its way, as it draws a message between nodes from its send.
        const deliverAt = this.clock.now() + this.hopMs('other');
        this.traceHost(req.client, { type: 'clientHop', leg: 'request', client: req.client, reqId: req.reqId, to: this.id, deliverAt });
        this.loop.push(deliverAt, { type: 'request', req });
      }
    });
  }

  request(req: ClientRequest): Promise<ClientReply> {
    return new Promise((resolve) => this.requests([req], resolve));
  }

  /** New latency and loss for what this node sends from now on; messages in flight keep theirs. */
  setNetwork(network: NetworkModel): void {
    this.latency = network.latency;
    this.lossProbability = network.lossProbability;
    this.interZoneLatency = network.interZoneLatency;
  }

  /** Versions from a loaded run, stored in the agenda's order like any other input. */
  adopt(entries: readonly AdoptedEntry[]): Promise<{ ok: boolean; message?: string }> {
    return new Promise((resolve) => this.later(() => this.node.adopt(entries, resolve)));
  }

  clockChanged(): void {
    this.loop.clockChanged();
  }

  /** Stops the agenda and closes every peer channel (tests; a worker is simply terminated). */
  stop(): void {
    this.loop.stop();
    this.links.closeAll();
  }

  /**
   * The node dies: nothing more is handled, and every message it held but had not yet
   * delivered is traced as dropped (`dead`), as is any that still arrives, so the trace shows
   * what the kill lost. The main thread terminates the worker right after.
   */
  kill(): void {
    this.dead = true;
    this.links.flushAll();
    for (const item of this.loop.stop()) if (item.type === 'deliver') this.dropDead(item.frame);
    this.batcher.flush();
  }

  private dropDead(frame: PeerFrame): void {
    this.traceHost(frame.from, dropEvent(frame.msgId, this.id, frame.m, 'dead'));
  }

  stats(): NodeStats {
    return { ...this.node.stats(), agenda: this.loop.size, peerPackets: this.links.sent.packets, peerFrames: this.links.sent.items };
  }

  private env(storage: NodeStorage, random: Random): NodeEnv {
    return {
      now: () => this.clock.now(),
      send: (to, m) => this.send(to, m),
      reply: (reply) => {
        const deliverAt = this.clock.now() + this.hopMs('other');
        const client = this.waiting.get(reply.reqId)?.client;
        if (client !== undefined) this.traceHost(this.id, { type: 'clientHop', leg: 'reply', client, reqId: reply.reqId, to: client, deliverAt });
        this.loop.push(deliverAt, { type: 'reply', reply });
      },
      setTimer: (afterMs, timer) => {
        const id = toTimerId(this.nextTimerId++);
        const handle = this.loop.push(this.clock.now() + afterMs, { type: 'timer', id, timer });
        if (handle !== null) this.timers.set(id, handle);
        return id;
      },
      clearTimer: (id) => {
        const handle = this.timers.get(id);
        if (handle === undefined) return;
        this.timers.delete(id);
        this.loop.remove(handle);
      },
      random,
      storage: agendaStorage(storage, (run) => this.later(run)),
      trace: (e) => this.traceNode(e),
    };
  }

  /**
   * A completion (IndexedDB, compression, a loaded run) arrives in a task of its own, like a
   * packet: it runs in that task, after what is due before it, instead of costing a yield
   * through the MessageChannel and a task more. Inside a handler it only queues.
   */
  private later(run: () => void): void {
    this.loop.arriving(() => this.loop.push(this.clock.now(), { type: 'call', run }));
  }

  private send(to: NodeId, m: Message): void {
    const mid = toMsgId(this.msgIdBase + this.nextMsgSeq++);
    const now = this.clock.now();
    const link = this.links.link(this.id, to);
    if (link.cut) return this.dropAtSend(mid, to, m, now, 'cut');
    if (!this.links.hasPeer(to)) return this.dropAtSend(mid, to, m, now, 'dead');
    // Drawn from the network stream, so a seed still replays which messages were lost.
    if (this.lossProbability > 0 && this.networkRandom() < this.lossProbability) return this.dropAtSend(mid, to, m, now, 'loss');
    const deliverAt = now + this.hopMs(messageClass(m), to);
    this.traceHost(this.id, sendEvent(mid, to, m, deliverAt));
    this.links.post(to, { type: 'message', msgId: mid, from: this.id, m, deliverAt, epoch: link.epoch });
  }

  private dropAtSend(mid: MsgId, to: NodeId, m: Message, now: number, reason: DropReason): void {
    this.traceHost(this.id, sendEvent(mid, to, m, now));
    this.traceHost(this.id, dropEvent(mid, to, m, reason));
  }

  /** A frame arrived on a peer port: hold it until its delivery time (latency is applied here). */
  private receive(frame: PeerFrame): void {
    if (this.dead) {
      this.dropDead(frame);
      return;
    }
    if (this.loop.size >= agendaMax) {
      this.traceHost(frame.from, dropEvent(frame.msgId, this.id, frame.m, 'overload'));
      return;
    }
    this.loop.push(frame.deliverAt, { type: 'deliver', frame });
  }

  private dispatch(item: AgendaItem): void {
    switch (item.type) {
      case 'deliver': {
        const { frame } = item;
        const link = this.links.link(frame.from, this.id);
        // Cut while it was in flight, or sent on a link still cut: it never arrives.
        if (cutDrops(link, frame)) {
          this.traceHost(frame.from, dropEvent(frame.msgId, this.id, frame.m, 'cut'));
          return;
        }
        this.traceHost(this.id, deliverEvent(frame.msgId, frame.from, frame.m));
        this.node.onMessage(frame.from, frame.m);
        return;
      }
      case 'timer':
        this.timers.delete(item.id);
        this.node.onTimer(item.timer);
        return;
      case 'request': {
        const { req } = item;
        this.traceHost(this.id, { type: 'clientRequest', client: req.client, reqId: req.reqId, op: req.op.kind, key: req.op.key });
        this.node.onClientRequest(req);
        return;
      }
      case 'reply': {
        const waiting = this.waiting.get(item.reply.reqId);
        this.waiting.delete(item.reply.reqId);
        waiting?.answer(item.reply);
        return;
      }
      case 'call':
        item.run();
        return;
      default:
        assertNever(item, 'agenda item');
    }
  }

  /** One message's latency; between two nodes of different zones the inter-zone delay is added, as in the simulator. */
  private hopMs(cls: MessageClass, to?: NodeId): number {
    return hopLatencyMs(this.latency, this.interZoneLatency, cls, this.networkRandom, this.zoneOf, this.id, to);
  }

  /** Made once, not per message: every send samples a latency. */
  private readonly zoneOf = (id: NodeId): string | undefined => this.node.zoneOf(id);

  private traceNode(e: NodeTraceEvent): void {
    if (this.recovered !== null && (e.type === 'recovered' || e.type === 'diskError')) {
      this.recovered(e.type === 'recovered' ? { records: e.records, ok: true } : { records: 0, ok: false });
      this.recovered = null;
    }
    this.batcher.push(e, this.clock.now(), this.id);
  }

  private traceHost(lane: NodeId | ClientId, e: HostTraceEvent): void {
    this.batcher.push(e, this.clock.now(), lane);
  }
}
