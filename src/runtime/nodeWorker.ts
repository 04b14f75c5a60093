// Entry of a dedicated module Worker hosting one store node. The main thread controls it through
// comlink and sends client requests over a port of their own, in packets; peers talk to it over
// their own MessagePorts, never through the main thread.
import { expose } from 'comlink';
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { NodeStorage } from '../core/disk';
import { foldLogRecord } from '../core/disk';
import type { NodeId } from '../core/ids';
import type { NodeSettings } from '../core/node/settings';
import type { AdoptedEntry, StoreNode } from '../core/node/storeNode';
import type { KeyPage, KeyQuery, StoreScan } from '../core/node/localStore';
import type { RingMember } from '../core/ring';
import { buildRing } from '../core/ring';
import type { Compressor, StorageDevice } from '../core/storage';
import { compareKeys } from '../core/storage';
import { IdbDisk, nodeDatabaseNames } from './idbDisk';
import { NodeHost } from './nodeHost';
import { onPackets, PacketPort, whenIdle } from './packetPort';
import { SimClock } from './simClock';
import { TraceBatcher } from './traceBatcher';
import { deviceWhenOpen, failedDevice } from './storage/agendaStorage';
import { openIdbDevice } from './storage/idbDevice';
import { storageOptionsOf } from './storage/liveStorageOptions';
import { streamCompressor } from './storage/streamCompressor';
import type { ClockState, LinkState, NetworkModel, NodeInitParams, NodeInspection, NodeStats, NodeWorkerApi } from './workerProtocol';

/** Hinted keys the inspector lists per owner: enough to read, bounded for a big hint store. */
const inspectHintsPerOwner = 50;

/** The worker's single node life; a restart is a new worker, so this is set once. */
let host: NodeHost | null = null;
let clock: SimClock | null = null;
let batcher: TraceBatcher | null = null;
let disk: IdbDisk | null = null;
let replies: PacketPort<ClientReply> | null = null;
/** The engine's own device and compressor, unwrapped: the inspector scans through them without waiting on the agenda. */
let rawIo: { device: StorageDevice; compressor: Compressor } | null = null;

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
  init(params: NodeInitParams) {
    if (host !== null) throw new Error(`this worker already hosts ${host.node.id}`);
    clock = new SimClock(params.clock);
    batcher = new TraceBatcher(params.events);
    const conflicts = params.settings.conflicts;
    const names = nodeDatabaseNames(params.clusterName, params.id);
    const { durability } = params.storage;
    // A database that cannot open (quota, another tab, a newer schema) gives a device that fails
    // every operation: the node starts, reports the `storage` error, and writes nothing.
    const opening = openIdbDevice(names.engine, { durability }).then((opened) => (opened.ok ? opened.value : failedDevice(opened.message)));
    const device = deviceWhenOpen(opening);
    rawIo = { device, compressor: streamCompressor('deflate-raw') };
    disk = new IdbDisk(names.hints, (prev, rec) => foldLogRecord(prev, rec, conflicts), durability);
    const storage: NodeStorage = { ...rawIo, options: storageOptionsOf(params.storage), hints: disk };
    // Frames to every peer and replies to the page go out once the worker has nothing else to
    // do, not at the end of each task: a busy node handles several packets in a row, and their
    // frames to one peer travel together (one background task per turn for all ports).
    const flushes = whenIdle();
    const h = new NodeHost(params, storage, clock, batcher, flushes);
    host = h;
    const out = new PacketPort<ClientReply>(params.requests, flushes);
    replies = out;
    onPackets<ClientRequest>(params.requests, (reqs) => h.requests(reqs, (reply) => out.push(reply)));
    return h.start();
  },
  addPeerPort(peer: NodeId, port: MessagePort) {
    started().links.addPort(peer, port);
  },
  removePeer(peer: NodeId) {
    started().links.removePeer(peer);
  },
  async inspect(query?: KeyQuery): Promise<NodeInspection> {
    const h = started();
    const page = await (query === undefined ? allKeys(h.node) : new Promise<KeyPage>((resolve) => h.node.inspectKeys(query, resolve, rawIo ?? undefined)));
    const keys = page.ok ? { keys: page.keys, keyCount: page.total, matchingKeys: page.matching } : { keys: [], keyCount: 0, matchingKeys: 0, readError: page.message };
    const hints = h.node.hintsHeld(inspectHintsPerOwner);
    return { id: h.node.id, ...keys, stats: h.stats(), hints, merkle: h.node.merkleTrees(), ...(disk !== null ? { disk: disk.stats() } : {}) };
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
  adopt(entries: readonly AdoptedEntry[]) {
    return started().adopt(entries);
  },
  beginRingChange(members: readonly RingMember[], vnodes: number, epoch: number) {
    started().node.beginRingChange(buildRing(members, vnodes), epoch);
  },
  kill() {
    host?.kill();
    replies?.flush();
  },
};

/** Every key of the node, by a full scan of its storage engine, in key order. */
async function allKeys(node: StoreNode): Promise<KeyPage> {
  const scan = await new Promise<StoreScan>((resolve) => node.scanReplica(resolve, rawIo ?? undefined));
  if (!scan.ok) return scan;
  const keys = [...scan.keys].filter(([, versions]) => versions.length > 0).sort(([a], [b]) => compareKeys(a, b)).map(([key, versions]) => ({ key, versions }));
  return { ok: true, keys, matching: keys.length, total: keys.length };
}

expose(api);
