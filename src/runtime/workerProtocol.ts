// Types only: every message between the main thread and a node worker, and between two node
// workers over their MessagePort. Both sides import these, so a change breaks the build, not a run.
import type { ClientReply, ClientRequest } from '../core/clientApi';
import type { MsgId, NodeId } from '../core/ids';
import type { Message } from '../core/messages';
import type { LatencyModel, SimpleLatency } from '../core/network/latency';
import type { MerkleInspection } from '../core/node/merkleInspection';
import type { KeyQuery } from '../core/node/localStore';
import type { NodeSettings } from '../core/node/settings';
import type { AdoptedEntry, NodeStats as CoreNodeStats } from '../core/node/storeNode';
import type { RingMember } from '../core/ring';
import type { Version } from '../core/versions/version';
import type { DiskStats } from './idbDisk';

export type { KeyQuery } from '../core/node/localStore';

/**
 * The cluster's one clock, as the main thread broadcasts it on every change: at wall-clock
 * `realTime` (ms since the epoch) simulated time was `simTime`, and it advances `speed`
 * simulated ms per real ms unless paused. Each worker derives now() from it, so no tick is sent.
 */
export interface ClockState {
  readonly simTime: number;
  readonly realTime: number;
  readonly speed: number;
  readonly paused: boolean;
  /**
   * A step ("run until"): simulated time runs but stops at `stopAt` in every thread, so what is
   * due by then happens and nothing later does, however late the page's pause arrives.
   */
  readonly stopAt?: number;
}

/**
 * One direction of a link. `epoch` counts the cuts so far: a message stamped with an older
 * epoch than the receiver knows was in flight when the link was cut, and is dropped.
 */
export interface LinkState {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly cut: boolean;
  readonly epoch: number;
  /**
   * Simulated time of the cut that began this epoch, when known (not for links a reload
   * restored). A frame of the epoch before that was due earlier was not in flight when the cut
   * came, though a busy sender may have held it past then: see cutDrops.
   */
  readonly cutAt?: number;
}

/** How every link delays and loses messages: changed live from the settings panel. */
export interface NetworkModel {
  readonly latency: LatencyModel;
  /** Chance that a message is lost on the wire, in [0, 1). */
  readonly lossProbability: number;
  /** Added to a message between nodes of different zones, as in the simulator; none when absent. */
  readonly interZoneLatency?: SimpleLatency;
}

/** What a worker needs to host one node life. */
export interface NodeInitParams {
  readonly id: NodeId;
  /** Times this node's disk was wiped: it writes dots as a new actor after each wipe. */
  readonly incarnation: number;
  /** The ring this life starts on (a joining node: the ring before it joins). */
  readonly members: readonly RingMember[];
  readonly vnodes: number;
  /** The epoch of that ring (ring changes so far); 0 when absent. */
  readonly ringEpoch?: number;
  readonly settings: NodeSettings;
  readonly clusterName: string;
  /** Seeds this life's random streams (protocol and latency draws). */
  readonly seed: number;
  /** Unique per worker life of the cluster, across reloads too: makes message ids unique (clusterIds.ts). */
  readonly life: number;
  readonly latency: LatencyModel;
  /** Chance that a message is lost on the wire; 0 when absent. */
  readonly lossProbability?: number;
  /** Added between zones (a shared run's `interZoneLatency`); none when absent. */
  readonly interZoneLatency?: SimpleLatency;
  readonly clock: ClockState;
  /** Every link state known when the worker starts (cuts outlive a restart). */
  readonly links: readonly LinkState[];
  /** The worker → main event channel: trace batches and failures travel here. */
  readonly events: MessagePort;
  /** The client channel: RequestPackets in, ReplyPackets out (not comlink: one message per task, not per request). */
  readonly requests: MessagePort;
  /** How the node's storage engine writes its IndexedDB database. */
  readonly storage: LiveStorageSettings;
}

/** The storage settings a node starts with (a change applies from its next start). */
export interface LiveStorageSettings {
  /** IndexedDB transaction durability: 'strict' waits for the OS to flush each commit to disk. */
  readonly durability: 'default' | 'strict';
  /** The memtable is flushed to an SSTable once it holds this many encoded bytes. */
  readonly memtableBytesMax: number;
  /**
   * How long a delete's tombstone is kept before a compaction may purge it: long enough for
   * every replica to hear of the delete, or a replica that missed it brings the value back.
   * Absent in clusters saved before it could be set: the engine's default.
   */
  readonly tombstoneGraceMs?: number;
}

/** A node's replica state, read directly (not through a quorum): what `inspect` returns. */
export interface NodeInspection {
  readonly id: NodeId;
  /** Its keys with their siblings: all of them, or the page a key query asked for. */
  readonly keys: readonly { readonly key: string; readonly versions: readonly Version[] }[];
  /** How many keys the node holds, and how many match the query (all of them without one). */
  readonly keyCount: number;
  readonly matchingKeys: number;
  readonly stats: NodeStats;
  /** The hints this node holds as a fallback, by the owner they are for (bounded per owner). */
  readonly hints: readonly { readonly owner: NodeId; readonly keys: readonly { readonly key: string; readonly versions: readonly Version[] }[] }[];
  /** Its Merkle trees, one per peer it shares keys with, with the leaves that last differed. */
  readonly merkle: MerkleInspection;
  /** The hint log's counters, when the node runs on a disk that keeps them. */
  readonly disk?: DiskStats;
  /** Why the keys could not be read (the storage engine failed); `keys` is then empty. */
  readonly readError?: string;
}

/**
 * The node's own stats (keys, membership view, hints, last anti-entropy exchange) plus what
 * only its host knows.
 */
export interface NodeStats extends CoreNodeStats {
  /** Items waiting on the worker's agenda (messages in flight to it, timers). */
  readonly agenda: number;
  /** Packets this worker posted to its peers, and the frames they carried. */
  readonly peerPackets: number;
  readonly peerFrames: number;
}

/** The control surface a node worker exposes through comlink. */
export interface NodeWorkerApi {
  /** Starts the node; resolves once its commit log is replayed (it serves from then on). */
  init(params: NodeInitParams): Promise<{ readonly records: number; readonly ok: boolean }>;
  /** Hands over this worker's end of the channel to `peer`, replacing any earlier one. */
  addPeerPort(peer: NodeId, port: MessagePort): void;
  /** The peer died: its channel is closed, and what is sent to it is dropped as `dead`. */
  removePeer(peer: NodeId): void;
  /**
   * The node's state, read directly. Without a query, every key (a full scan of its storage
   * engine: tests and benches); with one, only that page of keys is read.
   */
  inspect(query?: KeyQuery): Promise<NodeInspection>;
  stats(): NodeStats;
  setSettings(settings: NodeSettings): void;
  setClock(clock: ClockState): void;
  setNetwork(network: NetworkModel): void;
  setLink(link: LinkState): void;
  /** Stores versions from a loaded run through the node's replica-write path; resolves once durable. */
  adopt(entries: readonly AdoptedEntry[]): Promise<{ readonly ok: boolean; readonly message?: string }>;
  /** A join or leave: the node moves to the ring of `members` at `epoch`, streaming what moves. */
  beginRingChange(members: readonly RingMember[], vnodes: number, epoch: number): void;
  /** The node dies: it traces what it held undelivered as dropped, then awaits termination. */
  kill(): void;
}

/** Worker → worker, over the pair's MessagePort. */
export type PeerFrame = {
  readonly type: 'message';
  readonly msgId: MsgId;
  readonly from: NodeId;
  readonly m: Message;
  /** Simulated time the receiver may deliver it: send time plus the sampled latency. */
  readonly deliverAt: number;
  /** The link's epoch as the sender knew it when sending. */
  readonly epoch: number;
};

/** Worker → worker: every frame one node sent another during one turn, in send order (as JSON text: packetPort.ts). */
export type PeerPacket = readonly PeerFrame[];

/** Main thread → worker over the requests port: the client requests of one main-thread task. */
export type RequestPacket = readonly ClientRequest[];
/** Worker → main thread over the requests port: the replies of one agenda turn. */
export type ReplyPacket = readonly ClientReply[];

/** Worker → main thread, over the events port. Never one message per trace event. */
export type WorkerEvent =
  /** `bytes`: `events` trace events, as traceCodec.ts writes them (transferred, not cloned). */
  | { readonly type: 'trace'; readonly events: number; readonly bytes: Uint8Array<ArrayBuffer>; readonly droppedEvents: number }
  | { readonly type: 'fatal'; readonly message: string };
