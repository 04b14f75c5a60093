/**
 * The engine's settings and the results it reports. Pure data. Storage failures carry the
 * client error table's `storage` code and say whether the write is known not to have happened.
 */
import type { ConflictMode } from '../versions/siblings';
import type { Version } from '../versions/version';

export interface StorageOptions {
  readonly mode: ConflictMode;
  /** The active memtable is frozen and flushed once its entries pass this many encoded bytes. */
  readonly memtableBytesMax: number;
  /** Encoded bytes per SSTable block before compression: what one point read decompresses. */
  readonly blockBytesTarget: number;
  /** Bloom filter bits per key; 10 gives about 0.8% false positives. */
  readonly bloomBitsPerKey: number;
  /**
   * Hot keys' SSTable answers kept in memory, up to about this many bytes of heap (a value by
   * its length, plus about 100 bytes a version); 0 turns the cache off.
   */
  readonly cacheBytesMax: number;
  /** Decoded SSTable blocks kept for point reads (about `blockBytesTarget` each); 0 turns it off. */
  readonly blockCacheBlocksMax: number;
  /** Records waiting for the next group commit; past this a write fails at once. */
  readonly logQueueRecordsMax: number;
  /** Size-tiered compaction merges a bucket of similar tables once it has this many... */
  readonly compactionTablesMin: number;
  /** ...and at most this many at a time. */
  readonly compactionTablesMax: number;
  /**
   * How long a tombstone outlives its delete. It must exceed the longest a hint or an
   * anti-entropy round can lag: an older version arriving later must still meet it.
   */
  readonly tombstoneGraceMs: number;
}

/**
 * Defaults sized for a playground node (small values, thousands of keys): flushes and
 * compactions happen often enough to watch. Cassandra's gc_grace is ten days; ten simulated
 * minutes outlast any hint or anti-entropy interval a scenario sets.
 */
export const defaultStorageOptions: StorageOptions = {
  mode: 'vclock',
  memtableBytesMax: 64 * 1024,
  blockBytesTarget: 4 * 1024,
  bloomBitsPerKey: 10,
  // As much as the block cache. A key's answer is often spread over several tables, and a
  // cached one skips the bloom filters, the block searches, the decoding and the merge across
  // tables. It was 1,024 keys: in the simulator bench's workload (about 6,000 keys a node,
  // 100-byte values, a few siblings each) one read in seven hit; at 8 MB about seven in ten do
  // (every read but a key's first after it reaches a table), the CPU per delivery falls by a
  // fifth, and the heap is smaller, since fewer blocks' entries are decoded and kept.
  cacheBytesMax: 8 * 1024 * 1024,
  // 8 MB of decoded 4 KB blocks, RocksDB's default block cache: a node's working set of tens of
  // thousands of small entries stays in memory. At 512, a node holding 12,000 keys (20,000 put
  // through N=3 on 5 nodes, about 630 blocks) sent one get in five to IndexedDB and
  // DecompressionStream, about 140 µs of CPU each over the worker and the browser's threads.
  blockCacheBlocksMax: 2048,
  logQueueRecordsMax: 50_000,
  compactionTablesMin: 4,
  compactionTablesMax: 32,
  tombstoneGraceMs: 10 * 60 * 1000,
};

/** Frozen plus active memtables may hold this many times `memtableBytesMax` before writes are refused. */
export const memtableBacklogFactor = 4;

/** A reason the options cannot work, or undefined. */
export function invalidStorageOptions(o: StorageOptions): string | undefined {
  const positive: [string, number][] = [
    ['memtableBytesMax', o.memtableBytesMax],
    ['blockBytesTarget', o.blockBytesTarget],
    ['bloomBitsPerKey', o.bloomBitsPerKey],
    ['logQueueRecordsMax', o.logQueueRecordsMax],
    ['compactionTablesMax', o.compactionTablesMax],
  ];
  for (const [name, value] of positive) if (!(value > 0)) return `${name} must be positive (got ${value})`;
  if (!(o.cacheBytesMax >= 0)) return `cacheBytesMax must be 0 or more (got ${o.cacheBytesMax})`;
  if (!(o.blockCacheBlocksMax >= 0)) return `blockCacheBlocksMax must be 0 or more (got ${o.blockCacheBlocksMax})`;
  if (!(o.tombstoneGraceMs >= 0)) return `tombstoneGraceMs must be 0 or more (got ${o.tombstoneGraceMs})`;
  if (!(o.compactionTablesMin >= 2)) return `compactionTablesMin must be at least 2 (got ${o.compactionTablesMin})`;
  return undefined;
}

/**
 * A storage failure. `definite` is true when the write is known not to have happened (refused
 * before it touched memory or the log); a failed log append is indefinite: the write is in the
 * memtable and may still reach an SSTable.
 */
export interface StorageFailure {
  readonly ok: false;
  readonly error: 'storage';
  readonly definite: boolean;
  readonly message: string;
}

export type StorageResult = { readonly ok: true } | StorageFailure;
export type StorageRead = { readonly ok: true; readonly versions: readonly Version[] } | StorageFailure;

export interface CompactionReport {
  readonly ok: true;
  readonly tablesIn: number;
  readonly tablesOut: number;
  readonly versionsDropped: number;
  readonly tombstonesDropped: number;
  /** Keys whose expired tombstones were purged (their readers may hold stale copies). */
  readonly purgedKeys: readonly string[];
}

export function storageFailure(message: string, definite: boolean): StorageFailure {
  return { ok: false, error: 'storage', definite, message };
}

export const storageOk: StorageResult = Object.freeze({ ok: true });
