// The main thread's handle on one node life: its Worker, the comlink proxy, the events port and
// the client requests still waiting on it. Killing the life answers those requests; it never
// leaves a promise hanging on a terminated worker.
import type { Remote } from 'comlink';
import { transfer, wrap } from 'comlink';
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { NodeId, RequestId } from '../core/ids';
import { nodeWorker } from './nodeWorkers';
import type { PacketCounts } from './packetPort';
import { afterQueuedTasks, onPackets, PacketPort } from './packetPort';
import type { NodeInitParams, NodeWorkerApi, WorkerEvent } from './workerProtocol';

export type NodeInitArgs = Omit<NodeInitParams, 'events' | 'requests'>;

/** One for every node's handle: one self-message per turn, however many nodes get requests. */
const pageFlush = afterQueuedTasks();

/** Request packets the page has posted to every node, and the requests they carried (the bench reads it). */
export const requestPackets: PacketCounts = { packets: 0, items: 0 };

const noop = () => undefined;

/** How long a dying node may take to report its lost messages before it is terminated. */
const killGraceMs = 100;

export class NodeHandle {
  readonly api: Remote<NodeWorkerApi>;
  private readonly worker: Worker;
  private readonly events: MessageChannel;
  /** Client requests out, one packet per turn of the page's queue; replies come back on the same channel. */
  private readonly requests = new MessageChannel();
  private readonly requestsOut = new PacketPort<ClientRequest>(this.requests.port1, pageFlush, requestPackets);
  private readonly waiting = new Map<RequestId, (r: ClientReply) => void>();
  private alive = true;
  private terminated: Promise<void> = Promise.resolve();

  constructor(
    readonly id: NodeId,
    onEvent: (id: NodeId, e: WorkerEvent) => void,
  ) {
    this.worker = nodeWorker(`ringlab node ${id}`);
    this.worker.addEventListener('error', (ev) => {
      onEvent(id, { type: 'fatal', message: ev.message || 'the node worker failed to start' });
    });
    this.events = new MessageChannel();
    this.events.port1.onmessage = (ev: MessageEvent<WorkerEvent>) => onEvent(id, ev.data);
    this.api = wrap<NodeWorkerApi>(this.worker);
    onPackets<ClientReply>(this.requests.port1, (replies) => {
      for (const reply of replies) this.settle(reply.reqId, reply);
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Starts the node in its worker; resolves once it has replayed its commit log. */
  init(args: NodeInitArgs): Promise<{ readonly records: number; readonly ok: boolean }> {
    const events = this.events.port2;
    const requests = this.requests.port2;
    return this.api.init(transfer({ ...args, events, requests }, [events, requests]));
  }

  /** Hands a fresh channel end for `peer` to this worker. */
  connect(peer: NodeId, port: MessagePort): void {
    void this.api.addPeerPort(peer, transfer(port, [port]));
  }

  /** Sends a client request; a kill answers it with an indefinite timeout. */
  request(req: ClientRequest): Promise<ClientReply> {
    return new Promise((resolve) => {
      this.waiting.set(req.reqId, resolve);
      // A node being killed takes nothing new: the request is answered as the dying node's others are.
      if (this.alive) this.requestsOut.push(req);
      else void this.terminated.then(() => this.failWaiting());
    });
  }

  /**
   * Ends this life: the worker and its memory are gone; its IndexedDB database stays. The node
   * first gets a moment to trace what it held undelivered as dropped; a hung one is cut short.
   * Resolves once the worker is terminated: until then it may still start database work, so the
   * node's next life (or a wipe) waits for it.
   */
  terminate(): Promise<void> {
    if (!this.alive) return this.terminated;
    this.alive = false;
    const last = Promise.race([this.api.kill(), new Promise((r) => setTimeout(r, killGraceMs))]);
    // One task after the kill answered: the replies it flushed as it died travel on the requests
    // port, and a reply the node sent is an answer, not a timeout.
    const landed = last.then(noop, noop).then(() => new Promise((r) => setTimeout(r, 0)));
    this.terminated = landed.then(() => {
      this.failWaiting();
      this.worker.terminate();
      // The last trace batch travels on its own port: leave it time to land before closing.
      setTimeout(() => this.events.port1.close(), killGraceMs);
      this.requests.port1.close();
    });
    return this.terminated;
  }

  /** Answers every request still waiting with an indefinite timeout: the node died first. */
  private failWaiting(): void {
    for (const [reqId, resolve] of this.waiting) {
      resolve({ reqId, ok: false, error: 'timeout', message: `node ${this.id} was killed before it answered; the write may have happened`, coordinator: this.id });
    }
    this.waiting.clear();
  }

  private settle(reqId: RequestId, reply: ClientReply): void {
    const resolve = this.waiting.get(reqId);
    this.waiting.delete(reqId);
    resolve?.(reply);
  }
}
