// Entry of a dedicated module Worker hosting one store node. The main thread controls it through
// comlink and sends client requests over a port of their own, in packets; peers talk to it over
// their own MessagePorts, never through the main thread.
import { expose } from 'comlink';
import type { ClientReply } from '../core/clientApi';
import { foldLogRecord } from '../core/disk';
import type { NodeId } from '../core/ids';
import type { NodeSettings } from '../core/node/settings';
import { databaseName, IdbDisk } from './idbDisk';
import { NodeHost } from './nodeHost';
import { PacketPort } from './packetPort';
import { SimClock } from './simClock';
import { TraceBatcher } from './traceBatcher';
import type { ClockState, LinkState, NetworkModel, NodeInitParams, NodeInspection, NodeStats, NodeWorkerApi, RequestPacket } from './workerProtocol';

/** The worker's single node life; a restart is a new worker, so this is set once. */
let host: NodeHost | null = null;
let clock: SimClock | null = null;
let batcher: TraceBatcher | null = null;
let disk: IdbDisk | null = null;

function started(): NodeHost {
  if (host === null) throw new Error('the node worker was used before init()');
  return host;
}

/** Reports anything that escaped a handler, so the page can show it instead of going quiet. */
function reportFatal(message: string): void {
  batcher?.post({ type: 'fatal', message });
}
self.addEventListener('error', (ev) => {
  // Reported once, here, with the node's trace flushed first; not again by the Worker object.
  ev.preventDefault();
  reportFatal(ev.message);
});
self.addEventListener('unhandledrejection', (ev: PromiseRejectionEvent) => reportFatal(String(ev.reason)));

const api: NodeWorkerApi = {
  async init(params: NodeInitParams) {
    if (host !== null) throw new Error(`this worker already hosts ${host.node.id}`);
    clock = new SimClock(params.clock);
    batcher = new TraceBatcher(params.events);
    const conflicts = params.settings.conflicts;
    disk = new IdbDisk(databaseName(params.clusterName, params.id), (prev, rec) => foldLogRecord(prev, rec, conflicts));
    const h = new NodeHost(params, disk, clock, batcher);
    host = h;
    const replies = new PacketPort<ClientReply>(params.requests);
    params.requests.onmessage = (ev: MessageEvent<RequestPacket>) => h.requests(ev.data, (reply) => replies.push(reply));
    return h.start();
  },
  addPeerPort(peer: NodeId, port: MessagePort) {
    started().links.addPort(peer, port);
  },
  removePeer(peer: NodeId) {
    started().links.removePeer(peer);
  },
  inspect(): NodeInspection {
    const h = started();
    const keys = h.node.keys().sort().map((key) => ({ key, versions: h.node.versionsOf(key) }));
    return { id: h.node.id, keys, stats: h.stats(), ...(disk !== null ? { disk: disk.stats() } : {}) };
  },
  stats(): NodeStats {
    return started().stats();
  },
  setSettings(settings: NodeSettings) {
    started().node.updateSettings(settings);
  },
  setClock(state: ClockState) {
    clock?.set(state);
    host?.clockChanged();
  },
  setNetwork(network: NetworkModel) {
    started().setNetwork(network);
  },
  setLink(link: LinkState) {
    started().links.setLink(link);
  },
  kill() {
    host?.kill();
  },
};

expose(api);
