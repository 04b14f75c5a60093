/**
 * The storage engine's only way to persist. Callback-based, so the simulator turns each
 * completion into a simulated event; every operation is atomic and reports `{ ok: false }` on failure.
 */
import type { Version } from '../versions/version';
import type { BloomFilterData } from './bloomFilter';

/** Why an operation failed, for a person to read (quota, blocked database, aborted transaction). */
export interface DeviceFailure {
  readonly ok: false;
  readonly message: string;
}

export type DeviceResult = { readonly ok: true } | DeviceFailure;
export type DeviceValue<T> = { readonly ok: true; readonly value: T } | DeviceFailure;

export const deviceOk: DeviceResult = Object.freeze({ ok: true });

/**
 * One commit-log record: the versions one write merged into a key. Sequence numbers follow
 * arrival order and never repeat, so "truncate through n" names exactly what a flush covered.
 */
export interface CommitRecord {
  readonly seq: number;
  readonly key: string;
  readonly versions: readonly Version[];
}

/**
 * What the engine keeps in memory about an SSTable, written with it and listed at recovery, so a
 * restart rebuilds the read path without reading a single block: the sparse index (first key of
 * each block), the bloom filter, and the sizes the stats report.
 */
export interface TableMeta {
  /** Unique per device; a larger id was written later. */
  readonly id: number;
  /** Every commit-log record up to this sequence number is in this table or an older one. */
  readonly maxSeq: number;
  readonly entryCount: number;
  readonly firstKey: string;
  readonly lastKey: string;
  /** The sparse index: block i holds the keys from blockFirstKeys[i] up to the next block's first key. */
  readonly blockFirstKeys: readonly string[];
  /**
   * How the data and headers blocks are encoded: 'binary-v1' (sstableFormat.ts), or absent in
   * tables written before it, whose blocks are JSON (jsonBlock.ts). A format this build does not
   * know (a newer build's) is a failure to read, never a guess.
   */
  readonly blockFormat?: 'binary-v1';
  /**
   * JSON tables only: where each entry of block i starts in the block's JSON (UTF-16 code units),
   * so a point read finds its key without scanning the block's text. Absent in JSON tables
   * written before it existed (their blocks are scanned) and in binary ones (a binary block
   * holds its own offsets).
   */
  readonly blockEntryStarts?: readonly (readonly number[])[];
  /** Encoded bytes before compression, summed over blocks (the headers block included). */
  readonly rawBytes: number;
  /** Bytes of the compressed blocks as stored. */
  readonly storedBytes: number;
  readonly bloom: BloomFilterData;
  /**
   * The block (after the data blocks, stored uncompressed: headersBlock.ts) holding every key's
   * version headers without values, written in the same atomic write as the rest. Absent in tables written before it existed: recovery
   * then decodes their data blocks instead.
   */
  readonly headersBlock?: number;
  /** The Compressor that wrote the blocks: a table is only read back through the same one. */
  readonly compression: string;
}

/** The operations a device offers, named so a scheduler can give each kind its own latency. */
export type DeviceOpKind =
  | 'appendLog'
  | 'readLog'
  | 'truncateLog'
  | 'writeTable'
  | 'readBlock'
  | 'listTables'
  | 'deleteTables';

export interface StorageDevice {
  /** Appends one group-commit batch atomically; `done` fires once it is durable, or failed. */
  appendLog(records: readonly CommitRecord[], done: (r: DeviceResult) => void): void;
  /** Every durable log record, in sequence order. */
  readLog(done: (r: DeviceValue<readonly CommitRecord[]>) => void): void;
  /** Drops the log records with seq ≤ throughSeq: a flushed table now holds them. */
  truncateLog(throughSeq: number, done: (r: DeviceResult) => void): void;
  /**
   * Writes an immutable table, its blocks and its metadata, all or nothing. The blocks are handed
   * over: the caller never changes them afterwards, so a device may keep them as they are.
   */
  writeTable(meta: TableMeta, blocks: readonly Uint8Array[], done: (r: DeviceResult) => void): void;
  /** One stored (compressed) block of a table; the reader must not change the bytes (a device may share them). */
  readBlock(tableId: number, blockIndex: number, done: (r: DeviceValue<Uint8Array>) => void): void;
  /** The metadata of every table on the device, in any order. */
  listTables(done: (r: DeviceValue<readonly TableMeta[]>) => void): void;
  /** Deletes tables (blocks and metadata) that a compaction replaced. */
  deleteTables(tableIds: readonly number[], done: (r: DeviceResult) => void): void;
}
