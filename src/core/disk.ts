/**
 * The durable storage under one node, seen by the protocol: the storage engine's device (replica
 * data: commit log, SSTables) and the hint log (versions held for other replicas, Dynamo keeps
 * them in a separate local database too). Completion is by callback, not promise: the simulator
 * turns each completion into a simulated event, so runs stay bit-exact, and the browser host
 * calls back when the IndexedDB transaction completes.
 */
import type { NodeId } from './ids';
import type { Compressor, StorageDevice, StorageOptions } from './storage';
import type { ConflictMode } from './versions/siblings';
import { mergeSiblings } from './versions/siblings';
import type { Version } from './versions/version';
import { sameDot } from './versions/version';

/**
 * One commit-log record: the versions one write brought to a key. Replay merges them in order,
 * which gives the same siblings in any order. A record with `hintFor` belongs to the hint
 * store (versions held for an unreachable replica, Dynamo §4.6); one with `handedOff` removes
 * those versions from it once the replica has them.
 */
export interface LogRecord {
  readonly key: string;
  readonly versions: readonly Version[];
  readonly hintFor?: NodeId;
  readonly handedOff?: true;
  /**
   * The highest counter each actor had in this slot's versions, kept when a handoff removes
   * them: a coordinator that handed its own hint away must still never mint that dot again.
   * A record whose `hintFor` is the node itself carries only this: the dots of tombstones its
   * storage engine purged, which would otherwise be forgotten at the next restart.
   */
  readonly floor?: Readonly<Record<string, number>>;
}

/** Records with the same slot fold into one: a disk may keep just the fold (log compaction). */
export function logSlot(rec: LogRecord): string {
  return rec.hintFor === undefined ? `d\u0000${rec.key}` : `h\u0000${rec.hintFor}\u0000${rec.key}`;
}

/** Folds a record into the slot's earlier fold; replaying the fold equals replaying both. */
export function foldLogRecord(prev: LogRecord | undefined, rec: LogRecord, mode: ConflictMode): LogRecord {
  if (rec.hintFor === undefined) return { key: rec.key, versions: mergeSiblings(prev?.versions ?? [], rec.versions, mode) };
  const floor = maxFloor(raiseFloor(raiseFloor(prev?.floor ?? {}, prev?.versions ?? []), rec.versions), rec.floor ?? {});
  const versions =
    rec.handedOff === true
      ? (prev?.versions ?? []).filter((v) => !rec.versions.some((x) => sameDot(x, v)))
      : mergeSiblings(prev?.versions ?? [], rec.versions, mode);
  return { key: rec.key, versions, hintFor: rec.hintFor, floor };
}

/** Each actor's higher counter of two floors. */
export function maxFloor(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [actor, c] of Object.entries(b)) if (c > (out[actor] ?? 0)) out[actor] = c;
  return out;
}

/** The floor raised by these versions' dots. */
export function raiseFloor(floor: Readonly<Record<string, number>>, versions: readonly Version[]): Record<string, number> {
  return raiseFloorInPlace({ ...floor }, versions);
}

/** raiseFloor changing `floor` itself: for a floor its owner never hands out. */
export function raiseFloorInPlace(floor: Record<string, number>, versions: readonly Version[]): Record<string, number> {
  for (const v of versions) if (v.dot.counter > (floor[v.dot.node] ?? 0)) floor[v.dot.node] = v.dot.counter;
  return floor;
}

export type DiskResult = { readonly ok: true } | { readonly ok: false; readonly message: string };
export type ReplayResult =
  | { readonly ok: true; readonly records: readonly LogRecord[] }
  | { readonly ok: false; readonly message: string };

export interface Disk {
  /** Appends records to the commit log; `done` fires once they are durable, or failed. */
  append(records: readonly LogRecord[], done: (r: DiskResult) => void): void;
  /** Reads back every durable record in append order, for recovery after a restart. */
  replay(done: (r: ReplayResult) => void): void;
}

/** What a host gives a node to store on; the node opens its storage engine on it at start. */
export interface NodeStorage {
  /** The engine's disk: commit log, SSTable blocks and metadata. */
  readonly device: StorageDevice;
  readonly compressor: Compressor;
  /** The engine's thresholds; the conflict mode is the node's own setting. */
  readonly options: Omit<StorageOptions, 'mode'>;
  /** The hint store's log. */
  readonly hints: Disk;
}
